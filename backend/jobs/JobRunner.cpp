#include "backend/jobs/JobRunner.h"

#include "backend/catalog/Catalog.h"
#include "backend/jobs/JobRepository.h"

#include <QCoreApplication>
#include <QThread>

namespace Jobs {

JobRunner::JobRunner(Catalog::Catalog& catalog, QObject* parent)
    : QObject(parent)
    , m_catalog(catalog)
{
    qRegisterMetaType<Jobs::JobProgress>();
    qRegisterMetaType<Jobs::JobOutcome>();
    m_pool.setMaxThreadCount(qMax(2, QThread::idealThreadCount()));
    // Jobs of killed processes (a backup or copy hit by SIGKILL) would otherwise look alive
    // forever in this process's lists; whoever runs jobs next settles them as failed.
    if (auto n = JobRepository(m_catalog).reconcileOrphans(); !n)
        qWarning("jobs: %s", qPrintable(n.error().message()));
}

JobRunner::~JobRunner()
{
    cancelAll();
    m_pool.waitForDone();
    // Jobs still waiting never started; their rows were marked cancelled by cancelAll().
}

void JobRunner::setMaxParallel(int threads)
{
    m_pool.setMaxThreadCount(qMax(1, threads));
}

QString JobRunner::queueKey(const Job* job) const
{
    // Jobs without a vault are independent of each other.
    return job->vault().isEmpty() ? QStringLiteral("#job-%1").arg(job->id()) : QStringLiteral("vault:") + job->vault();
}

Core::Result<qint64> JobRunner::record(Job* job, qint64 parentId)
{
    JobRecord rec;
    rec.type = job->type();
    rec.vault = job->vault();
    rec.description = job->description();
    rec.parent = parentId;
    auto stored = JobRepository(m_catalog).insert(rec);
    if (!stored)
        return stored.error();
    job->m_id = stored->id;
    job->m_parent = parentId;
    job->m_catalog = &m_catalog;
    return stored->id;
}

Core::Result<qint64> JobRunner::submit(std::unique_ptr<Job> job)
{
    return chain(0, std::move(job));
}

Core::Result<qint64> JobRunner::chain(qint64 parentId, std::unique_ptr<Job> owned)
{
    Job* job = owned.get();
    if (parentId > 0 && !m_pending.contains(parentId)) {
        // The parent is not ours or has finished: its recorded state decides.
        auto parent = JobRepository(m_catalog).find(parentId);
        if (!parent)
            return parent.error();
        if (!isFinalState(parent->state))
            return Core::fail(Core::ErrorCode::Refused,
                              QCoreApplication::translate("Jobs", "Job %1 runs in another process; chain onto it from there.")
                                  .arg(parentId));
    }
    auto id = record(job, parentId);
    if (!id)
        return id.error();

    connect(job, &Job::started, this, [this, job] { emit jobStarted(job->id()); });
    connect(job, &Job::progressUpdated, this, [this, job](const JobProgress& p) { emit jobProgress(job->id(), p); });
    connect(job, &Job::finished, this, [this, job](const JobOutcome& o) { handleFinished(job, o); });

    m_jobs.emplace(job->id(), std::move(owned));
    m_pending.insert(job->id());
    emit jobQueued(job->id());

    if (parentId > 0 && m_pending.contains(parentId)) {
        m_children[parentId].append(job);
    } else if (parentId > 0) {
        const auto parent = JobRepository(m_catalog).find(parentId);
        JobOutcome parentOutcome;
        parentOutcome.state = parent ? parent->state : JobState::Failed;
        parentOutcome.result = parent ? parent->result : QJsonObject();
        if (parentOutcome.state == JobState::Succeeded || parentOutcome.state == JobState::Partial) {
            job->parentFinished(parentOutcome);
            enqueue(job);
        } else {
            JobOutcome o;
            o.state = JobState::Cancelled;
            o.errorCode = Core::ErrorCode::Cancelled;
            o.error = QCoreApplication::translate("Jobs", "Not run: its parent job %1 ended %2.")
                          .arg(parentId)
                          .arg(jobStateName(parentOutcome.state));
            // Deliver the end like any other, after the caller got the id.
            QMetaObject::invokeMethod(this, [this, job, o] { finishWithoutRunning(job, o); }, Qt::QueuedConnection);
        }
    } else {
        enqueue(job);
    }
    return job->id();
}

void JobRunner::enqueue(Job* job)
{
    const QString key = queueKey(job);
    m_waiting[key].append(job);
    startNext(key);
}

void JobRunner::startNext(const QString& key)
{
    if (m_busy.contains(key))
        return;
    auto it = m_waiting.find(key);
    if (it == m_waiting.end() || it->isEmpty())
        return;
    Job* job = it->takeFirst();
    if (it->isEmpty())
        m_waiting.erase(it);
    m_busy.insert(key);
    m_pool.start(job);
}

Core::Status JobRunner::cancel(qint64 id)
{
    if (!m_pending.contains(id)) {
        JobRepository repo(m_catalog);
        auto rec = repo.find(id);
        if (!rec)
            return rec.error();
        if (isFinalState(rec->state))
            return Core::fail(Core::ErrorCode::Refused,
                              QCoreApplication::translate("Jobs", "Job %1 has already finished (%2); there is nothing to cancel.")
                                  .arg(id)
                                  .arg(jobStateName(rec->state)));
        return repo.requestCancel(id);
    }
    Job* job = m_jobs.at(id).get();
    job->requestCancel();
    // A job that has not started yet ends here; a running one ends at its next check.
    const QString key = queueKey(job);
    auto it = m_waiting.find(key);
    if (it != m_waiting.end() && it->removeOne(job)) {
        if (it->isEmpty())
            m_waiting.erase(it);
        JobOutcome o;
        o.state = JobState::Cancelled;
        o.errorCode = Core::ErrorCode::Cancelled;
        o.error = QCoreApplication::translate("Jobs", "Cancelled before it started.");
        finishWithoutRunning(job, o);
        return {};
    }
    for (auto c = m_children.begin(); c != m_children.end(); ++c) {
        if (c->removeOne(job)) {
            JobOutcome o;
            o.state = JobState::Cancelled;
            o.errorCode = Core::ErrorCode::Cancelled;
            o.error = QCoreApplication::translate("Jobs", "Cancelled before it started.");
            finishWithoutRunning(job, o);
            break;
        }
    }
    return {};
}

void JobRunner::cancelAll()
{
    const QList<qint64> ids(m_pending.cbegin(), m_pending.cend());
    for (qint64 id : ids) {
        if (m_pending.contains(id))
            (void)cancel(id);
    }
}

Job* JobRunner::job(qint64 id) const
{
    auto it = m_jobs.find(id);
    return it == m_jobs.end() ? nullptr : it->second.get();
}

int JobRunner::pendingCount() const
{
    return static_cast<int>(m_pending.size());
}

void JobRunner::finishWithoutRunning(Job* job, const JobOutcome& outcome)
{
    if (!m_pending.contains(job->id()))
        return;
    {
        QMutexLocker locker(&job->m_mutex);
        job->m_outcome = outcome;
    }
    if (auto s = JobRepository(m_catalog).finish(job->id(), outcome); !s)
        qWarning("job %lld: %s", job->id(), qPrintable(s.error().message()));
    job->m_returned = true; // never handed to the pool
    m_pending.remove(job->id());
    emit jobFinished(job->id(), outcome);
    releaseChildren(job->id(), outcome);
    if (m_pending.isEmpty())
        emit idle();
}

void JobRunner::handleFinished(Job* job, const JobOutcome& outcome)
{
    m_pending.remove(job->id());
    const QString key = queueKey(job);
    m_busy.remove(key);
    emit jobFinished(job->id(), outcome);
    releaseChildren(job->id(), outcome);
    startNext(key);
    if (m_pending.isEmpty())
        emit idle();
}

void JobRunner::releaseChildren(qint64 parentId, const JobOutcome& outcome)
{
    const QList<Job*> children = m_children.take(parentId);
    const bool go = outcome.state == JobState::Succeeded || outcome.state == JobState::Partial;
    for (Job* child : children) {
        if (go && !child->isCancelRequested()) {
            child->parentFinished(outcome);
            enqueue(child);
        } else {
            JobOutcome o;
            o.state = JobState::Cancelled;
            o.errorCode = Core::ErrorCode::Cancelled;
            o.error = QCoreApplication::translate("Jobs", "Not run: its parent job %1 ended %2.")
                          .arg(parentId)
                          .arg(jobStateName(outcome.state));
            finishWithoutRunning(child, o);
        }
    }
}

} // namespace Jobs
