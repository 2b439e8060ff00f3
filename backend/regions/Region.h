#pragma once

#include <QJsonObject>
#include <QString>

namespace Regions {

// A named storage endpoint plus the metadata pricing needs.
struct Region
{
    QString name;        // unique id in the workspace: [a-z0-9][a-z0-9-]{0,62}
    QString displayName; // e.g. "eu-central-1 (Frankfurt)"
    QString provider;    // e.g. "local", "aws", "aliyun", "huawei", "minio"
    QString continent;   // e.g. "Europe", "Asia", "North America"
    QString kind;        // "local" or "s3"
    QString location;    // local: absolute folder; s3: "s3://bucket/prefix"
    QString priceSheet;  // price catalog region id such as "gcp/us-west1"; empty: no price
    // Kind-specific settings that are not secret (s3: endpoint, bucket, prefix,
    // signingRegion, pathStyle, caFile). Secrets live in the workspace's SecretStore.
    QJsonObject settings;
    qint64 id = 0;

    static QString kindLocal() { return QStringLiteral("local"); }
    static QString kindS3() { return QStringLiteral("s3"); }
};

} // namespace Regions
