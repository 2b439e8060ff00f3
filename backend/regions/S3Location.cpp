#include "backend/regions/S3Location.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

namespace Regions {

namespace {

Core::Error invalid(const QString& message)
{
    return Core::fail(Core::ErrorCode::InvalidInput, message);
}

} // namespace

Core::Status S3Location::checkEndpoint(const QString& endpoint)
{
    if (endpoint.trimmed().isEmpty())
        return invalid(QCoreApplication::translate(
            "Regions::S3Location",
            "Endpoint: enter the URL of the S3 service, e.g. https://s3.eu-central-1.amazonaws.com."));
    const QUrl url(endpoint.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return invalid(
            QCoreApplication::translate("Regions::S3Location", "Endpoint: '%1' is not a valid URL.").arg(endpoint));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return invalid(QCoreApplication::translate(
                           "Regions::S3Location",
                           "Endpoint: '%1' must start with https:// (or http:// for a store on a trusted network).")
                           .arg(endpoint));
    if (url.host().isEmpty())
        return invalid(
            QCoreApplication::translate("Regions::S3Location", "Endpoint: '%1' has no host name.").arg(endpoint));
    if (!url.userInfo().isEmpty())
        return invalid(QCoreApplication::translate(
            "Regions::S3Location",
            "Endpoint: the URL must not contain a user name or password; enter the keys in their own fields."));
    if (url.hasQuery() || url.hasFragment())
        return invalid(QCoreApplication::translate("Regions::S3Location",
                                                   "Endpoint: '%1' must not contain a query ('?') or a fragment ('#').")
                           .arg(endpoint));
    return {};
}

Core::Status S3Location::checkBucket(const QString& bucket)
{
    if (bucket.isEmpty())
        return invalid(
            QCoreApplication::translate("Regions::S3Location", "Bucket: enter the name of an existing bucket."));
    if (bucket.size() < 3 || bucket.size() > 63)
        return invalid(QCoreApplication::translate("Regions::S3Location",
                                                   "Bucket: '%1' has %2 characters; a bucket name has 3 to 63.")
                           .arg(bucket)
                           .arg(bucket.size()));
    static const QRegularExpression allowed(QStringLiteral("^[a-z0-9.-]+$"));
    if (!allowed.match(bucket).hasMatch())
        return invalid(
            QCoreApplication::translate("Regions::S3Location",
                                        "Bucket: '%1' may contain only lowercase letters, digits, '.' and '-'.")
                .arg(bucket));
    static const QRegularExpression ends(QStringLiteral("^[a-z0-9].*[a-z0-9]$"));
    if (!ends.match(bucket).hasMatch())
        return invalid(QCoreApplication::translate("Regions::S3Location",
                                                   "Bucket: '%1' must start and end with a letter or a digit.")
                           .arg(bucket));
    if (bucket.contains(QLatin1String("..")))
        return invalid(
            QCoreApplication::translate("Regions::S3Location", "Bucket: '%1' must not contain two periods in a row.")
                .arg(bucket));
    static const QRegularExpression ipAddress(QStringLiteral("^\\d+\\.\\d+\\.\\d+\\.\\d+$"));
    if (ipAddress.match(bucket).hasMatch())
        return invalid(
            QCoreApplication::translate("Regions::S3Location", "Bucket: '%1' must not look like an IP address.")
                .arg(bucket));
    if (bucket.startsWith(QLatin1String("xn--")) || bucket.startsWith(QLatin1String("sthree-")))
        return invalid(
            QCoreApplication::translate("Regions::S3Location",
                                        "Bucket: '%1' must not start with the reserved prefix 'xn--' or 'sthree-'.")
                .arg(bucket));
    if (bucket.endsWith(QLatin1String("-s3alias")) || bucket.endsWith(QLatin1String("--ol-s3")))
        return invalid(
            QCoreApplication::translate("Regions::S3Location",
                                        "Bucket: '%1' must not end with the reserved suffix '-s3alias' or '--ol-s3'.")
                .arg(bucket));
    return {};
}

Core::Status S3Location::checkPrefix(const QString& prefix)
{
    if (prefix.size() > 512)
        return invalid(QCoreApplication::translate("Regions::S3Location", "Prefix: at most 512 characters."));
    if (prefix.contains(QLatin1Char('\\')))
        return invalid(
            QCoreApplication::translate("Regions::S3Location", "Prefix: use '/' to separate folders, not '\\'."));
    for (const QString& part : prefix.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        if (part == QLatin1String(".") || part == QLatin1String(".."))
            return invalid(QCoreApplication::translate("Regions::S3Location",
                                                       "Prefix: '%1' must not contain '.' or '..' as a folder.")
                               .arg(prefix));
    for (const QChar c : prefix)
        if (c.category() == QChar::Other_Control)
            return invalid(
                QCoreApplication::translate("Regions::S3Location", "Prefix: control characters are not allowed."));
    return {};
}

Core::Status S3Location::checkSigningRegion(const QString& signingRegion)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    if (!signingRegion.isEmpty() && !pattern.match(signingRegion).hasMatch())
        return invalid(
            QCoreApplication::translate(
                "Regions::S3Location",
                "Signing region: '%1' is not a region name such as us-east-1 (letters, digits, '-' and '_').")
                .arg(signingRegion));
    return {};
}

Core::Status S3Location::check(const QJsonObject& settings)
{
    if (auto s = checkEndpoint(settings.value(QStringLiteral("endpoint")).toString()); !s)
        return s;
    if (auto s = checkBucket(settings.value(QStringLiteral("bucket")).toString()); !s)
        return s;
    if (auto s = checkPrefix(settings.value(QStringLiteral("prefix")).toString()); !s)
        return s;
    if (auto s = checkSigningRegion(settings.value(QStringLiteral("signingRegion")).toString()); !s)
        return s;
    return checkTransfer(settings);
}

QStringList S3Location::transferKeys()
{
    return {QStringLiteral("partSize"), QStringLiteral("maxParallel"), QStringLiteral("bandwidthLimit")};
}

Core::Status S3Location::checkTransfer(const QJsonObject& settings)
{
    constexpr qint64 kMiB = 1024 * 1024;
    if (settings.contains(QStringLiteral("partSize"))) {
        const qint64 part = settings.value(QStringLiteral("partSize")).toInteger(-1);
        if (part < 5 * kMiB || part > 5 * 1024 * kMiB)
            return invalid(
                QCoreApplication::translate("Regions::S3Location",
                                            "Part size: %1 bytes is outside S3's multipart limits of 5 MiB to 5 GiB.")
                    .arg(settings.value(QStringLiteral("partSize")).toVariant().toString()));
    }
    if (settings.contains(QStringLiteral("maxParallel"))) {
        const qint64 parallel = settings.value(QStringLiteral("maxParallel")).toInteger(-1);
        if (parallel < 1 || parallel > 64)
            return invalid(
                QCoreApplication::translate("Regions::S3Location", "Parallel requests: %1 is outside 1 to 64.")
                    .arg(settings.value(QStringLiteral("maxParallel")).toVariant().toString()));
    }
    if (settings.contains(QStringLiteral("bandwidthLimit"))) {
        const qint64 limit = settings.value(QStringLiteral("bandwidthLimit")).toInteger(-1);
        if (limit < 0 || limit > qint64(100) * 1000 * 1000 * 1000)
            return invalid(QCoreApplication::translate(
                "Regions::S3Location", "Bandwidth limit: give bytes per second up to 100 GB/s, or 0 for unlimited."));
    }
    return {};
}

QString S3Location::locationOf(const QJsonObject& settings)
{
    QString location = QStringLiteral("s3://") + settings.value(QStringLiteral("bucket")).toString();
    const QString prefix = settings.value(QStringLiteral("prefix")).toString();
    if (!prefix.isEmpty())
        location += QLatin1Char('/') + prefix;
    return location;
}

} // namespace Regions
