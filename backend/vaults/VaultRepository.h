#pragma once

#include "backend/core/Result.h"
#include "backend/vaults/VaultRecord.h"

#include <QList>

namespace Catalog {
class Catalog;
}

namespace Vaults {

// Vault rows in the catalog, with their point counts. Plain SQL, no validation (that is
// VaultService's job); usable from any thread.
class VaultRepository final
{
public:
    explicit VaultRepository(Catalog::Catalog& catalog);

    // Sorted by name.
    Core::Result<QList<VaultRecord>> all() const;
    // NotFound names the vault.
    Core::Result<VaultRecord> find(const QString& name) const;
    Core::Result<VaultRecord> insert(VaultRecord record);
    // Removes the vault and (cascading) its points.
    Core::Status remove(const QString& name);
    Core::Status setStoredBytes(const QString& name, qint64 bytes);
    Core::Status addStoredBytes(const QString& name, qint64 bytes);
    Core::Status setRecoveryKeyExported(const QString& name, bool exported);

private:
    Catalog::Catalog& m_catalog;
};

} // namespace Vaults
