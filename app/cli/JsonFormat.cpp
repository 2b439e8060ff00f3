#include "app/cli/JsonFormat.h"

namespace Cli {

QJsonObject regionToJson(const Regions::Region& region)
{
    QJsonObject o{{QStringLiteral("name"), region.name},
                  {QStringLiteral("kind"), region.kind},
                  {QStringLiteral("provider"), region.provider},
                  {QStringLiteral("continent"), region.continent},
                  {QStringLiteral("location"), region.location},
                  {QStringLiteral("display"), region.displayName},
                  {QStringLiteral("priceSheet"), region.priceSheet}};
    if (region.kind == Regions::Region::kindS3())
        o.insert(QStringLiteral("settings"), region.settings);
    return o;
}

QString isoUtc(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

} // namespace Cli
