#include "backend/storage/S3Config.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

namespace Storage {

namespace {

Core::Error invalid(const QString& message)
{
    return Core::fail(Core::ErrorCode::InvalidInput, message);
}

} // namespace

Core::Result<S3Config> S3Config::fromSettings(const QJsonObject& settings, QByteArray accessKey, QByteArray secretKey)
{
    S3Config c;
    const QString endpoint = settings.value(QStringLiteral("endpoint")).toString().trimmed();
    c.endpoint = QUrl(endpoint, QUrl::StrictMode);
    if (endpoint.isEmpty() || !c.endpoint.isValid() || c.endpoint.host().isEmpty()
        || (c.endpoint.scheme() != QLatin1String("https") && c.endpoint.scheme() != QLatin1String("http")))
        return invalid(QCoreApplication::translate("Storage::S3Config",
                                                   "Endpoint: '%1' is not an http:// or https:// URL with a host name.")
                           .arg(endpoint));
    if (c.endpoint.hasQuery() || c.endpoint.hasFragment() || !c.endpoint.userInfo().isEmpty())
        return invalid(
            QCoreApplication::translate(
                "Storage::S3Config",
                "Endpoint: '%1' must not contain a query, a fragment or a user name; give the keys separately.")
                .arg(c.endpoint.toDisplayString(QUrl::RemoveUserInfo)));

    c.bucket = settings.value(QStringLiteral("bucket")).toString().trimmed();
    static const QRegularExpression bucketRe(QStringLiteral("^[a-z0-9][a-z0-9.\\-_]{1,254}$"));
    if (!bucketRe.match(c.bucket).hasMatch())
        return invalid(
            QCoreApplication::translate(
                "Storage::S3Config",
                "Bucket: '%1' is not a bucket name (3-255 characters: lowercase letters, digits, '.', '-', '_').")
                .arg(c.bucket));

    c.prefix = settings.value(QStringLiteral("prefix")).toString().trimmed();
    while (c.prefix.startsWith(QLatin1Char('/')))
        c.prefix.remove(0, 1);
    if (!c.prefix.isEmpty() && !c.prefix.endsWith(QLatin1Char('/')))
        c.prefix += QLatin1Char('/');

    const QString region = settings.value(QStringLiteral("signingRegion")).toString().trimmed();
    if (!region.isEmpty())
        c.signingRegion = region;
    static const QRegularExpression regionRe(QStringLiteral("^[A-Za-z0-9\\-_]{1,64}$"));
    if (!regionRe.match(c.signingRegion).hasMatch())
        return invalid(QCoreApplication::translate("Storage::S3Config",
                                                   "Signing region: '%1' is not a region name such as us-east-1.")
                           .arg(c.signingRegion));

    c.pathStyle = settings.value(QStringLiteral("pathStyle")).toBool(false);
    // A dotted bucket cannot be a TLS host name label, so it needs path-style addressing.
    if (!c.pathStyle && c.bucket.contains(QLatin1Char('.')) && c.endpoint.scheme() == QLatin1String("https"))
        c.pathStyle = true;

    c.caFile = settings.value(QStringLiteral("caFile")).toString().trimmed();
    if (!c.caFile.isEmpty() && !QFileInfo(c.caFile).isReadable())
        return invalid(
            QCoreApplication::translate("Storage::S3Config", "CA file: '%1' does not exist or cannot be read.")
                .arg(c.caFile));

    if (settings.contains(QStringLiteral("partSize"))) {
        c.partSize = settings.value(QStringLiteral("partSize")).toInteger(0);
        if (c.partSize < 5 * 1024 * 1024 && c.partSize != 0)
            return invalid(QCoreApplication::translate("Storage::S3Config",
                                                       "Part size: %1 bytes is below the S3 minimum of 5 MiB.")
                               .arg(c.partSize));
        if (c.partSize == 0)
            c.partSize = 8 * 1024 * 1024;
    }
    if (settings.contains(QStringLiteral("maxParallel"))) {
        c.maxParallel = settings.value(QStringLiteral("maxParallel")).toInt(0);
        if (c.maxParallel < 1 || c.maxParallel > 64)
            return invalid(QCoreApplication::translate("Storage::S3Config", "Parallel requests: %1 is outside 1-64.")
                               .arg(c.maxParallel));
    }
    if (settings.contains(QStringLiteral("bandwidthLimit"))) {
        c.bandwidthLimit = settings.value(QStringLiteral("bandwidthLimit")).toInteger(-1);
        if (c.bandwidthLimit < 0)
            return invalid(QCoreApplication::translate("Storage::S3Config",
                                                       "Bandwidth limit: give bytes per second, or 0 for unlimited."));
    }

    if (accessKey.isEmpty())
        return invalid(
            QCoreApplication::translate("Storage::S3Config", "Access key: missing; give the region's access key ID."));
    if (secretKey.isEmpty())
        return invalid(QCoreApplication::translate("Storage::S3Config",
                                                   "Secret key: missing; give the region's secret access key."));
    c.accessKey = std::move(accessKey);
    c.secretKey = std::move(secretKey);
    return c;
}

QJsonObject S3Config::toSettings() const
{
    QJsonObject o {{QStringLiteral("endpoint"), endpoint.toString()},
                   {QStringLiteral("bucket"), bucket},
                   {QStringLiteral("prefix"), prefix},
                   {QStringLiteral("signingRegion"), signingRegion},
                   {QStringLiteral("pathStyle"), pathStyle}};
    if (!caFile.isEmpty())
        o.insert(QStringLiteral("caFile"), caFile);
    return o;
}

QString S3Config::describe() const
{
    QString where = QStringLiteral("s3://") + bucket;
    if (!prefix.isEmpty())
        where += QLatin1Char('/') + prefix.chopped(1);
    return QCoreApplication::translate("Storage::S3Config", "%1 at %2")
        .arg(where, endpoint.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash));
}

} // namespace Storage
