#pragma once

#include "backend/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace Storage {

// Everything an S3ObjectStore needs. The non-secret part comes from Region::settings
// (endpoint, bucket, prefix, signingRegion, pathStyle, caFile and the optional tuning keys
// partSize, maxParallel, bandwidthLimit); the keys come from the workspace's SecretStore.
struct S3Config
{
    QUrl endpoint;                                  // "https://s3.eu-central-1.amazonaws.com"
    QString bucket;
    QString prefix;                                 // "" or "backups/" (always ends with '/')
    QString signingRegion = QStringLiteral("us-east-1");
    bool pathStyle = false;                         // https://host/bucket/key vs https://bucket.host/key
    QString caFile;                                 // extra PEM CA bundle for self-hosted stores
    QByteArray accessKey;
    QByteArray secretKey;

    qint64 partSize = 8 * 1024 * 1024;              // objects above this go up as multipart
    int maxParallel = 4;                            // concurrent requests per store
    qint64 bandwidthLimit = 0;                      // bytes per second, 0 = unlimited
    int maxAttempts = 6;                            // per request, first try included
    int retryBaseMs = 250;
    int retryMaxMs = 8000;
    int transferTimeoutMs = 120000;                 // no progress for this long = timeout
    int listPageSize = 1000;                        // max-keys of ListObjectsV2
    // Time source for request signing; tests inject a skewed clock.
    std::function<QDateTime()> clock;

    // Validates and reads a region's settings; errors are InvalidInput naming the field.
    static Core::Result<S3Config> fromSettings(const QJsonObject& settings, QByteArray accessKey,
                                               QByteArray secretKey);
    // The settings object for Region::settings (no secrets).
    QJsonObject toSettings() const;
    // "s3://bucket/prefix at https://host" — no credentials.
    QString describe() const;
};

} // namespace Storage
