#include "backend/storage/S3ObjectStore.h"

#include "backend/storage/S3Xml.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QLocale>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QThread>
#include <QTimeZone>

#include <algorithm>

namespace Storage {

namespace {

QByteArray md5Base64(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Md5).toBase64();
}

// An ETag that is a plain MD5 of the content (not a multipart "md5-N" or an SSE-KMS tag).
QByteArray plainMd5ETag(const QByteArray& etagHeader)
{
    static const QRegularExpression md5Re(QStringLiteral("^[0-9a-f]{32}$"));
    QByteArray etag = etagHeader.trimmed();
    if (etag.startsWith('"') && etag.endsWith('"') && etag.size() >= 2)
        etag = etag.mid(1, etag.size() - 2);
    etag = etag.toLower();
    return md5Re.match(QString::fromLatin1(etag)).hasMatch() ? etag : QByteArray();
}

// HTTP dates ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 IMF-fixdate), which Qt's RFC 2822
// parser does not take with the "GMT" zone name.
QDateTime parseHttpDate(const QByteArray& value)
{
    QDateTime t = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()),
                                          QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!t.isValid())
        return QDateTime::fromString(QString::fromLatin1(value.trimmed()), Qt::RFC2822Date);
    t.setTimeZone(QTimeZone::utc());
    return t;
}

constexpr qsizetype kDeleteBatch = 1000; // the DeleteObjects limit

} // namespace

S3ObjectStore::S3ObjectStore(S3Config config)
    : m_config(std::move(config))
    , m_signer(m_config.accessKey, m_config.secretKey, m_config.signingRegion)
    , m_errors(m_config)
    , m_retry(m_config.maxAttempts, m_config.retryBaseMs, m_config.retryMaxMs)
    , m_bandwidth(m_config.bandwidthLimit)
    , m_slots(std::max(1, m_config.maxParallel))
    , m_tls(QSslConfiguration::defaultConfiguration())
{
    if (!m_config.caFile.isEmpty())
        m_tls.addCaCertificates(QSslCertificate::fromPath(m_config.caFile, QSsl::Pem));
    if (!m_config.clock)
        m_config.clock = [] { return QDateTime::currentDateTimeUtc(); };
}

QString S3ObjectStore::describe() const
{
    return m_config.describe();
}

QString S3ObjectStore::hostHeader() const
{
    QString host = m_config.endpoint.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6 literal
    if (!m_config.pathStyle)
        host = m_config.bucket + QLatin1Char('.') + host;
    const int port = m_config.endpoint.port();
    const bool https = m_config.endpoint.scheme() == QLatin1String("https");
    if (port != -1 && port != (https ? 443 : 80))
        host += QLatin1Char(':') + QString::number(port);
    return host;
}

QString S3ObjectStore::requestPath(const QString& key) const
{
    QString base = m_config.endpoint.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (m_config.pathStyle)
        base += QLatin1Char('/') + m_config.bucket;
    return base + QLatin1Char('/') + key;
}

QUrl S3ObjectStore::urlFor(const QString& key, const QList<QPair<QString, QString>>& query) const
{
    QByteArray encoded = m_config.endpoint.scheme().toLatin1() + "://" + hostHeader().toUtf8()
        + SigV4Signer::uriEncode(requestPath(key), false);
    if (!query.isEmpty())
        encoded += '?' + SigV4Signer::canonicalQuery(query);
    return QUrl::fromEncoded(encoded, QUrl::StrictMode);
}

Core::Status S3ObjectStore::checkKey(const QString& key) const
{
    if (key.isEmpty() || key.startsWith(QLatin1Char('/')) || key.contains(QLatin1String("//")))
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Storage::S3ObjectStore",
                                        "%1: '%2' is not an object key (relative, '/'-separated, no empty parts).")
                .arg(describe(), key));
    return {};
}

