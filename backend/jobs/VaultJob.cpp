#include "backend/jobs/VaultJob.h"

#include "backend/catalog/Catalog.h"

#include <QDir>
#include <QFileInfo>

namespace Jobs {

VaultJob::VaultJob(QString type, Vaults::VaultAccess access, QString description)
    : Job(std::move(type), access.record().name, std::move(description))
    , m_access(std::move(access))
{
}

VaultJob::~VaultJob() = default;

Backup::ProgressCallback VaultJob::progressCallback()
{
    return [this](const Backup::Progress& p) {
        reportProgress(Backup::phaseName(p.phase), p.bytesDone, p.bytesTotal, p.filesDone, p.filesTotal);
    };
}

Core::Result<std::unique_ptr<QLockFile>> VaultJob::lockVault()
{
    if (!catalog())
        return std::unique_ptr<QLockFile>();
    const QString folder = QFileInfo(catalog()->path()).absolutePath() + QStringLiteral("/locks");
    if (!QDir().mkpath(folder))
        return Core::fail(Core::ErrorCode::Io, tr("Cannot create the lock folder %1.").arg(folder));
    auto lock = std::make_unique<QLockFile>(folder + QStringLiteral("/vault-") + m_access.record().name + QStringLiteral(".lock"));
    lock->setStaleLockTime(0); // only a dead owner makes it stale, never its age
    while (!lock->tryLock(200)) {
        if (lock->error() == QLockFile::PermissionError || lock->error() == QLockFile::UnknownError)
            return Core::fail(Core::ErrorCode::Io, tr("Cannot take the lock of vault '%1' in %2.").arg(m_access.record().name, folder));
        if (cancelFlag())
            return Core::fail(Core::ErrorCode::Cancelled, tr("Cancelled while waiting for another job on vault '%1'.").arg(m_access.record().name));
        reportProgress(QStringLiteral("waiting"), 0, 0);
    }
    return lock;
}

} // namespace Jobs
