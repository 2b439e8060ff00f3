#pragma once

#include "backend/core/Result.h"
#include "backend/vault/BlobCodec.h"
#include "backend/vault/ChunkIndex.h"
#include "backend/vault/KeyMaterial.h"
#include "backend/vault/KeySource.h"
#include "backend/vault/Progress.h"
#include "backend/vault/VaultFormat.h"
#include "backend/vault/VaultTypes.h"

#include <QJsonObject>
#include <QMutex>
#include <QSet>

#include <atomic>
#include <memory>

namespace Sources {
class Source;
}
namespace Storage {
class ObjectStore;
}

namespace Backup {

// The implementation behind Vault (which stays a thin, stable facade): keys, config,
// the chunk index and the object helpers that BackupRun and RestoreRun use.
class VaultEngine final
{
public:
    ~VaultEngine();

    static Core::Result<std::unique_ptr<VaultEngine>> create(Storage::ObjectStore& store, const QString& prefix,
                                                              const CreateOptions& options);
    static Core::Result<std::unique_ptr<VaultEngine>> open(Storage::ObjectStore& store, const QString& prefix,
                                                            const KeySource& key);
    static Core::Result<VaultInfo> peek(Storage::ObjectStore& store, const QString& prefix);
    static QByteArray generateManagedKey();
    Core::Result<std::unique_ptr<VaultEngine>> createReplica(Storage::ObjectStore& target, const QString& prefix) const;

    const VaultInfo& info() const { return m_info; }
    const QString& prefix() const { return m_prefix; }
    Storage::ObjectStore& store() const { return m_store; }
    QByteArray managedKey() const { return m_managedKey; }
    Core::Result<QString> exportRecoveryKey() const;

    Core::Result<BackupResult> backup(Sources::Source& source, const BackupOptions& options,
                                      const ProgressCallback& progress, const std::atomic_bool& cancel);
    Core::Result<QList<PointInfo>> points();
    Core::Result<PointInfo> point(const QString& pointId);
    Core::Result<QList<PointEntry>> listPoint(const QString& pointId);
    Core::Result<RestoreResult> restore(const QString& pointId, const RestoreOptions& options,
                                        const ProgressCallback& progress, const std::atomic_bool& cancel);
    Core::Result<CheckResult> check(const CheckOptions& options, const ProgressCallback& progress,
                                    const std::atomic_bool& cancel);
    Core::Status deletePoint(const QString& pointId);
    Core::Result<PruneResult> prune(const ProgressCallback& progress, const std::atomic_bool& cancel);
    Core::Result<qint64> storedBytes();
    Core::Result<ReplicaSelection> selectForReplica(const QStringList& pointIds, const std::atomic_bool& cancel,
                                                    const QSet<QByteArray>& indexedInTarget = {});
    // The ids of every pack the vault's index lists.
    Core::Result<QSet<QByteArray>> indexedPacks(const std::atomic_bool& cancel);

    // --- for BackupRun / RestoreRun ---------------------------------------------------
    const KeyMaterial& keys() const { return m_keys; }
    const BlobCodec& codec() const { return *m_codec; }
    ChunkIndex& index() { return m_index; }
    QString objectKey(const QString& relative) const { return m_prefix + relative; }
    // Loads the index objects not loaded yet (another process may have added some).
    Core::Status refreshIndex(const std::atomic_bool& cancel);
    Core::Status put(const QString& relative, const QByteArray& data);
    // get() plus decodeObject(); a missing object is NotFound, a bad one Corrupt, both named.
    Core::Result<QByteArray> getDecoded(const QString& relative, const QByteArray& role, bool hashedName);
    Core::Result<QList<TreeEntry>> loadTree(const QString& treeKey);
    // A point with its tree (and the tree's object name when treeKey is given).
    Core::Result<std::pair<PointInfo, QList<TreeEntry>>> loadPoint(const QString& pointId, QString* treeKey = nullptr);
    // Records an index object written by this process so refreshIndex() skips it.
    void noteIndexObject(const QString& relative) { m_loadedIndexes.insert(relative); }
    // Forgets the loaded index (after prune rewrote it).
    void resetIndex()
    {
        m_index.clear();
        m_loadedIndexes.clear();
    }

    Core::Error corrupt(const QString& relative, const QString& what) const;
    Core::Error storeError(const Core::Error& error, const QString& relative) const;

private:
    VaultEngine(Storage::ObjectStore& store, QString prefix);
    static Core::Result<QJsonObject> readConfig(Storage::ObjectStore& store, const QString& prefix);
    static Core::Result<VaultInfo> parseConfig(const QJsonObject& config, const QString& where);
    static QJsonObject configJson(const VaultInfo& info, const KeyMaterial& keys);
    static Core::Result<QJsonObject> makeKeyObject(const KeySource& key, const QByteArray& secret,
                                                   const KeyMaterial& keys);
    static Core::Result<QByteArray> secretOf(const KeySource& key);

    Storage::ObjectStore& m_store;
    QString m_prefix;
    VaultInfo m_info;
    QByteArray m_managedKey;
    KeyMaterial m_keys;
    std::unique_ptr<BlobCodec> m_codec;
    ChunkIndex m_index;
    QSet<QString> m_loadedIndexes;
};

} // namespace Backup
