#pragma once

#include "backend/core/Result.h"
#include "backend/vault/KeySource.h"
#include "backend/vault/Progress.h"
#include "backend/vault/VaultTypes.h"

#include <QSet>
#include <QString>

#include <atomic>
#include <memory>

namespace Sources {
class Source;
}
namespace Storage {
class ObjectStore;
}

namespace Backup {

class VaultEngine;

// A deduplicated, compressed, encrypted vault stored under a key prefix of an ObjectStore
// (a region's store; by convention "vaults/<vault-name>/"). The format is described in
// docs/vault-format.md. A Vault is opened with its key and then used from worker threads:
// one long operation (backup, restore, check, prune) at a time per Vault object; the
// caller serialises operations per vault across processes (prune must not run beside a
// backup of the same vault).
//
// Every long operation reports progress through the callback and stops promptly when
// cancel becomes true, returning ErrorCode::Cancelled and leaving the vault consistent.
// The ObjectStore must outlive the Vault.
class Vault final
{
public:
    ~Vault();
    Vault(const Vault&) = delete;
    Vault& operator=(const Vault&) = delete;

    // Creates a new vault: config, then the wrapped master key. Fails with AlreadyExists when
    // prefix already holds a vault config; InvalidInput names a bad option.
    static Core::Result<std::unique_ptr<Vault>> create(Storage::ObjectStore& store, const QString& prefix,
                                                        const CreateOptions& options);
    // Opens an existing vault. WrongKey when the key does not open it; Corrupt names the
    // object (config or keys/<id>) when it is damaged; NotFound when there is no vault.
    static Core::Result<std::unique_ptr<Vault>> open(Storage::ObjectStore& store, const QString& prefix,
                                                      const KeySource& key);
    // Reads the plain config without a key (e.g. to show the encryption method at import).
    static Core::Result<VaultInfo> peek(Storage::ObjectStore& store, const QString& prefix);
    // Makes a replica of source at target/prefix: a new vault id, the same key material,
    // key objects and chunker parameters, so stored objects can be copied as they are and
    // the same key opens it. AlreadyExists when the target already holds a vault.
    static Core::Result<std::unique_ptr<Vault>> createReplicaOf(const Vault& source, Storage::ObjectStore& target,
                                                                 const QString& prefix);
    // A fresh random 32-byte managed key.
    static QByteArray generateManagedKey();

    const VaultInfo& info() const;
    const QString& prefix() const;
    Storage::ObjectStore& store() const;
    // Managed vaults: the 32-byte managed key that opened/created it (keep it in the
    // SecretStore); empty for customer-key vaults.
    QByteArray managedKey() const;
    // Managed vaults: printable recovery key ("CVRK1-XXXX-…") that KeySource::recoveryKey()
    // accepts. Customer-key vaults: Refused (the operator's passphrase/key file is the key).
    Core::Result<QString> exportRecoveryKey() const;

    Core::Result<BackupResult> backup(Sources::Source& source, const BackupOptions& options,
                                      const ProgressCallback& progress, const std::atomic_bool& cancel);

    // Every complete point, oldest first.
    Core::Result<QList<PointInfo>> points();
    Core::Result<PointInfo> point(const QString& pointId);
    // The point's tree (for browsing and selective restore).
    Core::Result<QList<PointEntry>> listPoint(const QString& pointId);

    Core::Result<RestoreResult> restore(const QString& pointId, const RestoreOptions& options,
                                        const ProgressCallback& progress, const std::atomic_bool& cancel);

    Core::Result<CheckResult> check(const CheckOptions& options, const ProgressCallback& progress,
                                    const std::atomic_bool& cancel);

    // Removes the point object (its data stays until prune()). NotFound for an unknown id.
    Core::Status deletePoint(const QString& pointId);
    // Removes objects no point needs: leftover packs of killed backups, packs and trees of
    // deleted points; rewrites the index accordingly.
    Core::Result<PruneResult> prune(const ProgressCallback& progress, const std::atomic_bool& cancel);

    // For replication of only these points: the objects they reference and index objects
    // for just those packs (so a replica never indexes a pack it lacks). NotFound names an
    // unknown point; Corrupt a chunk the index does not locate.
    // indexedInTarget: packs the replica's own index already lists (indexedPacks() of the
    // replica, opened with the same key): they get no new index records.
    Core::Result<ReplicaSelection> selectForReplica(const QStringList& pointIds, const std::atomic_bool& cancel,
                                                    const QSet<QByteArray>& indexedInTarget = {});
    // The ids of every pack this vault's index lists.
    Core::Result<QSet<QByteArray>> indexedPacks(const std::atomic_bool& cancel);

    // Sum of the sizes of all stored objects under the prefix.
    Core::Result<qint64> storedBytes();

private:
    explicit Vault(std::unique_ptr<VaultEngine> engine);

    std::unique_ptr<VaultEngine> m_engine;
};

} // namespace Backup
