#include "backend/core/Units.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace Core {

Result<qint64> parseSize(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*$"));
    const auto m = re.match(text);
    auto bad = [&]() {
        return fail(ErrorCode::InvalidInput,
                    QCoreApplication::translate("Units", "'%1' is not a size; use a number with an optional unit such as 500MB, 20GB or 1.5TiB.")
                        .arg(text));
    };
    if (!m.hasMatch())
        return bad();
    const double number = m.captured(1).toDouble();
    const QString unit = m.captured(2).toLower();
    double factor = 0;
    static const QList<std::pair<QString, double>> units = {
        {QString(), 1.0},       {QStringLiteral("b"), 1.0},
        {QStringLiteral("k"), 1e3}, {QStringLiteral("kb"), 1e3},   {QStringLiteral("kib"), 1024.0},
        {QStringLiteral("m"), 1e6}, {QStringLiteral("mb"), 1e6},   {QStringLiteral("mib"), 1048576.0},
        {QStringLiteral("g"), 1e9}, {QStringLiteral("gb"), 1e9},   {QStringLiteral("gib"), 1073741824.0},
        {QStringLiteral("t"), 1e12}, {QStringLiteral("tb"), 1e12}, {QStringLiteral("tib"), 1099511627776.0},
        {QStringLiteral("pb"), 1e15}, {QStringLiteral("pib"), 1125899906842624.0},
    };
    for (const auto& [name, f] : units)
        if (name == unit)
            factor = f;
    if (factor == 0)
        return bad();
    const double bytes = std::round(number * factor);
    if (bytes > 9.0e18)
        return fail(ErrorCode::InvalidInput, QCoreApplication::translate("Units", "'%1' is too large.").arg(text));
    return static_cast<qint64>(bytes);
}

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

} // namespace Core
