#pragma once

#include "backend/core/Result.h"
#include "backend/jobs/Job.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <map>
#include <memory>

namespace Catalog {
class Catalog;
}

namespace Jobs {

// Runs jobs on a thread pool: jobs on the same vault one after another (in submission
// order), different vaults in parallel. Every job is recorded in the catalog (queued when
// submitted; the job itself records running, progress and its end). A job can be chained
// after a parent: it starts when the parent succeeded (or partly succeeded) and is cancelled
// when the parent failed or was cancelled.
//
// Lives on the thread that created it (the GUI thread in the console, main in the CLI); call
// it from that thread only. Its signals are emitted there, never from workers.
class JobRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)

public:
    // Marks jobs left queued/running by dead processes of this host as failed
    // (JobRepository::reconcileOrphans), so a killed job never looks alive.
    explicit JobRunner(Catalog::Catalog& catalog, QObject* parent = nullptr);
    // Cancels what is still running and waits for the workers.
    ~JobRunner() override;

    void setMaxParallel(int threads);

    // Records the job as queued and starts it as soon as its vault is free. Takes ownership.
    Core::Result<qint64> submit(std::unique_ptr<Job> job);
    // Same, but the job waits for parentId to finish first. The parent may be a job of this
    // runner or one already finished (its recorded state decides).
    Core::Result<qint64> chain(qint64 parentId, std::unique_ptr<Job> job);

    // Cancels a queued or running job. Jobs of other processes are flagged in the catalog;
    // the process running them stops them at its next progress report.
    Core::Status cancel(qint64 id);
    void cancelAll();

    // A job of this runner (also finished ones, until the runner is destroyed), or nullptr.
    Job* job(qint64 id) const;
    // Jobs of this runner not finished yet.
    int pendingCount() const;

signals:
    void jobQueued(qint64 id);
    void jobStarted(qint64 id);
    void jobProgress(qint64 id, const Jobs::JobProgress& progress);
    void jobFinished(qint64 id, const Jobs::JobOutcome& outcome);
    // No job of this runner is queued or running any more.
    void idle();

private:
    Core::Result<qint64> record(Job* job, qint64 parentId);
    void enqueue(Job* job);
    void startNext(const QString& key);
    void handleFinished(Job* job, const JobOutcome& outcome);
    void releaseChildren(qint64 parentId, const JobOutcome& outcome);
    void finishWithoutRunning(Job* job, const JobOutcome& outcome);
    QString queueKey(const Job* job) const;

    Catalog::Catalog& m_catalog;
    QThreadPool m_pool;
    // Finished jobs stay here (inspectable) until the runner goes: a worker may still be
    // returning from run() when its finished() arrives, so deleting earlier would race.
    std::map<qint64, std::unique_ptr<Job>> m_jobs;
    QSet<qint64> m_pending;                // queued, waiting or running
    QHash<QString, QList<Job*>> m_waiting; // per vault, in submission order
    QSet<QString> m_busy;                  // vaults with a running job
    QHash<qint64, QList<Job*>> m_children; // chained on a parent not finished yet
};

} // namespace Jobs
