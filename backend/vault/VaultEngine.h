#pragma once

#include "backend/core/Result.h"
#include "backend/vault/KeySource.h"
#include "backend/vault/Progress.h"
#include "backend/vault/VaultTypes.h"

#include <atomic>
#include <memory>

namespace Sources {
class Source;
}
namespace Storage {
class ObjectStore;
}

namespace Backup {

// The implementation behind Vault (which stays a thin, stable facade).
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

private:
    VaultEngine(Storage::ObjectStore& store, QString prefix);

    Storage::ObjectStore& m_store;
    QString m_prefix;
    VaultInfo m_info;
    QByteArray m_managedKey;
};

} // namespace Backup
