#pragma once

#include "backend/core/Result.h"

#include <QString>

namespace Core {

// Parses sizes such as "20GB", "1.5 GiB", "512MiB", "1000" (bytes). Decimal units
// (kB, MB, GB, TB) are powers of 1000 as providers bill them; binary ones (KiB…) of 1024.
Result<qint64> parseSize(const QString& text);
// "1.2 GiB" style for humans.
QString formatBytes(qint64 bytes);

} // namespace Core
