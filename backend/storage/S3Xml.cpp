#include "backend/storage/S3Xml.h"

#include <QCoreApplication>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace Storage {

S3Xml::ErrorBody S3Xml::parseError(const QByteArray& xml)
{
    ErrorBody e;
    QXmlStreamReader r(xml);
    if (!r.readNextStartElement() || r.name() != QLatin1String("Error"))
        return e;
    while (r.readNextStartElement()) {
        if (r.name() == QLatin1String("Code"))
            e.code = r.readElementText();
        else if (r.name() == QLatin1String("Message"))
            e.message = r.readElementText();
        else
            r.skipCurrentElement();
    }
    return e;
}

Core::Result<S3Xml::ListPage> S3Xml::parseListObjectsV2(const QByteArray& xml)
{
    ListPage page;
    QXmlStreamReader r(xml);
    if (!r.readNextStartElement() || r.name() != QLatin1String("ListBucketResult"))
        return Core::fail(Core::ErrorCode::Failed,
                          QCoreApplication::translate("Storage::S3Xml", "the server's object listing is not a ListBucketResult document"));
    while (r.readNextStartElement()) {
        if (r.name() == QLatin1String("IsTruncated")) {
            page.truncated = r.readElementText() == QLatin1String("true");
        } else if (r.name() == QLatin1String("NextContinuationToken")) {
            page.nextToken = r.readElementText();
        } else if (r.name() == QLatin1String("Contents")) {
            ObjectInfo info;
            while (r.readNextStartElement()) {
                if (r.name() == QLatin1String("Key"))
                    info.key = r.readElementText();
                else if (r.name() == QLatin1String("Size"))
                    info.size = r.readElementText().toLongLong();
                else if (r.name() == QLatin1String("LastModified"))
                    info.modified = QDateTime::fromString(r.readElementText(), Qt::ISODateWithMs);
                else
                    r.skipCurrentElement();
            }
            page.objects.append(info);
        } else {
            r.skipCurrentElement();
        }
    }
    if (r.hasError())
        return Core::fail(Core::ErrorCode::Failed,
                          QCoreApplication::translate("Storage::S3Xml", "the server's object listing is not valid XML: %1")
                              .arg(r.errorString()));
    return page;
}

QString S3Xml::parseUploadId(const QByteArray& xml)
{
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        if (r.readNext() == QXmlStreamReader::StartElement && r.name() == QLatin1String("UploadId"))
            return r.readElementText();
    }
    return {};
}

QList<S3Xml::DeleteFailure> S3Xml::parseDeleteResult(const QByteArray& xml)
{
    QList<DeleteFailure> failures;
    QXmlStreamReader r(xml);
    if (!r.readNextStartElement())
        return failures;
    while (r.readNextStartElement()) {
        if (r.name() != QLatin1String("Error")) {
            r.skipCurrentElement();
            continue;
        }
        DeleteFailure f;
        while (r.readNextStartElement()) {
            if (r.name() == QLatin1String("Key"))
                f.key = r.readElementText();
            else if (r.name() == QLatin1String("Code"))
                f.code = r.readElementText();
            else if (r.name() == QLatin1String("Message"))
                f.message = r.readElementText();
            else
                r.skipCurrentElement();
        }
        failures.append(f);
    }
    return failures;
}

QByteArray S3Xml::completeMultipartUpload(const QList<QByteArray>& partETags)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("CompleteMultipartUpload"));
    for (qsizetype i = 0; i < partETags.size(); ++i) {
        w.writeStartElement(QStringLiteral("Part"));
        w.writeTextElement(QStringLiteral("PartNumber"), QString::number(i + 1));
        w.writeTextElement(QStringLiteral("ETag"), QString::fromLatin1(partETags[i]));
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

QByteArray S3Xml::deleteObjects(const QStringList& keys)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("Delete"));
    w.writeTextElement(QStringLiteral("Quiet"), QStringLiteral("true"));
    for (const QString& key : keys) {
        w.writeStartElement(QStringLiteral("Object"));
        w.writeTextElement(QStringLiteral("Key"), key);
        w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndDocument();
    return out;
}

} // namespace Storage
