#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Vaults {

// A backup point as the catalog records it (the vault holds the point object itself).
struct PointRecord
{
    QString id;          // the vault's point id, e.g. "20261122T024650Z-1a2b3c4d"
    qint64 vaultId = 0;
    QString vault;       // vault name (filled by queries)
    QString source;      // absolute path of the source
    QString kind = QStringLiteral("folder"); // folder | sqlite
    QDateTime created;
    QDateTime finished;
    QString state = QStringLiteral("complete"); // complete | partial
    QString origin = QStringLiteral("manual");  // manual | policy | replica
    QString tier = QStringLiteral("standard");  // standard | archive
    QDateTime expires;   // invalid: kept until deleted
    bool locked = false;
    qint64 logicalBytes = 0;
    qint64 storedBytesNew = 0;
    qint64 files = 0;
    qint64 skipped = 0;

    // CLI.md's point document: id, vault, source, created, state, origin, tier, expires…
    QJsonObject toJson() const;
};

} // namespace Vaults
