#include "backend/catalog/Catalog.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/sources/FolderSource.h"
#include "backend/vaults/VaultService.h"
#include "models/JobModel.h"
#include "tests/support/TestWorkspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

// JobModel over a real JobRunner running real backups (and the catalog's job records).
class TestJobModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsASubmittedJobUntilItSucceeds();
    void newestJobsComeFirst();
    void aCancelledWaitingJobSaysSo();
    void batchesProgressIntoOneRangeChange();
    void readsFinishedJobsFromTheCatalog();
    void formatsRatesAndTimes();

private:
    qint64 submit();
    bool waitFor(qint64 id);

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<Regions::RegionService> m_regions;
    std::unique_ptr<Vaults::VaultService> m_vaults;
    std::unique_ptr<Jobs::JobRunner> m_runner;
    std::unique_ptr<JobModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_source;
    QSet<qint64> m_finished;
};

void TestJobModel::init()
{
    m_finished.clear();
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    Core::Workspace& ws = m_workspace->open();
    m_regions = std::make_unique<Regions::RegionService>(ws);
    m_vaults = std::make_unique<Vaults::VaultService>(ws, *m_regions);
    m_runner = std::make_unique<Jobs::JobRunner>(ws.catalog());
    connect(m_runner.get(), &Jobs::JobRunner::jobFinished, this, [this](qint64 id) { m_finished.insert(id); });
    m_model = std::make_unique<JobModel>(ws.catalog(), m_runner.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    Vaults::NewVault spec;
    spec.name = QStringLiteral("docs");
    spec.region = m_regions->regions().first().name;
    QVERIFY(m_vaults->create(spec));
    m_source = m_workspace->tempPath(QStringLiteral("source"));
    QVERIFY(QDir().mkpath(m_source));
    QFile file(m_source + QStringLiteral("/a.bin"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(200000, 'x'));
}

void TestJobModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_runner.reset();
    m_vaults.reset();
    m_regions.reset();
    m_workspace.reset();
}

qint64 TestJobModel::submit()
{
    Core::Result<Vaults::VaultAccess> access = m_vaults->access(QStringLiteral("docs"));
    if (!access) {
        return 0;
    }
    Core::Result<qint64> id = m_runner->submit(std::make_unique<Jobs::BackupJob>(
        m_workspace->open().catalog(), std::move(access.value()), std::make_unique<Sources::FolderSource>(m_source)));
    return id ? id.value() : 0;
}

bool TestJobModel::waitFor(qint64 id)
{
    [&] { QTRY_VERIFY_WITH_TIMEOUT(m_finished.contains(id), 60000); }();
    return m_finished.contains(id);
}

void TestJobModel::showsASubmittedJobUntilItSucceeds()
{
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const qint64 id = submit();
    QVERIFY(id > 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex row = m_model->indexFromId(id);
    QCOMPARE(row.row(), 0);
    QCOMPARE(row.data().toString(), QString::number(id));
    QCOMPARE(row.siblingAtColumn(JobModel::TypeColumn).data().toString(), QStringLiteral("Backup"));
    QCOMPARE(row.siblingAtColumn(JobModel::VaultColumn).data().toString(), QStringLiteral("docs"));
    QVERIFY(row.data(JobModel::ActiveRole).toBool());

    QVERIFY(waitFor(id));
    QCOMPARE(row.siblingAtColumn(JobModel::StateColumn).data().toString(), QStringLiteral("Succeeded"));
    QCOMPARE(row.siblingAtColumn(JobModel::StateColumn).data(JobModel::UnderlyingDataRole).toString(),
             QStringLiteral("succeeded"));
    QCOMPARE(row.data(JobModel::ProgressFractionRole).toDouble(), 1.0);
    QCOMPARE(row.siblingAtColumn(JobModel::ProgressColumn).data().toString(), QStringLiteral("100%"));
    QVERIFY(!row.data(JobModel::ActiveRole).toBool());
    // What the backup did, when it started and how long it took.
    const QString details = row.siblingAtColumn(JobModel::DetailsColumn).data().toString();
    QVERIFY2(details.startsWith(QStringLiteral("1 file")) && details.contains(QStringLiteral("195.3 KiB read"))
                 && details.contains(QStringLiteral(" new")),
             qPrintable(details));
    QVERIFY(row.siblingAtColumn(JobModel::StartedColumn).data(JobModel::UnderlyingDataRole).toDateTime().isValid());
    QVERIFY(!row.siblingAtColumn(JobModel::StartedColumn).data().toString().isEmpty());
    QVERIFY(row.siblingAtColumn(JobModel::DurationColumn).data(JobModel::UnderlyingDataRole).toLongLong() >= 0);
    QVERIFY(row.siblingAtColumn(JobModel::DurationColumn).data().toString().endsWith(QStringLiteral(" s")));
    QCOMPARE(m_model->jobFromIndex(row)->id, id);
}

void TestJobModel::newestJobsComeFirst()
{
    const qint64 first = submit();
    const qint64 second = submit();
    QVERIFY(first > 0 && second > first);
    QCOMPARE(m_model->indexFromId(second).row(), 0);
    QCOMPARE(m_model->indexFromId(first).row(), 1);
    QVERIFY(waitFor(first));
    QVERIFY(waitFor(second));
    QCOMPARE(m_model->index(1, JobModel::IdColumn).data(JobModel::JobIdRole).toLongLong(), first);
}

void TestJobModel::aCancelledWaitingJobSaysSo()
{
    const qint64 running = submit();
    const qint64 waiting = submit(); // same vault: waits for the first
    QVERIFY(m_runner->cancel(waiting));
    QVERIFY(waitFor(waiting));
    const QModelIndex state = m_model->indexFromId(waiting, JobModel::StateColumn);
    QCOMPARE(state.data().toString(), QStringLiteral("Cancelled"));
    QVERIFY(!state.data(JobModel::ActiveRole).toBool());
    QVERIFY(waitFor(running));
    QCOMPARE(m_model->indexFromId(running, JobModel::StateColumn).data().toString(), QStringLiteral("Succeeded"));
}

void TestJobModel::batchesProgressIntoOneRangeChange()
{
    const qint64 first = submit();
    const qint64 second = submit();
    QVERIFY(waitFor(first));
    QVERIFY(waitFor(second));
    m_model->setFlushInterval(20);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    // The runner's progress signal, as workers send it many times a second for several jobs.
    for (int i = 1; i <= 10; ++i) {
        Jobs::JobProgress progress;
        progress.phase = QStringLiteral("store");
        progress.bytesDone = i * 100;
        progress.bytesTotal = 1000;
        emit m_runner->jobProgress(first, progress);
        emit m_runner->jobProgress(second, progress);
    }
    QCOMPARE(changed.count(), 0); // collected, not announced one by one
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 1);
    QCOMPARE(changed.first().at(1).toModelIndex().column(), JobModel::ColumnCount - 1);
}

void TestJobModel::readsFinishedJobsFromTheCatalog()
{
    const qint64 id = submit();
    QVERIFY(waitFor(id));
    JobModel fresh(m_workspace->open().catalog(), nullptr);
    QAbstractItemModelTester tester(&fresh, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(fresh.rowCount(), 1);
    QCOMPARE(fresh.index(0, JobModel::IdColumn).data(JobModel::JobIdRole).toLongLong(), id);
    QCOMPARE(fresh.index(0, JobModel::StateColumn).data().toString(), QStringLiteral("Succeeded"));
    QCOMPARE(fresh.index(0, JobModel::VaultColumn).data().toString(), QStringLiteral("docs"));
}

void TestJobModel::formatsRatesAndTimes()
{
    QCOMPARE(JobModel::formatEta(-1), QString());
    QCOMPARE(JobModel::formatEta(42), QStringLiteral("42 s"));
    QCOMPARE(JobModel::formatEta(125), QStringLiteral("2 min 5 s"));
    QCOMPARE(JobModel::formatEta(7380), QStringLiteral("2 h 3 min"));
    QCOMPARE(JobModel::formatRate(0), QString());
    QVERIFY(JobModel::formatRate(2048).endsWith(QStringLiteral("/s")));
}

QTEST_GUILESS_MAIN(TestJobModel)
#include "tst_jobmodel.moc"
