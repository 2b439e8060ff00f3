#include "backend/cost/CostEngine.h"

#include "backend/core/Workspace.h"
#include "backend/cost/Money.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>
#include <limits>

namespace Cost {

namespace {

__extension__ using Int128 = __int128;

Int128 roundedDiv(Int128 num, Int128 den)
{
    return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

qint64 toInt64(Int128 v)
{
    return v > std::numeric_limits<qint64>::max() ? std::numeric_limits<qint64>::max() : static_cast<qint64>(v);
}

Core::Error invalid(const QString& field, const QString& message)
{
    return Core::fail(Core::ErrorCode::InvalidInput, field + QStringLiteral(": ") + message);
}

QString unknownSheet(const QString& id)
{
    return QCoreApplication::translate("Cost::CostEngine", "unknown price sheet region '%1' (see 'price list').")
        .arg(id);
}

// 2 x the integral of min(t, limit) dt over [a, b] (all in hours): exact in integers.
Int128 twiceRampIntegral(Int128 a, Int128 b, Int128 limit)
{
    if (b <= limit)
        return b * b - a * a;
    if (a >= limit)
        return 2 * limit * (b - a);
    return (limit * limit - a * a) + 2 * limit * (b - limit);
}

} // namespace

CostEngine::CostEngine(PriceCatalog catalog)
    : m_catalog(std::move(catalog))
{ }

Core::Result<CostEngine> CostEngine::forWorkspace(const Core::Workspace& workspace)
{
    auto catalog = PriceCatalog::load(workspace.filePath(PriceCatalog::overridesFileName()));
    if (!catalog)
        return catalog.error();
    return CostEngine(catalog.value());
}

CostEngine::TransferPrice CostEngine::transferPrice(const PriceSheet& from, const PriceSheet& to)
{
    if (from.id == to.id)
        return {0, QStringLiteral("none")};
    for (const DestinationPrice& d : from.transferDestinations) {
        if (d.to == to.id)
            return {d.price.micros, QStringLiteral("destination")};
    }
    if (from.provider != to.provider)
        return {from.egress.micros, QStringLiteral("egress")};
    if (from.continent.compare(to.continent, Qt::CaseInsensitive) == 0)
        return {from.transferSameContinent.micros, QStringLiteral("same-continent")};
    return {from.transferOtherContinent.micros, QStringLiteral("other-continent")};
}

Core::Status CostEngine::validate(const EstimateInput& in) const
{
    if (in.sourceBytes <= 0 || in.sourceBytes > maxSourceBytes)
        return invalid(
            QStringLiteral("size"),
            QCoreApplication::translate("Cost::CostEngine", "must be more than 0 bytes and at most 100 PB."));
    if (in.changeRatePpm < 0 || in.changeRatePpm > 1'000'000)
        return invalid(QStringLiteral("change-rate"),
                       QCoreApplication::translate("Cost::CostEngine", "must be between 0% and 100% a day."));
    if (in.ratioMilli < 100 || in.ratioMilli > 1'000'000)
        return invalid(QStringLiteral("ratio"),
                       QCoreApplication::translate("Cost::CostEngine",
                                                   "must be between 0.1 and 1000 (logical size : stored size)."));
    if (in.intervalHours < 1 || in.intervalHours > 24 * 366)
        return invalid(QStringLiteral("interval-hours"),
                       QCoreApplication::translate("Cost::CostEngine", "must be between 1 hour and 366 days."));
    if (in.retentionDays < 1 || in.retentionDays > maxRetentionDays)
        return invalid(
            QStringLiteral("retention-days"),
            QCoreApplication::translate("Cost::CostEngine", "must be between 1 and %1 days.").arg(maxRetentionDays));
    if (in.months < 1 || in.months > maxMonths)
        return invalid(QStringLiteral("months"),
                       QCoreApplication::translate("Cost::CostEngine", "must be between 1 and %1.").arg(maxMonths));
    if (in.sourceRegion.isEmpty())
        return invalid(QStringLiteral("from"),
                       QCoreApplication::translate("Cost::CostEngine", "name the source's price sheet region."));
    const PriceSheet* source = m_catalog.find(in.sourceRegion);
    if (!source)
        return invalid(QStringLiteral("from"), unknownSheet(in.sourceRegion));
    if (in.copies.isEmpty() && !in.includeSource)
        return invalid(QStringLiteral("to"),
                       QCoreApplication::translate("Cost::CostEngine",
                                                   "name at least one copy region (or include the source region)."));
    if (in.copies.size() > maxCopies)
        return invalid(QStringLiteral("to"),
                       QCoreApplication::translate("Cost::CostEngine", "at most %1 copy regions.").arg(maxCopies));
    QSet<QString> seen;
    for (const CopyTarget& copy : in.copies) {
        const QString field = QStringLiteral("to (%1)").arg(copy.region);
        if (copy.region.isEmpty())
            return invalid(QStringLiteral("to"),
                           QCoreApplication::translate("Cost::CostEngine", "a copy region is empty."));
        const PriceSheet* sheet = m_catalog.find(copy.region);
        if (!sheet)
            return invalid(QStringLiteral("to"), unknownSheet(copy.region));
        if (copy.region == in.sourceRegion)
            return invalid(
                field,
                QCoreApplication::translate("Cost::CostEngine", "is the source region; copies go to other regions."));
        if (seen.contains(copy.region))
            return invalid(field, QCoreApplication::translate("Cost::CostEngine", "is named twice."));
        seen.insert(copy.region);
        if (copy.retentionDays < 1 || copy.retentionDays > maxRetentionDays)
            return invalid(field,
                           QCoreApplication::translate("Cost::CostEngine", "retention must be between 1 and %1 days.")
                               .arg(maxRetentionDays));
        if (sheet->currency != source->currency)
            return invalid(field,
                           QCoreApplication::translate("Cost::CostEngine",
                                                       "is priced in %1 but the source region in %2; "
                                                       "edit one sheet so both use the same currency.")
                               .arg(sheet->currency, source->currency));
    }
    return {};
}

Core::Result<Estimate> CostEngine::estimate(const EstimateInput& in) const
{
    if (Core::Status valid = validate(in); !valid)
        return valid.error();
    const PriceSheet& source = *m_catalog.find(in.sourceRegion);

    // Stored bytes of one full copy, and new stored bytes a day.
    const Int128 full = roundedDiv(Int128(in.sourceBytes) * 1000, in.ratioMilli);
    const Int128 daily = roundedDiv(full * in.changeRatePpm, 1'000'000);
    const int projectionMonths = std::max(12, in.months);
    const Int128 monthHours = Money::hoursPerMonth;

    Estimate result;
    result.currency = source.currency;
    result.months = in.months;

    auto priceRegion = [&](const PriceSheet& sheet, int retentionDays, bool isSource) {
        RegionEstimate r;
        r.region = sheet.id;
        r.isSource = isSource;
        r.retentionDays = retentionDays;
        r.points = retentionDays * 24 / in.intervalHours + 1;
        r.steadyStoredBytes = toInt64(full + daily * retentionDays);
        r.storagePricePerGBMonth = sheet.storageMicrosPerGBMonth();
        TransferPrice transfer = isSource ? TransferPrice {0, QStringLiteral("none")} : transferPrice(source, sheet);
        r.transferPricePerGB = transfer.micros;
        r.transferKind = transfer.kind;
        const Int128 limit = Int128(retentionDays) * 24;
        for (int m = 0; m < projectionMonths; ++m) {
            const Int128 a = monthHours * m;
            const Int128 b = monthHours * (m + 1);
            // 48 x byte-hours: full x 730 h plus (daily / 24) x the ramp's integral.
            const Int128 byteHours48 = 48 * full * monthHours + daily * twiceRampIntegral(a, b, limit);
            MonthCost month;
            month.averageStoredBytes = toInt64(roundedDiv(byteHours48, 48 * monthHours));
            month.storage = toInt64(roundedDiv(byteHours48 * sheet.storage.micros,
                                               Int128(48) * Money::bytesPerGB * sheet.storageUnitHours()));
            if (!isSource) {
                // 24 x bytes moved: the first full copy, then a month of daily changes.
                const Int128 moved24 = (m == 0 ? full * 24 : Int128(0)) + daily * monthHours;
                month.movedBytes = toInt64(roundedDiv(moved24, 24));
                month.transfer = toInt64(roundedDiv(moved24 * transfer.micros, Int128(24) * Money::bytesPerGB));
            }
            if (m < in.months) {
                r.storage += month.storage;
                r.transfer += month.transfer;
            }
            r.projection.append(month);
        }
        result.storage += r.storage;
        result.transfer += r.transfer;
        result.regions.append(r);
    };

    if (in.includeSource)
        priceRegion(source, in.retentionDays, true);
    for (const CopyTarget& copy : in.copies)
        priceRegion(*m_catalog.find(copy.region), copy.retentionDays, false);

    result.notes.append(QCoreApplication::translate("Cost::CostEngine",
                                                    "1 GB = 10^9 bytes; a month is 730 hours; prices from the sheets' "
                                                    "sources, rounded to the cent only for display."));
    QStringList examples;
    for (const RegionEstimate& r : std::as_const(result.regions)) {
        if (m_catalog.find(r.region)->example)
            examples.append(r.region);
    }
    if (source.example && !examples.contains(source.id))
        examples.prepend(source.id);
    if (!examples.isEmpty())
        result.notes.append(
            QCoreApplication::translate("Cost::CostEngine", "Example prices (not from a published list) for: %1.")
                .arg(examples.join(QStringLiteral(", "))));
    return result;
}

Core::Result<CopyQuote> CostEngine::priceCopy(qint64 bytes, const QString& from, const QString& to) const
{
    if (bytes < 0 || bytes > maxSourceBytes)
        return invalid(QStringLiteral("bytes"),
                       QCoreApplication::translate("Cost::CostEngine", "must be between 0 bytes and 100 PB."));
    const PriceSheet* source = m_catalog.find(from);
    if (!source)
        return invalid(QStringLiteral("from"), unknownSheet(from));
    const PriceSheet* target = m_catalog.find(to);
    if (!target)
        return invalid(QStringLiteral("to"), unknownSheet(to));
    const TransferPrice price = transferPrice(*source, *target);
    CopyQuote quote;
    quote.from = from;
    quote.to = to;
    quote.bytes = bytes;
    quote.currency = source->currency;
    quote.kind = price.kind;
    quote.pricePerGB = price.micros;
    quote.transfer = Money::mulDiv(bytes, price.micros, Money::bytesPerGB);
    quote.storagePerMonth = toInt64(roundedDiv(Int128(bytes) * target->storage.micros * Money::hoursPerMonth,
                                               Int128(Money::bytesPerGB) * target->storageUnitHours()));
    return quote;
}

Core::Result<CopyQuote> CostEngine::priceCopy(qint64 bytes, const Regions::Region& from,
                                              const Regions::Region& to) const
{
    if (!from.priceSheet.isEmpty() && !to.priceSheet.isEmpty()) {
        auto quote = priceCopy(bytes, from.priceSheet, to.priceSheet);
        if (!quote) {
            return Core::fail(
                Core::ErrorCode::InvalidInput,
                QCoreApplication::translate("Cost::CostEngine", "Region '%1' or '%2', field priceSheet: %3")
                    .arg(from.name, to.name, quote.error().message()));
        }
        return quote;
    }
    if (bytes < 0 || bytes > maxSourceBytes)
        return invalid(QStringLiteral("bytes"),
                       QCoreApplication::translate("Cost::CostEngine", "must be between 0 bytes and 100 PB."));
    CopyQuote quote;
    quote.from = from.name;
    quote.to = to.name;
    quote.bytes = bytes;
    quote.currency = QStringLiteral("USD");
    quote.kind = QStringLiteral("unpriced");
    const QString unpriced = from.priceSheet.isEmpty() ? from.name : to.name;
    quote.note = QCoreApplication::translate(
                     "Cost::CostEngine", "Region '%1' has no price sheet (a local folder?): the copy is priced at 0.")
                     .arg(unpriced);
    return quote;
}

Core::Result<Actuals> CostEngine::actuals(const ActualsInput& in) const
{
    if (!in.monthStart.isValid() || !in.now.isValid() || in.now < in.monthStart)
        return invalid(QStringLiteral("now"),
                       QCoreApplication::translate("Cost::CostEngine", "must be a time after the month's start."));
    const qint64 seconds = in.monthStart.secsTo(in.now);
    Actuals result;
    result.hoursElapsed = seconds / 3600;

    auto lineFor = [&](const QString& vault) -> ActualLine& {
        for (ActualLine& line : result.lines) {
            if (line.vault == vault)
                return line;
        }
        result.lines.append(ActualLine {});
        result.lines.last().vault = vault;
        return result.lines.last();
    };
    auto addNote = [](ActualLine& line, const QString& note) {
        line.note = line.note.isEmpty() ? note : line.note + QStringLiteral("; ") + note;
    };
    auto counts = [&](const QString& currency) {
        if (result.currency.isEmpty())
            result.currency = currency;
        return result.currency == currency;
    };

    for (const VaultUsage& usage : in.vaults) {
        if (usage.storedBytes < 0)
            return invalid(QStringLiteral("storedBytes (%1)").arg(usage.vault),
                           QCoreApplication::translate("Cost::CostEngine", "must not be negative."));
        ActualLine& line = lineFor(usage.vault);
        line.region = usage.region;
        line.priceSheet = usage.priceSheet;
        line.storedBytes += usage.storedBytes;
        if (usage.priceSheet.isEmpty()) {
            addNote(line, QCoreApplication::translate("Cost::CostEngine", "no price sheet (local region): cost 0"));
            continue;
        }
        const PriceSheet* sheet = m_catalog.find(usage.priceSheet);
        if (!sheet) {
            addNote(line, unknownSheet(usage.priceSheet));
            continue;
        }
        const qint64 cost = toInt64(roundedDiv(Int128(usage.storedBytes) * sheet->storage.micros * seconds,
                                               Int128(Money::bytesPerGB) * sheet->storageUnitHours() * 3600));
        if (!counts(sheet->currency)) {
            addNote(line,
                    QCoreApplication::translate("Cost::CostEngine", "priced in %1, not added to the %2 total")
                        .arg(sheet->currency, result.currency));
            continue;
        }
        line.storage += cost;
        result.storage += cost;
    }
    for (const CopyUsage& copy : in.copies) {
        if (copy.bytes < 0)
            return invalid(QStringLiteral("bytes (%1)").arg(copy.vault),
                           QCoreApplication::translate("Cost::CostEngine", "must not be negative."));
        ActualLine& line = lineFor(copy.vault);
        line.movedBytes += copy.bytes;
        const PriceSheet* from = m_catalog.find(copy.fromSheet);
        const PriceSheet* to = m_catalog.find(copy.toSheet);
        if (!from || !to) {
            addNote(line, QCoreApplication::translate("Cost::CostEngine", "copy between unpriced regions: cost 0"));
            continue;
        }
        const qint64 cost = Money::mulDiv(copy.bytes, transferPrice(*from, *to).micros, Money::bytesPerGB);
        if (!counts(from->currency)) {
            addNote(line,
                    QCoreApplication::translate("Cost::CostEngine", "transfer priced in %1, not added to the %2 total")
                        .arg(from->currency, result.currency));
            continue;
        }
        line.transfer += cost;
        result.transfer += cost;
    }
    if (result.currency.isEmpty())
        result.currency = QStringLiteral("USD");
    return result;
}

} // namespace Cost
