#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace Storage {

// AWS Signature Version 4, header authentication (Authorization + x-amz-date +
// x-amz-content-sha256), as specified for S3: the canonical URI is encoded once (no double
// encoding, no dot-segment normalisation) and every query value is RFC 3986-encoded.
// Pure computation: no I/O, safe to use from several threads.
class SigV4Signer final
{
public:
    using Header = QPair<QByteArray, QByteArray>;

    // A request as it goes on the wire. path and query are raw (not percent-encoded):
    // the signer and the URL builder encode them the same way, so they always agree.
    struct Request
    {
        QByteArray method;                       // "GET", "PUT"...
        QString path;                            // "/bucket/key name", starts with '/'
        QList<QPair<QString, QString>> query;    // {"list-type","2"}, {"uploads",""}
        QList<Header> headers;                   // must include "host"; names in any case
        QByteArray payloadHash;                  // lowercase hex SHA-256 of the body
    };

    SigV4Signer(QByteArray accessKey, QByteArray secretKey, QString region,
                QString service = QStringLiteral("s3"));

    // The headers to add to the request: x-amz-date and x-amz-content-sha256 (unless
    // present) and authorization. Signs every header of the request.
    QList<Header> sign(const Request& request, const QDateTime& now) const;

    // The steps, public for tests against AWS's published examples. These take the
    // request's headers as they are (x-amz-date and x-amz-content-sha256 included).
    QByteArray canonicalRequest(const Request& request) const;
    QByteArray stringToSign(const Request& request, const QDateTime& now) const;
    QByteArray signingKey(const QDate& day) const;
    QByteArray scope(const QDate& day) const;

    // Percent-encodes per AWS: unreserved characters (A-Z a-z 0-9 - . _ ~) stay, everything
    // else becomes %XX (uppercase); '/' stays when encodeSlash is false.
    static QByteArray uriEncode(const QString& raw, bool encodeSlash);
    static QByteArray canonicalQuery(const QList<QPair<QString, QString>>& query);
    static QByteArray amzDate(const QDateTime& now);
    static QByteArray sha256Hex(const QByteArray& data);
    static QByteArray hmacSha256(const QByteArray& key, const QByteArray& data);

private:
    // Lowercased names, trimmed values with inner whitespace runs folded, sorted by name.
    static QList<Header> canonicalHeaders(const QList<Header>& headers);
    static QByteArray signedHeaderNames(const QList<Header>& canonical);

    QByteArray m_accessKey;
    QByteArray m_secretKey;
    QString m_region;
    QString m_service;
};

} // namespace Storage
