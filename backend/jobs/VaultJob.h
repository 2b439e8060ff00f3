#pragma once

#include "backend/jobs/Job.h"
#include "backend/vault/Progress.h"
#include "backend/vaults/VaultAccess.h"

#include <QLockFile>

#include <memory>

namespace Jobs {

// Base of the jobs that work on one vault (backup, restore, check): holds the vault's
// access, opens the vault on the worker (key derivation runs there, not on the GUI thread)
// and forwards the engine's progress.
class VaultJob : public Job
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VaultJob)

public:
    VaultJob(QString type, Vaults::VaultAccess access, QString description);
    ~VaultJob() override;

protected:
    const Vaults::VaultAccess& access() const { return m_access; }
    Backup::ProgressCallback progressCallback();
    // Jobs of other processes on the same workspace may work on this vault too: waits (in
    // phase "waiting", cancellable) for the vault's lock beside the catalog and returns it;
    // the job holds it until it ends. A lock left by a killed process is taken over at once.
    Core::Result<std::unique_ptr<QLockFile>> lockVault();

private:
    Vaults::VaultAccess m_access;
};

} // namespace Jobs
