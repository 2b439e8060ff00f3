// JobRunner on a real catalog: catalog records, cancel (queued, running, from the catalog),
// chaining, per-vault serialisation and cross-vault parallelism.
#include "backend/catalog/Catalog.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/Job.h"
#include "backend/jobs/JobRepository.h"
#include "backend/jobs/JobRunner.h"
#include "tests/support/TestWorkspace.h"

#include <QMutex>
#include <QSemaphore>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Jobs;

namespace {

// Records the order in which jobs start and end, and how many run at once.
struct Trace
{
    QMutex mutex;
    QStringList events;
    std::atomic_int running{0};
    std::atomic_int maxRunning{0};

    void add(const QString& e)
    {
        QMutexLocker l(&mutex);
        events << e;
    }
};

// A job that works in steps until released (or cancelled), reporting progress.
class StepJob final : public Job
{
public:
    StepJob(QString vault, QString name, Trace& trace, QSemaphore* gate = nullptr, int steps = 5)
        : Job(QStringLiteral("test"), std::move(vault), name)
        , m_name(std::move(name))
        , m_trace(trace)
        , m_gate(gate)
        , m_steps(steps)
    {
    }
    QJsonObject parentResult;

protected:
    JobOutcome execute() override
    {
        const int now = ++m_trace.running;
        int seen = m_trace.maxRunning;
        while (now > seen && !m_trace.maxRunning.compare_exchange_weak(seen, now)) {
        }
        m_trace.add(m_name + QStringLiteral(":start"));
        if (m_gate) {
            while (!m_gate->tryAcquire(1, 20)) {
                if (cancelFlag()) {
                    --m_trace.running;
                    m_trace.add(m_name + QStringLiteral(":cancelled"));
                    return JobOutcome::failure(Core::fail(Core::ErrorCode::Cancelled, QStringLiteral("cancelled")));
                }
            }
        }
        for (int i = 1; i <= m_steps; ++i) {
            if (cancelFlag()) {
                --m_trace.running;
                m_trace.add(m_name + QStringLiteral(":cancelled"));
                return JobOutcome::failure(Core::fail(Core::ErrorCode::Cancelled, QStringLiteral("cancelled")));
            }
            reportProgress(QStringLiteral("store"), i * 100, m_steps * 100, i, m_steps);
            QThread::msleep(30);
        }
        --m_trace.running;
        m_trace.add(m_name + QStringLiteral(":end"));
        return JobOutcome::success(QJsonObject{{QStringLiteral("name"), m_name}});
    }
    void parentFinished(const JobOutcome& parent) override { parentResult = parent.result; }

private:
    QString m_name;
    Trace& m_trace;
    QSemaphore* m_gate;
    int m_steps;
};

class FailingJob final : public Job
{
public:
    FailingJob()
        : Job(QStringLiteral("test"), QStringLiteral("v"))
    {
    }

protected:
    JobOutcome execute() override
    {
        return JobOutcome::failure(Core::fail(Core::ErrorCode::Corrupt, QStringLiteral("pack data/xx is corrupt")));
    }
};

} // namespace

