#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace Cost {

// A region that receives copies of every backup, with its own retention.
struct CopyTarget
{
    QString region; // price sheet id, e.g. "gcp/europe-west3"
    int retentionDays = 30;
};

// What an estimate is computed from. Sizes in bytes; rates as integers so the arithmetic
// stays exact: changeRatePpm is unique new data per day in parts per million of the source
// (1% a day = 10'000), ratioMilli the logical:stored ratio from dedup and compression in
// thousandths (2.5:1 = 2'500).
struct EstimateInput
{
    qint64 sourceBytes = 0;
    qint64 changeRatePpm = 0;
    qint64 ratioMilli = 1000;
    int intervalHours = 24; // one backup every N hours
    int retentionDays = 30; // the source vault's retention
    QString sourceRegion;
    // The source vault's own storage is included only on request: the usual question is
    // what copying adds (the published worked example prices the copies alone).
    bool includeSource = false;
    QList<CopyTarget> copies;
    int months = 1; // months summed into the totals (the projection always covers >= 12)
};

// One month of one region.
struct MonthCost
{
    qint64 averageStoredBytes = 0;
    qint64 movedBytes = 0; // bytes copied into the region during the month
    qint64 storage = 0;    // micro-units
    qint64 transfer = 0;   // micro-units
};

struct RegionEstimate
{
    QString region;
    bool isSource = false;
    int retentionDays = 0;
    int points = 0;                // restore points kept at steady state
    qint64 steadyStoredBytes = 0;  // once retention has filled
    qint64 storagePricePerGBMonth = 0;
    qint64 transferPricePerGB = 0; // from the source region to this one
    QString transferKind;          // "same-continent", "other-continent", "destination", "egress", "none"
    qint64 storage = 0;            // over the estimate's months, micro-units
    qint64 transfer = 0;
    QList<MonthCost> projection;   // month 1 first
    qint64 total() const { return storage + transfer; }
};

struct Estimate
{
    QString currency;
    int months = 1;
    qint64 storage = 0;
    qint64 transfer = 0;
    qint64 total() const { return storage + transfer; }
    QList<RegionEstimate> regions;
    QStringList notes;
};

// The price of moving bytes between two regions once (a copy or replication preview).
struct CopyQuote
{
    QString from;
    QString to;
    qint64 bytes = 0;
    QString currency;
    QString kind; // as RegionEstimate::transferKind
    qint64 pricePerGB = 0;
    qint64 transfer = 0; // micro-units
    qint64 storagePerMonth = 0; // keeping the bytes in the destination for one month
    QString note;               // e.g. why a copy is not priced (a region without a sheet)
};

} // namespace Cost
