#pragma once

#include "backend/core/Result.h"
#include "backend/storage/ObjectStore.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Storage {

// The XML documents of the S3 REST API that the store reads and writes.
class S3Xml final
{
public:
    struct ErrorBody
    {
        QString code;    // "NoSuchKey", "SignatureDoesNotMatch"…; empty if the body is no <Error>
        QString message;
    };

    struct ListPage
    {
        QList<ObjectInfo> objects; // keys as the server sent them (store prefix included)
        bool truncated = false;
        QString nextToken;
    };

    struct DeleteFailure
    {
        QString key;
        QString code;
        QString message;
    };

    static ErrorBody parseError(const QByteArray& xml);
    static Core::Result<ListPage> parseListObjectsV2(const QByteArray& xml);
    // UploadId of an InitiateMultipartUploadResult; empty when missing.
    static QString parseUploadId(const QByteArray& xml);
    static QList<DeleteFailure> parseDeleteResult(const QByteArray& xml);

    static QByteArray completeMultipartUpload(const QList<QByteArray>& partETags);
    static QByteArray deleteObjects(const QStringList& keys);
};

} // namespace Storage
