#pragma once

#include "backend/jobs/VaultJob.h"
#include "backend/vault/VaultTypes.h"

namespace Jobs {

// Restores a point (or some of its paths) into a folder; every chunk is verified by the
// engine. Ends Partial when some modes, times or links could not be set (listed).
// Result document: {"point","vault","target","files","bytes","problems":[{"path","reason"}]}
class RestoreJob final : public VaultJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestoreJob)

public:
    RestoreJob(Vaults::VaultAccess access, QString pointId, Backup::RestoreOptions options);
    ~RestoreJob() override;

protected:
    JobOutcome execute() override;

private:
    QString m_pointId;
    Backup::RestoreOptions m_options;
};

} // namespace Jobs