Core::Result<HttpResponse> S3ObjectStore::execute(const Call& call)
{
    const QByteArray payloadHash = SigV4Signer::sha256Hex(call.body);
    const QUrl url = urlFor(call.bucketKey, call.query);
    const QByteArray host = hostHeader().toUtf8();

    for (int attempt = 1;; ++attempt) {
        SigV4Signer::Request toSign;
        toSign.method = call.method;
        toSign.path = requestPath(call.bucketKey);
        toSign.query = call.query;
        toSign.headers = call.headers;
        toSign.headers.append({QByteArrayLiteral("host"), host});
        toSign.payloadHash = payloadHash;
        // Signed afresh on every attempt: the signature covers the time.
        const QList<SigV4Signer::Header> added = m_signer.sign(toSign, m_config.clock());

        QNetworkRequest request(url);
        for (const auto& [name, value] : toSign.headers)
            request.setRawHeader(name, value);
        for (const auto& [name, value] : added)
            request.setRawHeader(name, value);
        request.setTransferTimeout(m_config.transferTimeoutMs);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
        if (m_config.endpoint.scheme() == QLatin1String("https"))
            request.setSslConfiguration(m_tls);

        m_bandwidth.throttle(call.body.size());
        m_slots.acquire();
        HttpResponse response = HttpTransport::send(request, call.method, call.body, m_config.caFile);
        m_slots.release();
        m_bandwidth.throttle(response.body.size());

        if (response.status >= 200 && response.status < 300)
            return response;
        if (call.accept.contains(response.status)
            && S3Xml::parseError(response.body).code != QLatin1String("NoSuchBucket"))
            return response;
        if (!S3ErrorTranslator::isRetriable(response) || attempt >= m_retry.maxAttempts())
            return m_errors.translate(response, call.operation);
        QThread::msleep(static_cast<unsigned long>(m_retry.delayMs(attempt)));
    }
}

Core::Status S3ObjectStore::put(const QString& key, const QByteArray& data)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    if (m_config.partSize > 0 && data.size() > m_config.partSize)
        return putMultipart(key, data);
    return putSingle(key, data);
}

Core::Status S3ObjectStore::putSingle(const QString& key, const QByteArray& data)
{
    Call call {"PUT", bucketKey(key),
               {},    {{"content-type", "application/octet-stream"}, {"content-md5", md5Base64(data)}},
               data,  QCoreApplication::translate("Storage::S3ObjectStore", "write object '%1'").arg(key)};
    auto response = execute(call);
    if (!response)
        return response.error();
    const QByteArray etag = plainMd5ETag(response->header("etag"));
    if (!etag.isEmpty() && etag != QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex())
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate("Storage::S3ObjectStore",
                                        "%1: the server's checksum of object '%2' differs from the data sent")
                .arg(describe(), key));
    return {};
}

Core::Status S3ObjectStore::putMultipart(const QString& key, const QByteArray& data)
{
    const QString object = bucketKey(key);
    auto initiated
        = execute({"POST",
                   object,
                   {{QStringLiteral("uploads"), QString()}},
                   {{"content-type", "application/octet-stream"}},
                   {},
                   QCoreApplication::translate("Storage::S3ObjectStore", "start a multipart upload of '%1'").arg(key)});
    if (!initiated)
        return initiated.error();
    const QString uploadId = S3Xml::parseUploadId(initiated->body);
    if (uploadId.isEmpty())
        return Core::fail(
            Core::ErrorCode::Failed,
            QCoreApplication::translate("Storage::S3ObjectStore",
                                        "%1: the server started a multipart upload of '%2' without an upload ID")
                .arg(describe(), key));

    auto abort = [&](const Core::Error& error) -> Core::Status {
        // Best effort: a failed abort leaves parts that a bucket lifecycle rule cleans up.
        (void)execute(
            {"DELETE",
             object,
             {{QStringLiteral("uploadId"), uploadId}},
             {},
             {},
             QCoreApplication::translate("Storage::S3ObjectStore", "abort the multipart upload of '%1'").arg(key)});
        return error;
    };

    QList<QByteArray> etags;
    const qint64 partSize = m_config.partSize;
    for (qint64 offset = 0, part = 1; offset < data.size(); offset += partSize, ++part) {
        const QByteArray chunk = data.mid(offset, partSize);
        auto uploaded = execute(
            {"PUT",
             object,
             {{QStringLiteral("partNumber"), QString::number(part)}, {QStringLiteral("uploadId"), uploadId}},
             {{"content-type", "application/octet-stream"}, {"content-md5", md5Base64(chunk)}},
             chunk,
             QCoreApplication::translate("Storage::S3ObjectStore", "upload part %1 of '%2'").arg(part).arg(key)});
        if (!uploaded)
            return abort(uploaded.error());
        const QByteArray etag = uploaded->header("etag");
        if (etag.isEmpty())
            return abort(
                Core::fail(Core::ErrorCode::Failed,
                           QCoreApplication::translate("Storage::S3ObjectStore",
                                                       "%1: the server accepted part %2 of '%3' without an ETag")
                               .arg(describe())
                               .arg(part)
                               .arg(key)));
        etags.append(etag);
    }

    const QByteArray completeBody = S3Xml::completeMultipartUpload(etags);
    auto completed = execute(
        {"POST",
         object,
         {{QStringLiteral("uploadId"), uploadId}},
         {{"content-type", "application/xml"}, {"content-md5", md5Base64(completeBody)}},
         completeBody,
         QCoreApplication::translate("Storage::S3ObjectStore", "complete the multipart upload of '%1'").arg(key)});
    if (!completed) {
        // A retried completion can find the upload already completed by the lost first try.
        if (completed.error().code() == Core::ErrorCode::NotFound) {
            auto info = stat(key);
            if (info && info->has_value() && info->value().size == data.size())
                return {};
        }
        return abort(completed.error());
    }
    // S3 may answer 200 and still fail the completion: the error is in the body.
    const S3Xml::ErrorBody error = S3Xml::parseError(completed->body);
    if (!error.code.isEmpty()) {
        HttpResponse failed = completed.value();
        failed.status = 500;
        return abort(m_errors.translate(
            failed,
            QCoreApplication::translate("Storage::S3ObjectStore", "complete the multipart upload of '%1'").arg(key)));
    }
    return {};
}

