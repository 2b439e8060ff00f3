#include "backend/cost/Money.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <limits>

namespace Cost {

namespace {
__extension__ using Int128 = __int128;

qint64 saturate(Int128 v)
{
    if (v > std::numeric_limits<qint64>::max())
        return std::numeric_limits<qint64>::max();
    if (v < std::numeric_limits<qint64>::min())
        return std::numeric_limits<qint64>::min();
    return static_cast<qint64>(v);
}

Int128 roundedDiv(Int128 num, Int128 den)
{
    if (den < 0) {
        num = -num;
        den = -den;
    }
    if (num >= 0)
        return (num + den / 2) / den;
    return -((-num + den / 2) / den);
}
} // namespace

Core::Result<qint64> Money::parse(const QString& text, const QString& field)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,12})(?:\\.([0-9]{1,6}))?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch()) {
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cost", "%1: '%2' is not an amount; use a non-negative decimal "
                                                              "with at most six decimals, such as \"0.02\".")
                              .arg(field, text));
    }
    const qint64 whole = m.captured(1).toLongLong();
    QString fraction = m.captured(2);
    fraction = fraction.leftJustified(6, QLatin1Char('0'));
    return whole * microsPerUnit + fraction.toLongLong();
}

QString Money::toDecimal(qint64 micros)
{
    const bool negative = micros < 0;
    const quint64 abs = negative ? quint64(0) - quint64(micros) : quint64(micros);
    QString fraction = QStringLiteral("%1").arg(abs % microsPerUnit, 6, 10, QLatin1Char('0'));
    while (fraction.size() > 2 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return (negative ? QStringLiteral("-") : QString()) + QString::number(abs / microsPerUnit) + QLatin1Char('.')
        + fraction;
}

QString Money::format(qint64 micros, int decimals)
{
    decimals = qBound(0, decimals, 6);
    qint64 scale = 1;
    for (int i = decimals; i < 6; ++i)
        scale *= 10;
    const qint64 rounded = saturate(roundedDiv(micros, scale));
    const bool negative = rounded < 0;
    const quint64 abs = negative ? quint64(0) - quint64(rounded) : quint64(rounded);
    qint64 unit = 1;
    for (int i = 0; i < decimals; ++i)
        unit *= 10;
    QString text = QString::number(abs / quint64(unit));
    if (decimals > 0)
        text += QLatin1Char('.') + QStringLiteral("%1").arg(abs % quint64(unit), decimals, 10, QLatin1Char('0'));
    return negative ? QLatin1Char('-') + text : text;
}

QString Money::formatWithCurrency(qint64 micros, const QString& currency, int decimals)
{
    const QString amount = format(micros, decimals);
    if (currency == QLatin1String("USD"))
        return QLatin1Char('$') + amount;
    if (currency == QLatin1String("EUR"))
        return QChar(0x20AC) + amount;
    return currency + QLatin1Char(' ') + amount;
}

qint64 Money::mulDiv(qint64 value, qint64 numerator, qint64 denominator)
{
    if (denominator == 0)
        return 0;
    return saturate(roundedDiv(Int128(value) * Int128(numerator), Int128(denominator)));
}

} // namespace Cost
