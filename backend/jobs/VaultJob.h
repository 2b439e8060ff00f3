#pragma once

#include "backend/jobs/Job.h"
#include "backend/vault/Progress.h"
#include "backend/vaults/VaultAccess.h"

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

private:
    Vaults::VaultAccess m_access;
};

} // namespace Jobs