Core::Result<QByteArray> S3ObjectStore::get(const QString& key)
{
    if (auto ok = checkKey(key); !ok)
        return ok.error();
    auto response = execute({"GET",
                             bucketKey(key),
                             {},
                             {},
                             {},
                             QCoreApplication::translate("Storage::S3ObjectStore", "read object '%1'").arg(key)});
    if (!response)
        return response.error();
    const QByteArray length = response->header("content-length");
    if (!length.isEmpty() && length.toLongLong() != response->body.size())
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate("Storage::S3ObjectStore", "%1: object '%2' arrived truncated (%3 of %4 bytes)")
                .arg(describe(), key)
                .arg(response->body.size())
                .arg(QString::fromLatin1(length)));
    const QByteArray etag = plainMd5ETag(response->header("etag"));
    if (!etag.isEmpty() && etag != QCryptographicHash::hash(response->body, QCryptographicHash::Md5).toHex())
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate("Storage::S3ObjectStore",
                                        "%1: object '%2' arrived damaged (its MD5 does not match the server's ETag)")
                .arg(describe(), key));
    return std::move(response->body);
}

Core::Result<QByteArray> S3ObjectStore::getRange(const QString& key, qint64 offset, qint64 length)
{
    if (auto ok = checkKey(key); !ok)
        return ok.error();
    if (offset < 0 || length < 0)
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Storage::S3ObjectStore",
                                                      "%1: invalid range of object '%2' (offset %3, length %4)")
                              .arg(describe(), key)
                              .arg(offset)
                              .arg(length));
    if (length == 0) {
        auto info = stat(key);
        if (!info)
            return info.error();
        if (!info->has_value())
            return Core::fail(Core::ErrorCode::NotFound,
                              QCoreApplication::translate("Storage::S3ObjectStore", "%1: object '%2' does not exist")
                                  .arg(describe(), key));
        return QByteArray();
    }
    const QByteArray range = "bytes=" + QByteArray::number(offset) + '-' + QByteArray::number(offset + length - 1);
    auto response
        = execute({"GET",
                   bucketKey(key),
                   {},
                   {{"range", range}},
                   {},
                   QCoreApplication::translate("Storage::S3ObjectStore", "read %1 bytes at offset %2 of object '%3'")
                       .arg(length)
                       .arg(offset)
                       .arg(key),
                   {416}});
    auto shortObject = [&] {
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate("Storage::S3ObjectStore",
                                        "%1: object '%2' is shorter than expected (wanted %3 bytes at offset %4)")
                .arg(describe(), key)
                .arg(length)
                .arg(offset));
    };
    if (!response)
        return response.error();
    if (response->status == 416)
        return shortObject();
    QByteArray body = std::move(response->body);
    if (response->status == 200) // the server ignored the range and sent everything
        body = body.mid(offset, length);
    if (body.size() != length)
        return shortObject();
    return body;
}

