#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

namespace Cost {

// Plain inputs for month-to-date actual costs, filled by whoever knows the numbers (the
// vault catalog for stored bytes, the job engine for bytes its copy jobs moved).
struct VaultUsage
{
    QString vault;
    QString region;     // workspace region name
    QString priceSheet; // its sheet id; empty: not priced (a local region)
    qint64 storedBytes = 0;
};

struct CopyUsage
{
    QString vault;     // the vault the bytes were copied into
    QString fromSheet; // sheet ids of the two regions (empty: not priced)
    QString toSheet;
    qint64 bytes = 0;
};

struct ActualsInput
{
    QList<VaultUsage> vaults;
    QList<CopyUsage> copies;
    QDateTime monthStart; // UTC
    QDateTime now;        // UTC
};

struct ActualLine
{
    QString vault;
    QString region;
    QString priceSheet;
    qint64 storedBytes = 0;
    qint64 movedBytes = 0;
    qint64 storage = 0; // micro-units, month to date
    qint64 transfer = 0;
    QString note;
    qint64 total() const { return storage + transfer; }
};

struct Actuals
{
    QString currency;
    qint64 hoursElapsed = 0;
    qint64 storage = 0;
    qint64 transfer = 0;
    qint64 total() const { return storage + transfer; }
    QList<ActualLine> lines;
    QStringList notes;
};

} // namespace Cost
