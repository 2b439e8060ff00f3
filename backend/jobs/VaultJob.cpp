#include "backend/jobs/VaultJob.h"

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

} // namespace Jobs