Core::Result<std::optional<ObjectInfo>> S3ObjectStore::stat(const QString& key)
{
    if (auto ok = checkKey(key); !ok)
        return ok.error();
    auto response = execute({"HEAD",
                             bucketKey(key),
                             {},
                             {},
                             {},
                             QCoreApplication::translate("Storage::S3ObjectStore", "look up object '%1'").arg(key),
                             {404}});
    if (!response)
        return response.error();
    if (response->status == 404)
        return std::optional<ObjectInfo>();
    ObjectInfo info;
    info.key = key;
    info.size = response->header("content-length").toLongLong();
    info.modified = parseHttpDate(response->header("last-modified"));
    return std::optional<ObjectInfo>(info);
}

Core::Result<QList<ObjectInfo>> S3ObjectStore::list(const QString& prefix)
{
    QList<ObjectInfo> all;
    QString token;
    const QString fullPrefix = bucketKey(prefix);
    do {
        QList<QPair<QString, QString>> query {{QStringLiteral("list-type"), QStringLiteral("2")},
                                              {QStringLiteral("prefix"), fullPrefix}};
        if (m_config.listPageSize > 0)
            query.append({QStringLiteral("max-keys"), QString::number(m_config.listPageSize)});
        if (!token.isEmpty())
            query.append({QStringLiteral("continuation-token"), token});
        auto response
            = execute({"GET",
                       QString(),
                       query,
                       {},
                       {},
                       QCoreApplication::translate("Storage::S3ObjectStore", "list objects under '%1'").arg(prefix)});
        if (!response)
            return response.error();
        auto page = S3Xml::parseListObjectsV2(response->body);
        if (!page)
            return page.error().withContext(describe() + QStringLiteral(": "));
        for (ObjectInfo& info : page->objects) {
            if (!info.key.startsWith(m_config.prefix))
                continue;
            info.key = info.key.mid(m_config.prefix.size());
            all.append(std::move(info));
        }
        if (page->truncated && page->nextToken.isEmpty())
            return Core::fail(
                Core::ErrorCode::Failed,
                QCoreApplication::translate("Storage::S3ObjectStore",
                                            "%1: the server truncated the listing of '%2' without a continuation token")
                    .arg(describe(), prefix));
        token = page->truncated ? page->nextToken : QString();
    } while (!token.isEmpty());
    std::sort(all.begin(), all.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return all;
}

Core::Status S3ObjectStore::remove(const QString& key)
{
    if (auto ok = checkKey(key); !ok)
        return ok;
    auto response = execute({"DELETE",
                             bucketKey(key),
                             {},
                             {},
                             {},
                             QCoreApplication::translate("Storage::S3ObjectStore", "delete object '%1'").arg(key),
                             {404}});
    if (!response)
        return response.error();
    return {};
}

Core::Status S3ObjectStore::removeMany(const QStringList& keys)
{
    for (const QString& key : keys)
        if (auto ok = checkKey(key); !ok)
            return ok;
    for (qsizetype start = 0; start < keys.size(); start += kDeleteBatch) {
        QStringList batch;
        for (const QString& key : keys.mid(start, kDeleteBatch))
            batch.append(bucketKey(key));
        const QByteArray body = S3Xml::deleteObjects(batch);
        auto response
            = execute({"POST",
                       QString(),
                       {{QStringLiteral("delete"), QString()}},
                       {{"content-type", "application/xml"}, {"content-md5", md5Base64(body)}},
                       body,
                       QCoreApplication::translate("Storage::S3ObjectStore", "delete %1 objects").arg(batch.size())});
        if (!response)
            return response.error();
        for (const S3Xml::DeleteFailure& f : S3Xml::parseDeleteResult(response->body)) {
            if (f.code == QLatin1String("NoSuchKey"))
                continue;
            return Core::fail(
                f.code == QLatin1String("AccessDenied") ? Core::ErrorCode::AuthFailed : Core::ErrorCode::Failed,
                QCoreApplication::translate("Storage::S3ObjectStore", "%1: cannot delete object '%2': %3 %4")
                    .arg(describe(), f.key.mid(m_config.prefix.size()), f.code, f.message));
        }
    }
    return {};
}

} // namespace Storage
