#pragma once

#include "backend/core/Result.h"

#include <QString>
#include <QtGlobal>

namespace Cost {

// Money is held as a whole number of micro-units (1 USD = 1'000'000 micro-dollars) so sums
// are exact; binary floating point never touches an amount. Prices are micro-units per GB,
// where a GB is 10^9 bytes (decimal), as the providers' price lists count it.
class Money final
{
public:
    static constexpr qint64 microsPerUnit = 1'000'000;
    static constexpr qint64 bytesPerGB = 1'000'000'000;
    // GB-hour and GB-month prices are related by 730 hours a month, as the providers do.
    static constexpr qint64 hoursPerMonth = 730;

    // Parses a non-negative decimal amount with at most six decimals ("0.02", "12",
    // "0.000200"). Refuses signs, exponents and extra digits; field names the value in
    // the message.
    static Core::Result<qint64> parse(const QString& text, const QString& field);

    // Exact decimal text: at least two decimals, more only where the amount has them
    // (2'800'000 -> "2.80", 200 -> "0.0002").
    static QString toDecimal(qint64 micros);
    // Rounded half away from zero to `decimals` places for display ("2.80").
    static QString format(qint64 micros, int decimals = 2);
    // "$2.80", "CNY 2.80": the currency's symbol where it has a common one.
    static QString formatWithCurrency(qint64 micros, const QString& currency, int decimals = 2);

    // round(value * numerator / denominator), half away from zero, computed in 128 bits so
    // byte counts times prices cannot overflow; results beyond qint64 saturate (input
    // validation keeps them out of reach).
    static qint64 mulDiv(qint64 value, qint64 numerator, qint64 denominator);
};

} // namespace Cost
