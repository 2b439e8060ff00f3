#pragma once

#include "backend/core/Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Regions {

// Checks the non-secret settings of an S3 region (endpoint, bucket, prefix, signing region)
// without touching the network, with one message per broken rule so an operator knows what
// to change; and builds the region's "s3://bucket/prefix" location.
class S3Location final
{
public:
    S3Location() = delete;

    // Each returns InvalidInput whose message starts with the field ("Endpoint: …").
    static Core::Status checkEndpoint(const QString& endpoint);
    // The S3 bucket naming rules: 3-63 characters; lowercase letters, digits, '.' and '-';
    // starts and ends with a letter or digit; no '..'; not an IP address; no reserved prefix
    // or suffix.
    static Core::Status checkBucket(const QString& bucket);
    static Core::Status checkPrefix(const QString& prefix);
    static Core::Status checkSigningRegion(const QString& signingRegion);
    // The optional transfer settings: partSize (bytes, 5 MiB to 5 GiB: S3's multipart
    // limits), maxParallel (requests at a time, 1-64) and bandwidthLimit (bytes per second,
    // 0 = unlimited). Absent keys mean the defaults.
    static Core::Status checkTransfer(const QJsonObject& settings);
    static QStringList transferKeys();
    // All of the above on Region::settings.
    static Core::Status check(const QJsonObject& settings);

    // "s3://bucket" or "s3://bucket/prefix" (as the CLI writes it).
    static QString locationOf(const QJsonObject& settings);
};

} // namespace Regions
