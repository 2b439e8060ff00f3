#pragma once

#include "backend/core/Result.h"
#include "backend/vaults/PointRecord.h"

#include <QList>

namespace Catalog {
class Catalog;
}

namespace Vaults {

// Point rows in the catalog; usable from any thread (jobs record points from workers).
class PointRepository final
{
public:
    explicit PointRepository(Catalog::Catalog& catalog);

    // Oldest first; empty filters match everything (source: the source's path).
    Core::Result<QList<PointRecord>> list(const QString& vault = {}, const QString& source = {}) const;
    // A point by id, optionally within one vault. NotFound names the point; Refused (with the
    // vaults) when the id exists in several vaults (replicas keep their source's point ids)
    // and no vault was given.
    Core::Result<PointRecord> find(const QString& id, const QString& vault = {}) const;
    // Inserts or replaces (vaultId, id).
    Core::Status upsert(const PointRecord& point);
    Core::Status remove(qint64 vaultId, const QString& id);
    // Replaces the vault's points with the given ones (after an import or a rescan).
    Core::Status replaceAll(qint64 vaultId, const QList<PointRecord>& points);

private:
    Catalog::Catalog& m_catalog;
};

} // namespace Vaults
