#include "app/cli/RateLimitOption.h"

#include "backend/core/Units.h"

#include <QCoreApplication>

namespace Cli {

RateLimitOption::RateLimitOption(const QString& description)
    : m_option(QStringLiteral("limit-rate"), description, QStringLiteral("RATE"))
{ }

void RateLimitOption::addTo(QCommandLineParser& parser) const
{
    parser.addOption(m_option);
}

Core::Result<qint64> RateLimitOption::bytesPerSecond(const QCommandLineParser& parser) const
{
    if (!parser.isSet(m_option))
        return qint64(0);
    auto parsed = Core::parseSize(parser.value(m_option));
    if (!parsed || parsed.value() <= 0)
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Cli", "--limit-rate must be a size per second such as 20MB, not '%1'.")
                .arg(parser.value(m_option)));
    return parsed.value();
}

} // namespace Cli
