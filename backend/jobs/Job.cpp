#include "backend/jobs/Job.h"

#include "backend/catalog/Catalog.h"
#include "backend/jobs/JobRepository.h"

#include <QCoreApplication>

namespace Jobs {

namespace {
constexpr qint64 signalIntervalMs = 200;
constexpr qint64 writeIntervalMs = 500;
} // namespace

Job::Job(QString type, QString vault, QString description)
    : m_type(std::move(type))
    , m_vault(std::move(vault))
    , m_description(std::move(description))
{
    setAutoDelete(false); // the runner owns jobs
}

Job::~Job() = default;

JobProgress Job::progress() const
{
    QMutexLocker locker(&m_mutex);
    return m_progress;
}

JobOutcome Job::outcome() const
{
    QMutexLocker locker(&m_mutex);
    return m_outcome;
}

void Job::parentFinished(const JobOutcome&)
{
}

void Job::run()
{
    m_clock.start();
    std::unique_ptr<JobRepository> repo;
    if (m_catalog) {
        repo = std::make_unique<JobRepository>(*m_catalog);
        // Another process may have cancelled the job while it waited.
        if (auto r = repo->find(m_id); r && r->cancelRequested)
            m_cancel = true;
        if (!m_cancel) {
            if (auto s = repo->markRunning(m_id); !s)
                qWarning("job %lld: %s", m_id, qPrintable(s.error().message()));
        }
    }

    JobOutcome outcome;
    if (m_cancel) {
        outcome.state = JobState::Cancelled;
        outcome.error = QCoreApplication::translate("Jobs", "Cancelled before it started.");
        outcome.errorCode = Core::ErrorCode::Cancelled;
    } else {
        emit started();
        try {
            outcome = execute();
        } catch (const std::exception& e) {
            // Nothing may escape a worker: an exception becomes a failed job.
            outcome = JobOutcome::failure(Core::fail(
                Core::ErrorCode::Failed, QCoreApplication::translate("Jobs", "Internal error: %1").arg(QString::fromUtf8(e.what()))));
        }
        // A job that finished before it noticed a cancel request keeps its result.
        if (outcome.state == JobState::Failed && outcome.errorCode == Core::ErrorCode::Cancelled)
            outcome.state = JobState::Cancelled;
    }
    publishProgress(true);
    {
        QMutexLocker locker(&m_mutex);
        m_outcome = outcome;
    }
    if (repo) {
        if (auto s = repo->finish(m_id, outcome); !s)
            qWarning("job %lld: %s", m_id, qPrintable(s.error().message()));
        repo.reset();
        m_catalog->releaseThreadConnection();
    }
    emit finished(outcome);
    m_returned = true;
}

void Job::reportProgress(const QString& phase, qint64 bytesDone, qint64 bytesTotal, qint64 filesDone, qint64 filesTotal)
{
    {
        QMutexLocker locker(&m_mutex);
        const qint64 nowMs = m_clock.isValid() ? m_clock.elapsed() : 0;
        const bool phaseChanged = phase != m_progress.phase;
        if (phaseChanged || bytesDone < m_rateBytes) {
            // A new phase counts different bytes: start the rate afresh.
            m_rateBytes = bytesDone;
            m_rateMs = nowMs;
            m_progress.rate = 0;
        } else if (nowMs - m_rateMs >= signalIntervalMs) {
            const double instant = double(bytesDone - m_rateBytes) * 1000.0 / double(nowMs - m_rateMs);
            m_progress.rate = m_progress.rate <= 0 ? instant : 0.7 * m_progress.rate + 0.3 * instant;
            m_rateBytes = bytesDone;
            m_rateMs = nowMs;
        }
        m_progress.phase = phase;
        m_progress.bytesDone = bytesDone;
        m_progress.bytesTotal = bytesTotal;
        m_progress.filesDone = filesDone;
        m_progress.filesTotal = filesTotal;
        m_progress.eta = (m_progress.rate > 0 && bytesTotal > bytesDone)
            ? qint64(double(bytesTotal - bytesDone) / m_progress.rate + 0.5)
            : -1;
        if (!phaseChanged && m_lastSignalMs >= 0 && nowMs - m_lastSignalMs < signalIntervalMs)
            return;
    }
    publishProgress(false);
}

void Job::publishProgress(bool force)
{
    JobProgress snapshot;
    bool write = false;
    {
        QMutexLocker locker(&m_mutex);
        const qint64 nowMs = m_clock.isValid() ? m_clock.elapsed() : 0;
        m_lastSignalMs = nowMs;
        snapshot = m_progress;
        if (force || m_lastWriteMs < 0 || nowMs - m_lastWriteMs >= writeIntervalMs) {
            m_lastWriteMs = nowMs;
            write = m_catalog != nullptr;
        }
    }
    if (write) {
        JobRepository repo(*m_catalog);
        auto r = repo.updateProgress(m_id, snapshot);
        if (r && r.value())
            m_cancel = true; // cancelled from another process ("jobs cancel")
    }
    if (!force)
        emit progressUpdated(snapshot);
}

} // namespace Jobs