class TestJobRunner final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_ws = std::make_unique<TestSupport::TestWorkspace>();
        m_catalog = &m_ws->open().catalog();
    }
    void cleanup()
    {
        m_ws.reset();
    }

    void recordsStateProgressAndResult()
    {
        Trace trace;
        JobRunner runner(*m_catalog);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        auto id = runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("a"), trace, nullptr, 30));
        QVERIFY(id);
        // Queued in the catalog as soon as submitted.
        auto queued = JobRepository(*m_catalog).find(id.value());
        QVERIFY(queued);
        QVERIFY(queued->state == JobState::Queued || queued->state == JobState::Running);
        QCOMPARE(queued->vault, QStringLiteral("v1"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QVERIFY(progress.count() >= 1);
        // Some report carries a rate and, before the end, an ETA.
        bool sawRate = false;
        for (const QList<QVariant>& args : std::as_const(progress)) {
            const auto p = args.at(1).value<JobProgress>();
            QCOMPARE(args.at(0).toLongLong(), id.value());
            if (p.rate > 0) {
                sawRate = true;
                if (p.bytesDone < p.bytesTotal)
                    QVERIFY(p.eta >= 0);
            }
        }
        QVERIFY(sawRate);
        auto rec = JobRepository(*m_catalog).find(id.value());
        QVERIFY(rec);
        QCOMPARE(rec->state, JobState::Succeeded);
        QCOMPARE(rec->type, QStringLiteral("test"));
        QCOMPARE(rec->result.value(QStringLiteral("name")).toString(), QStringLiteral("a"));
        QCOMPARE(rec->progress.phase, QStringLiteral("store"));
        QCOMPARE(rec->progress.bytesDone, 3000);
        QCOMPARE(rec->progress.bytesTotal, 3000);
        QVERIFY(rec->started.isValid());
        QVERIFY(rec->finished.isValid());
        QVERIFY(rec->finished >= rec->started);
        const QJsonObject json = rec->toJson();
        for (const char* key : {"id", "type", "state", "parent", "progress", "error"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
    }

    void failureIsRecorded()
    {
        JobRunner runner(*m_catalog);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto id = runner.submit(std::make_unique<FailingJob>());
        QVERIFY(id);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        const auto outcome = finished.first().at(1).value<JobOutcome>();
        QCOMPARE(outcome.state, JobState::Failed);
        QCOMPARE(outcome.errorCode, Core::ErrorCode::Corrupt);
        auto rec = JobRepository(*m_catalog).find(id.value());
        QCOMPARE(rec->state, JobState::Failed);
        QCOMPARE(rec->error, QStringLiteral("pack data/xx is corrupt"));
    }

    void sameVaultRunsOneAtATimeOtherVaultsInParallel()
    {
        Trace trace;
        QSemaphore gateA, gateC;
        JobRunner runner(*m_catalog);
        runner.setMaxParallel(4);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        QSignalSpy started(&runner, &JobRunner::jobStarted);
        QVERIFY(runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("a"), trace, &gateA)));
        QVERIFY(runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("b"), trace)));
        QVERIFY(runner.submit(std::make_unique<StepJob>(QStringLiteral("v2"), QStringLiteral("c"), trace, &gateC)));
        // a (v1) and c (v2) run together; b waits for a although threads are free.
        QTRY_COMPARE_WITH_TIMEOUT(trace.running.load(), 2, 20000);
        QCOMPARE(started.count(), 2);
        {
            QMutexLocker l(&trace.mutex);
            QVERIFY(!trace.events.contains(QStringLiteral("b:start")));
        }
        gateC.release();
        gateA.release();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 20000);
        QMutexLocker l(&trace.mutex);
        QVERIFY(trace.events.indexOf(QStringLiteral("a:end")) < trace.events.indexOf(QStringLiteral("b:start")));
        QCOMPARE(trace.maxRunning.load(), 2);
    }

    void cancelQueuedAndRunning()
    {
        Trace trace;
        QSemaphore gate; // never released: a runs until cancelled
        JobRunner runner(*m_catalog);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto a = runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("a"), trace, &gate));
        auto b = runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("b"), trace));
        QVERIFY(a && b);
        QTRY_COMPARE_WITH_TIMEOUT(trace.running.load(), 1, 20000);
        // b is queued behind a: cancelling it ends it at once without running.
        QVERIFY(runner.cancel(b.value()));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(JobRepository(*m_catalog).find(b.value())->state, JobState::Cancelled);
        QVERIFY(runner.cancel(a.value()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(JobRepository(*m_catalog).find(a.value())->state, JobState::Cancelled);
        QMutexLocker l(&trace.mutex);
        QVERIFY(!trace.events.contains(QStringLiteral("b:start")));
        QVERIFY(trace.events.contains(QStringLiteral("a:cancelled")));
        // A finished job cannot be cancelled.
        l.unlock();
        auto again = runner.cancel(a.value());
        QVERIFY(!again);
        QCOMPARE(again.error().code(), Core::ErrorCode::Refused);
    }

    void cancelThroughCatalogFlag()
    {
        // "jobs cancel" from another process only sets the catalog flag; the running job
        // notices it at its next progress write.
        Trace trace;
        JobRunner runner(*m_catalog);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto id = runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("long"), trace, nullptr, 400));
        QVERIFY(id);
        QTRY_COMPARE_WITH_TIMEOUT(trace.running.load(), 1, 20000);
        QVERIFY(JobRepository(*m_catalog).requestCancel(id.value()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(JobRepository(*m_catalog).find(id.value())->state, JobState::Cancelled);
        QMutexLocker l(&trace.mutex);
        QVERIFY(!trace.events.contains(QStringLiteral("long:end")));
    }

    void chainedChildRunsAfterParentWithItsResult()
    {
        Trace trace;
        JobRunner runner(*m_catalog);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto parent = runner.submit(std::make_unique<StepJob>(QStringLiteral("v1"), QStringLiteral("parent"), trace));
        QVERIFY(parent);
        auto childJob = std::make_unique<StepJob>(QStringLiteral("v2"), QStringLiteral("child"), trace);
        StepJob* child = childJob.get();
        auto childId = runner.chain(parent.value(), std::move(childJob));
        QVERIFY(childId);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QMutexLocker l(&trace.mutex);
        // Different vaults, yet the child waited for its parent.
        QVERIFY(trace.events.indexOf(QStringLiteral("parent:end")) < trace.events.indexOf(QStringLiteral("child:start")));
        QCOMPARE(child->parentResult.value(QStringLiteral("name")).toString(), QStringLiteral("parent"));
        auto rec = JobRepository(*m_catalog).find(childId.value());
        QCOMPARE(rec->parent, parent.value());
        QCOMPARE(rec->state, JobState::Succeeded);
        QCOMPARE(rec->toJson().value(QStringLiteral("parent")).toInteger(), parent.value());
    }

    void childOfFailedParentIsCancelled()
    {
        Trace trace;
        JobRunner runner(*m_catalog);
        QSignalSpy finished(&runner, &JobRunner::jobFinished);
        auto parent = runner.submit(std::make_unique<FailingJob>());
        QVERIFY(parent);
        auto child = runner.chain(parent.value(), std::make_unique<StepJob>(QStringLiteral("v2"), QStringLiteral("child"), trace));
        QVERIFY(child);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        auto rec = JobRepository(*m_catalog).find(child.value());
        QCOMPARE(rec->state, JobState::Cancelled);
        QVERIFY2(rec->error.contains(QString::number(parent.value())), qPrintable(rec->error));
        QMutexLocker l(&trace.mutex);
        QVERIFY(!trace.events.contains(QStringLiteral("child:start")));

        // Chaining onto a parent that already finished (failed) cancels at once, too.
        l.unlock();
        auto late = runner.chain(parent.value(), std::make_unique<StepJob>(QStringLiteral("v3"), QStringLiteral("late"), trace));
        QVERIFY(late);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 20000);
        QCOMPARE(JobRepository(*m_catalog).find(late.value())->state, JobState::Cancelled);
    }

    void orphansOfDeadProcessesAreMarkedFailed()
    {
        JobRepository repo(*m_catalog);
        JobRecord rec;
        rec.type = QStringLiteral("backup");
        rec.vault = QStringLiteral("v1");
        auto stored = repo.insert(rec);
        QVERIFY(stored);
        QVERIFY(repo.markRunning(stored->id));
        // Pretend a process that no longer exists ran it.
        {
            QSqlQuery q(m_catalog->database());
            QVERIFY(q.exec(QStringLiteral("UPDATE jobs SET pid = 2147483000 WHERE id = %1").arg(stored->id)));
        }
        auto n = repo.reconcileOrphans();
        QVERIFY(n);
        QCOMPARE(n.value(), 1);
        auto after = repo.find(stored->id);
        QCOMPARE(after->state, JobState::Failed);
        QVERIFY(after->error.contains(QStringLiteral("2147483000")));
        // Our own running jobs are alive and stay untouched.
        auto mine = repo.insert(rec);
        QVERIFY(repo.markRunning(mine->id));
        QCOMPARE(repo.reconcileOrphans().value(), 0);
        QCOMPARE(repo.find(mine->id)->state, JobState::Running);
    }

private:
    std::unique_ptr<TestSupport::TestWorkspace> m_ws;
    Catalog::Catalog* m_catalog = nullptr;
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
