#pragma once

#include "backend/storage/BandwidthLimiter.h"
#include "backend/storage/HttpTransport.h"
#include "backend/storage/ObjectStore.h"
#include "backend/storage/RetryPolicy.h"
#include "backend/storage/S3Config.h"
#include "backend/storage/S3ErrorTranslator.h"
#include "backend/storage/SigV4Signer.h"

#include <QSemaphore>
#include <QSslConfiguration>
#include <QStringList>
#include <QUrl>

namespace Storage {

// A region in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS, OBS, Wasabi…), spoken
// to over QNetworkAccessManager with Signature V4. Synchronous like every ObjectStore: call
// from worker threads; each thread uses its own network manager and event loop, and at most
// S3Config::maxParallel requests of this store are in flight at once.
//
// Integrity: uploads carry Content-MD5 and a signed x-amz-content-sha256; whole-object
// downloads are checked against the ETag when it is a plain MD5, ranges by their length.
// Objects above S3Config::partSize go up as a multipart upload, aborted on failure.
class S3ObjectStore final : public ObjectStore
{
public:
    explicit S3ObjectStore(S3Config config);

    QString describe() const override;
    Core::Status put(const QString& key, const QByteArray& data) override;
    Core::Result<QByteArray> get(const QString& key) override;
    Core::Result<QByteArray> getRange(const QString& key, qint64 offset, qint64 length) override;
    Core::Result<std::optional<ObjectInfo>> stat(const QString& key) override;
    Core::Result<QList<ObjectInfo>> list(const QString& prefix) override;
    Core::Status remove(const QString& key) override;
    // DeleteObjects in batches of up to 1000 keys.
    Core::Status removeMany(const QStringList& keys) override;

    const S3Config& config() const { return m_config; }
    // The URL a request for the bucket-relative key goes to (diagnostics and tests).
    QUrl urlFor(const QString& bucketKey, const QList<QPair<QString, QString>>& query = {}) const;

private:
    struct Call
    {
        QByteArray method;
        QString bucketKey; // key inside the bucket (store prefix included); empty: the bucket
        QList<QPair<QString, QString>> query;
        QList<SigV4Signer::Header> headers;
        QByteArray body;
        QString operation; // for messages: "read object 'x'"
        // Non-2xx answers the caller handles itself: 404 (a missing object, never a
        // missing bucket) and 416 (range beyond the end).
        QList<int> accept = {};
    };

    // Signs, sends and retries; a non-2xx answer not in call.accept becomes a translated error.
    Core::Result<HttpResponse> execute(const Call& call);
    Core::Status putSingle(const QString& key, const QByteArray& data);
    Core::Status putMultipart(const QString& key, const QByteArray& data);
    Core::Status checkKey(const QString& key) const;
    QString bucketKey(const QString& key) const { return m_config.prefix + key; }
    QString hostHeader() const;
    QString requestPath(const QString& bucketKey) const;

    S3Config m_config;
    SigV4Signer m_signer;
    S3ErrorTranslator m_errors;
    RetryPolicy m_retry;
    BandwidthLimiter m_bandwidth;
    QSemaphore m_slots;
    QSslConfiguration m_tls;
};

} // namespace Storage
