#pragma once

#include "backend/core/Result.h"
#include "backend/vault/KeySource.h"
#include "backend/vaults/PointRecord.h"
#include "backend/vaults/VaultAccess.h"
#include "backend/vaults/VaultRecord.h"

#include <QList>
#include <QObject>

#include <optional>

namespace Backup {
struct PointInfo;
}
namespace Core {
class Workspace;
}
namespace Regions {
class RegionService;
}

namespace Vaults {

// What the operator asks for when creating a vault.
struct NewVault
{
    QString name;
    QString region;
    QString description;
    QString label;
    QString type = QStringLiteral("general"); // general | replication-target | standalone
    Backup::EncryptionMethod encryption = Backup::EncryptionMethod::Managed;
    // Customer encryption: the passphrase or key file (required). Managed: ignored.
    Backup::KeySource customerKey;
    // zstd level 1..19 of the new vault's data; 0: the engine's default (Backup::CreateOptions).
    int compressionLevel = 0;
};

// The workspace's vaults: creation in a region (through the engine), import of an existing
// vault, deletion, managed keys in the workspace's SecretStore ("vault.<name>.managed-key"),
// and the catalog's point records. Emits about-to / done pairs that models map onto row
// changes. Lives on the thread that created it. create(), import(), remove(),
// exportRecoveryKey(), deletePoint() and refreshPoints() touch the region's storage (and
// derive keys): call them from a worker in the console.
class VaultService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VaultService)

public:
    VaultService(Core::Workspace& workspace, Regions::RegionService& regions, QObject* parent = nullptr);
    ~VaultService() override;

    // Sorted by name.
    const QList<VaultRecord>& vaults() const { return m_vaults; }
    std::optional<VaultRecord> find(const QString& name) const;

    // Checks names and fields without touching storage; InvalidInput names the field.
    Core::Status validate(const NewVault& spec) const;
    Core::Result<VaultRecord> create(const NewVault& spec);
    // Adds a vault that exists in the region (e.g. made by another workspace). key: the
    // recovery key of a managed vault, the passphrase or key file of a customer-key vault.
    Core::Result<VaultRecord> import(const QString& name, const QString& region, const Backup::KeySource& key);
    // Deletes the vault's objects in its region, its records and its managed key.
    Core::Status remove(const QString& name);

    // Opens the vault's store and resolves its key: the managed key from the SecretStore, or
    // `given` (required for customer-key vaults; InvalidInput says which flag).
    Core::Result<VaultAccess> access(const QString& name, const Backup::KeySource& given = {}) const;
    // The printable recovery key of a managed vault; marks it exported.
    Core::Result<QString> exportRecoveryKey(const QString& name);

    // Points of the catalog (oldest first); empty filters match everything.
    Core::Result<QList<PointRecord>> points(const QString& vault = {}, const QString& source = {}) const;
    // Deletes a point from the vault and the catalog (its data stays until prune).
    Core::Status deletePoint(const QString& vault, const QString& pointId, const Backup::KeySource& given = {});
    // Re-reads the vault's points from its region into the catalog.
    Core::Status refreshPoints(const QString& name, const Backup::KeySource& given = {});

    // Re-reads the catalog (a job or another process may have changed it).
    void reload();

    static QString managedKeyId(const QString& vaultName);
    static PointRecord pointFromInfo(const Backup::PointInfo& info, const VaultRecord& vault);

signals:
    void vaultAboutToBeAdded(int row);
    void vaultAdded(int row);
    void vaultChanged(int row);
    void vaultAboutToBeRemoved(int row);
    void vaultRemoved(int row);
    void pointsChanged(const QString& vault);
    void aboutToReload();
    void reloaded();

private:
    int rowFor(const QString& name) const;
    void insertSorted(const VaultRecord& record);
    void updateRow(const QString& name);

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    QList<VaultRecord> m_vaults;
};

} // namespace Vaults
