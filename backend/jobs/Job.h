#pragma once

#include "backend/core/Result.h"
#include "backend/jobs/JobRecord.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QRunnable>

#include <atomic>

namespace Catalog {
class Catalog;
}

namespace Jobs {

class JobRunner;

// A unit of long work (backup, restore, check, copy…) run on the JobRunner's thread pool.
// Subclasses implement execute(), which runs on a worker thread, reports progress through
// reportProgress() and polls cancelFlag() to stop promptly.
//
// The signals are emitted from the worker thread; receivers on other threads (the runner,
// the GUI) get them queued, so nobody blocks on the work. The job records its state and
// (throttled) progress in the catalog itself, from the worker thread.
class Job : public QObject, public QRunnable
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)

public:
    // vault: the vault the job works on; jobs on one vault run one at a time (empty: none).
    Job(QString type, QString vault, QString description = {});
    ~Job() override;

    qint64 id() const { return m_id; }
    qint64 parentId() const { return m_parent; }
    const QString& type() const { return m_type; }
    const QString& vault() const { return m_vault; }
    const QString& description() const { return m_description; }

    // Thread-safe; the job stops at its next check and ends Cancelled.
    void requestCancel() { m_cancel = true; }
    bool isCancelRequested() const { return m_cancel; }
    JobProgress progress() const;
    // Valid once finished() was emitted.
    JobOutcome outcome() const;

    void run() final;

    // A chained job gets its parent's outcome (e.g. the backup's point) before it starts.
    // Called on the runner's thread.
    virtual void parentFinished(const JobOutcome& parentOutcome);

signals:
    void started();
    void progressUpdated(const Jobs::JobProgress& progress);
    void finished(const Jobs::JobOutcome& outcome);

protected:
    virtual JobOutcome execute() = 0;

    // Records where the work is. Rate and ETA are derived here; signals are throttled to a
    // few per second and catalog writes to about two. Call from execute() as often as useful.
    void reportProgress(const QString& phase, qint64 bytesDone, qint64 bytesTotal, qint64 filesDone = 0,
                        qint64 filesTotal = 0);
    const std::atomic_bool& cancelFlag() const { return m_cancel; }
    // The catalog the runner records the job in (nullptr when run without a runner).
    Catalog::Catalog* catalog() const { return m_catalog; }

private:
    friend class JobRunner;
    void publishProgress(bool force);

    QString m_type;
    QString m_vault;
    QString m_description;
    qint64 m_id = 0;
    qint64 m_parent = 0;
    Catalog::Catalog* m_catalog = nullptr;
    std::atomic_bool m_cancel{false};
    // Set as run()'s very last step: after it the runner may delete the job.
    std::atomic_bool m_returned{false};

    mutable QMutex m_mutex;
    JobProgress m_progress;
    JobOutcome m_outcome;
    QElapsedTimer m_clock;
    qint64 m_lastSignalMs = -1;
    qint64 m_lastWriteMs = -1;
    qint64 m_rateBytes = 0;
    qint64 m_rateMs = 0;
};

} // namespace Jobs
