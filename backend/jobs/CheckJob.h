#pragma once

#include "backend/jobs/VaultJob.h"
#include "backend/vault/VaultTypes.h"

namespace Jobs {

// Checks a vault's structure (and with readData its contents). Missing or corrupt objects
// fail the job (ErrorCode::Corrupt) and are listed by name; leftovers of killed backups are
// only reported as reclaimable. Result document:
// {"vault","ok","points","packsChecked","packsRead","errors":[{"key","problem"}],
//  "reclaimable","reclaimableBytes","reclaimableObjects":[…]}
class CheckJob final : public VaultJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckJob)

public:
    CheckJob(Vaults::VaultAccess access, Backup::CheckOptions options);
    ~CheckJob() override;

protected:
    JobOutcome execute() override;

private:
    Backup::CheckOptions m_options;
};

} // namespace Jobs
