#include "backend/vault/Vault.h"

#include "backend/vault/VaultEngine.h"

namespace Backup {

Vault::Vault(std::unique_ptr<VaultEngine> engine)
    : m_engine(std::move(engine))
{
}

Vault::~Vault() = default;

Core::Result<std::unique_ptr<Vault>> Vault::create(Storage::ObjectStore& store, const QString& prefix,
                                                    const CreateOptions& options)
{
    auto engine = VaultEngine::create(store, prefix, options);
    if (!engine)
        return engine.error();
    return std::unique_ptr<Vault>(new Vault(std::move(engine.value())));
}

Core::Result<std::unique_ptr<Vault>> Vault::open(Storage::ObjectStore& store, const QString& prefix,
                                                  const KeySource& key)
{
    auto engine = VaultEngine::open(store, prefix, key);
    if (!engine)
        return engine.error();
    return std::unique_ptr<Vault>(new Vault(std::move(engine.value())));
}

Core::Result<VaultInfo> Vault::peek(Storage::ObjectStore& store, const QString& prefix)
{
    return VaultEngine::peek(store, prefix);
}

Core::Result<std::unique_ptr<Vault>> Vault::createReplicaOf(const Vault& source, Storage::ObjectStore& target,
                                                             const QString& prefix)
{
    auto engine = source.m_engine->createReplica(target, prefix);
    if (!engine)
        return engine.error();
    return std::unique_ptr<Vault>(new Vault(std::move(engine.value())));
}

QByteArray Vault::generateManagedKey()
{
    return VaultEngine::generateManagedKey();
}

const VaultInfo& Vault::info() const { return m_engine->info(); }
const QString& Vault::prefix() const { return m_engine->prefix(); }
Storage::ObjectStore& Vault::store() const { return m_engine->store(); }
QByteArray Vault::managedKey() const { return m_engine->managedKey(); }
Core::Result<QString> Vault::exportRecoveryKey() const { return m_engine->exportRecoveryKey(); }

Core::Result<BackupResult> Vault::backup(Sources::Source& source, const BackupOptions& options,
                                         const ProgressCallback& progress, const std::atomic_bool& cancel)
{
    return m_engine->backup(source, options, progress, cancel);
}

Core::Result<QList<PointInfo>> Vault::points() { return m_engine->points(); }
Core::Result<PointInfo> Vault::point(const QString& pointId) { return m_engine->point(pointId); }
Core::Result<QList<PointEntry>> Vault::listPoint(const QString& pointId) { return m_engine->listPoint(pointId); }

Core::Result<RestoreResult> Vault::restore(const QString& pointId, const RestoreOptions& options,
                                           const ProgressCallback& progress, const std::atomic_bool& cancel)
{
    return m_engine->restore(pointId, options, progress, cancel);
}

Core::Result<CheckResult> Vault::check(const CheckOptions& options, const ProgressCallback& progress,
                                       const std::atomic_bool& cancel)
{
    return m_engine->check(options, progress, cancel);
}

Core::Status Vault::deletePoint(const QString& pointId) { return m_engine->deletePoint(pointId); }

Core::Result<PruneResult> Vault::prune(const ProgressCallback& progress, const std::atomic_bool& cancel)
{
    return m_engine->prune(progress, cancel);
}

Core::Result<ReplicaSelection> Vault::selectForReplica(const QStringList& pointIds, const std::atomic_bool& cancel,
                                                       const QSet<QByteArray>& indexedInTarget)
{
    return m_engine->selectForReplica(pointIds, cancel, indexedInTarget);
}

Core::Result<QSet<QByteArray>> Vault::indexedPacks(const std::atomic_bool& cancel)
{
    return m_engine->indexedPacks(cancel);
}

Core::Result<qint64> Vault::storedBytes() { return m_engine->storedBytes(); }

} // namespace Backup
