#pragma once

#include "backend/core/Result.h"
#include "backend/jobs/JobRecord.h"

#include <QList>

namespace Catalog {
class Catalog;
}

namespace Jobs {

// Job rows in the catalog. Every write is one statement (atomic in SQLite), so workers may
// record progress from their own threads; the catalog gives each thread its connection.
class JobRepository final
{
public:
    explicit JobRepository(Catalog::Catalog& catalog);

    // Inserts a queued job owned by this process; returns the record with its id and times.
    Core::Result<JobRecord> insert(JobRecord record);
    Core::Result<JobRecord> find(qint64 id) const;
    // Newest first; empty filters match everything.
    Core::Result<QList<JobRecord>> list(const QString& state = {}, const QString& type = {}) const;

    Core::Status markRunning(qint64 id);
    // Stores the progress; returns whether someone asked (maybe from another process) to
    // cancel the job.
    Core::Result<bool> updateProgress(qint64 id, const JobProgress& progress);
    Core::Status finish(qint64 id, const JobOutcome& outcome);
    // Flags the job for cancellation; the process running it polls the flag.
    Core::Status requestCancel(qint64 id);

    // Jobs left queued or running by a process of this host that no longer exists (killed,
    // crashed) are marked failed, so they do not look alive forever. Returns how many.
    Core::Result<int> reconcileOrphans();

private:
    Catalog::Catalog& m_catalog;
};

} // namespace Jobs
