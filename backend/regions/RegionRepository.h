#pragma once

#include "backend/core/Result.h"
#include "backend/regions/Region.h"

#include <QList>

namespace Catalog {
class Catalog;
}

namespace Regions {

// Region rows and workspace settings in the catalog. Plain SQL, no validation (that is
// RegionService's job); safe to use from any thread (the catalog gives each its connection).
class RegionRepository final
{
public:
    explicit RegionRepository(Catalog::Catalog& catalog);

    Core::Result<QList<Region>> all() const;
    Core::Result<Region> insert(const Region& region);
    Core::Status update(const Region& region);
    Core::Status remove(const QString& name);

    Core::Result<QString> setting(const QString& key) const;
    Core::Status setSetting(const QString& key, const QString& value);

private:
    Catalog::Catalog& m_catalog;
};

} // namespace Regions
