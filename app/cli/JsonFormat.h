#pragma once

#include "backend/regions/Region.h"

#include <QDateTime>
#include <QJsonObject>

namespace Cli {

// JSON shapes of shared/CLI.md: camelCase keys, sizes in bytes, times ISO 8601 UTC.
QJsonObject regionToJson(const Regions::Region& region);
QString isoUtc(const QDateTime& time);

} // namespace Cli
