#pragma once

#include "backend/core/Result.h"
#include "backend/cost/Actuals.h"
#include "backend/cost/Estimate.h"
#include "backend/cost/PriceCatalog.h"
#include "backend/regions/Region.h"

namespace Core {
class Workspace;
}

namespace Cost {

// Prices backups and copies with a PriceCatalog. Pure computation: no I/O, no clock, so
// every figure can be checked by hand. Money is integer micro-units, a GB is 10^9 bytes and
// a month is 730 hours. Errors are InvalidInput whose message starts with the field's name
// ("size: …", "to (gcp/x): …"), matching the CLI flags without their dashes.
//
// Model of an estimate: a full copy stores sourceBytes / ratio; every day adds
// changeRate x that much new data; a region keeps the changes of its last retentionDays, so
// its stored bytes ramp up linearly until retention has filled and stay flat after that.
// Storage is billed on the byte-hours of each 730-hour month; a copy region additionally pays
// the transfer of everything copied into it (the first full copy, then the daily changes)
// at the source sheet's price for that destination.
class CostEngine final
{
public:
    explicit CostEngine(PriceCatalog catalog);
    // An engine over the shipped sheets plus the workspace's edits (<workspace>/prices.json).
    static Core::Result<CostEngine> forWorkspace(const Core::Workspace& workspace);

    const PriceCatalog& catalog() const { return m_catalog; }

    // Limits that keep input sane (and the arithmetic far from overflow).
    static constexpr qint64 maxSourceBytes = 100'000'000'000'000'000; // 100 PB
    static constexpr int maxRetentionDays = 36'500;
    static constexpr int maxMonths = 120;
    static constexpr int maxCopies = 16;

    Core::Result<Estimate> estimate(const EstimateInput& input) const;
    // Price of moving bytes once from one sheet region to another (copy preview).
    Core::Result<CopyQuote> priceCopy(qint64 bytes, const QString& from, const QString& to) const;
    // The same between workspace regions (what a copy or replication preview knows): a region
    // without a price sheet (a local folder) makes the copy cost 0, said so in the note.
    Core::Result<CopyQuote> priceCopy(qint64 bytes, const Regions::Region& from, const Regions::Region& to) const;
    // Month-to-date costs of what vaults store and copy jobs moved.
    Core::Result<Actuals> actuals(const ActualsInput& input) const;

    // Transfer price per GB from one sheet to another and how it was chosen.
    struct TransferPrice
    {
        qint64 micros = 0;
        QString kind;
    };
    static TransferPrice transferPrice(const PriceSheet& from, const PriceSheet& to);

private:
    Core::Status validate(const EstimateInput& input) const;

    PriceCatalog m_catalog;
};

} // namespace Cost
