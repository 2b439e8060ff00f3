#include "backend/vault/VaultEngine.h"

#include "backend/storage/ObjectStore.h"

#include <QCoreApplication>

namespace Backup {

namespace {
Core::Error notImplemented()
{
    return Core::fail(Core::ErrorCode::Failed, QStringLiteral("not implemented"));
}
} // namespace

VaultEngine::VaultEngine(Storage::ObjectStore& store, QString prefix)
    : m_store(store)
    , m_prefix(std::move(prefix))
{
}

VaultEngine::~VaultEngine() = default;

Core::Result<std::unique_ptr<VaultEngine>> VaultEngine::create(Storage::ObjectStore&, const QString&, const CreateOptions&)
{
    return notImplemented();
}
Core::Result<std::unique_ptr<VaultEngine>> VaultEngine::open(Storage::ObjectStore&, const QString&, const KeySource&)
{
    return notImplemented();
}
Core::Result<VaultInfo> VaultEngine::peek(Storage::ObjectStore&, const QString&) { return notImplemented(); }
QByteArray VaultEngine::generateManagedKey() { return {}; }
Core::Result<std::unique_ptr<VaultEngine>> VaultEngine::createReplica(Storage::ObjectStore&, const QString&) const
{
    return notImplemented();
}
Core::Result<QString> VaultEngine::exportRecoveryKey() const { return notImplemented(); }
Core::Result<BackupResult> VaultEngine::backup(Sources::Source&, const BackupOptions&, const ProgressCallback&,
                                               const std::atomic_bool&)
{
    return notImplemented();
}
Core::Result<QList<PointInfo>> VaultEngine::points() { return notImplemented(); }
Core::Result<PointInfo> VaultEngine::point(const QString&) { return notImplemented(); }
Core::Result<QList<PointEntry>> VaultEngine::listPoint(const QString&) { return notImplemented(); }
Core::Result<RestoreResult> VaultEngine::restore(const QString&, const RestoreOptions&, const ProgressCallback&,
                                                 const std::atomic_bool&)
{
    return notImplemented();
}
Core::Result<CheckResult> VaultEngine::check(const CheckOptions&, const ProgressCallback&, const std::atomic_bool&)
{
    return notImplemented();
}
Core::Status VaultEngine::deletePoint(const QString&) { return notImplemented(); }
Core::Result<PruneResult> VaultEngine::prune(const ProgressCallback&, const std::atomic_bool&) { return notImplemented(); }
Core::Result<qint64> VaultEngine::storedBytes() { return notImplemented(); }

} // namespace Backup
