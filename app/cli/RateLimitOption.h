#pragma once

#include "backend/core/Result.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace Cli {

// --limit-rate RATE: a bandwidth cap in bytes per second given as a size ("20MB"), for the
// commands that copy between regions (copy, replication enable).
class RateLimitOption final
{
public:
    explicit RateLimitOption(const QString& description);
    void addTo(QCommandLineParser& parser) const;
    // 0 when the flag is not set; InvalidInput naming the flag for anything but a positive size.
    Core::Result<qint64> bytesPerSecond(const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_option;
};

} // namespace Cli
