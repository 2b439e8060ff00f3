#pragma once

#include "backend/core/Result.h"
#include "backend/vault/KeySource.h"
#include "backend/vaults/VaultRecord.h"

#include <memory>

namespace Backup {
class Vault;
}
namespace Storage {
class ObjectStore;
}

namespace Vaults {

// Everything needed to open one vault: its record, its region's store and the key that
// opens it. Made on the caller's thread by VaultService::access(); open() may then run on
// a worker (key derivation takes a moment). Keep it alive while the opened Vault is used.
class VaultAccess final
{
public:
    VaultAccess(VaultRecord record, std::unique_ptr<Storage::ObjectStore> store, Backup::KeySource key);
    ~VaultAccess();
    VaultAccess(VaultAccess&&) noexcept;
    VaultAccess& operator=(VaultAccess&&) noexcept;

    const VaultRecord& record() const { return m_record; }
    Storage::ObjectStore& store() const { return *m_store; }
    // WrongKey / Corrupt / NotFound from the engine, with the vault's name in front.
    Core::Result<std::unique_ptr<Backup::Vault>> open() const;

private:
    VaultRecord m_record;
    std::unique_ptr<Storage::ObjectStore> m_store;
    Backup::KeySource m_key;
};

} // namespace Vaults
