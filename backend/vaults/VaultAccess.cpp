#include "backend/vaults/VaultAccess.h"

#include "backend/storage/ObjectStore.h"
#include "backend/vault/Vault.h"

#include <QCoreApplication>

namespace Vaults {

VaultAccess::VaultAccess(VaultRecord record, std::unique_ptr<Storage::ObjectStore> store, Backup::KeySource key)
    : m_record(std::move(record))
    , m_store(std::move(store))
    , m_key(std::move(key))
{
}

VaultAccess::~VaultAccess() = default;
VaultAccess::VaultAccess(VaultAccess&&) noexcept = default;
VaultAccess& VaultAccess::operator=(VaultAccess&&) noexcept = default;

Core::Result<std::unique_ptr<Backup::Vault>> VaultAccess::open() const
{
    auto vault = Backup::Vault::open(*m_store, m_record.prefix(), m_key);
    if (!vault)
        return vault.error().withContext(QCoreApplication::translate("Vaults", "Vault '%1': ").arg(m_record.name));
    return vault;
}

} // namespace Vaults
