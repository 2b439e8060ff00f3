#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QtGlobal>

namespace Cost {

// One published figure: a price in micro-units per GB (10^9 bytes) with where it came from.
struct PriceFigure
{
    qint64 micros = 0;
    QString source; // document or URL the figure was taken from
    QString date;   // when it was read there (ISO date)
};

// A per-destination transfer price, where a provider publishes one.
struct DestinationPrice
{
    QString to; // sheet id of the destination region
    PriceFigure price;
};

// Prices of one provider region ("gcp/us-west1"). Storage is billed per GB-month or per
// GB-hour (normalised with 730 hours a month); transfer out of the region per GB, split by
// same / other continent, with per-destination figures taking precedence; egress is the
// price of leaving the provider (internet or another provider); restore the price of reading
// data back (retrieval), if any.
struct PriceSheet
{
    enum class StorageUnit { GBMonth, GBHour };

    QString id; // "provider/region"
    QString provider;
    QString name; // human name, e.g. "Oregon"
    QString continent;
    QString currency; // ISO 4217, e.g. "USD"
    bool example = false; // figures are illustrative, not from a published price list
    QString note;

    PriceFigure storage;
    StorageUnit storageUnit = StorageUnit::GBMonth;
    PriceFigure transferSameContinent;
    PriceFigure transferOtherContinent;
    QList<DestinationPrice> transferDestinations;
    PriceFigure egress;
    PriceFigure restore;

    // Hours covered by one storage price unit: 730 for GB-month, 1 for GB-hour.
    qint64 storageUnitHours() const;
    // The storage price per GB-month in micro-units (a GB-hour price times 730: exact).
    qint64 storageMicrosPerGBMonth() const;
    static QString unitName(StorageUnit unit);

    QJsonObject toJson() const;
};

} // namespace Cost
