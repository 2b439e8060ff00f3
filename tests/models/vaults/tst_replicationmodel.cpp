// ReplicationModel over a real workspace: a source vault with targets in the other region,
// checked by QAbstractItemModelTester while vaults are chosen and copies land.
#include "backend/core/Workspace.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/CopyJob.h"
#include "backend/replication/ReplicationService.h"
#include "backend/sources/FolderSource.h"
#include "backend/vaults/VaultService.h"
#include "models/ReplicationModel.h"
#include "tests/support/TestWorkspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <memory>

class TestReplicationModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsTheTargetsOfTheChosenSource();
    void followsACopyIntoTheTarget();

private:
    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<Regions::RegionService> m_regions;
    std::unique_ptr<Vaults::VaultService> m_vaults;
    std::unique_ptr<Replication::ReplicationService> m_replication;
    std::unique_ptr<Jobs::JobRunner> m_runner;
    std::unique_ptr<ReplicationModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_source;
};

void TestReplicationModel::init()
{
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    Core::Workspace& ws = m_workspace->open();
    m_regions = std::make_unique<Regions::RegionService>(ws);
    m_vaults = std::make_unique<Vaults::VaultService>(ws, *m_regions);
    m_replication = std::make_unique<Replication::ReplicationService>(ws, *m_regions, *m_vaults);
    m_runner = std::make_unique<Jobs::JobRunner>(ws.catalog());
    m_model = std::make_unique<ReplicationModel>(ws, *m_regions, *m_vaults, m_runner.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);

    Vaults::NewVault spec;
    spec.name = QStringLiteral("docs");
    spec.region = QStringLiteral("local-east");
    QVERIFY(m_vaults->create(spec));
    auto target = m_replication->createTarget(QStringLiteral("docs"), QStringLiteral("docs-west"),
                                              QStringLiteral("local-west"), {}, {});
    QVERIFY2(target, target ? "" : qPrintable(target.error().message()));
    auto link = m_replication->enable(QStringLiteral("docs"), QStringLiteral("docs-west"));
    QVERIFY2(link, link ? "" : qPrintable(link.error().message()));
    m_source = m_workspace->tempPath(QStringLiteral("source"));
    QVERIFY(QDir().mkpath(m_source));
    QFile file(m_source + QStringLiteral("/a.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("replicate me\n");
}

void TestReplicationModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_runner.reset();
    m_replication.reset();
    m_vaults.reset();
    m_regions.reset();
    m_workspace.reset();
}

void TestReplicationModel::listsTheTargetsOfTheChosenSource()
{
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setVault(QStringLiteral("docs"));
    QCOMPARE(m_model->role(), QStringLiteral("source"));
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex row = m_model->indexFromTarget(QStringLiteral("docs-west"));
    QVERIFY(row.isValid());
    QCOMPARE(row.siblingAtColumn(ReplicationModel::RegionColumn).data().toString(), QStringLiteral("local-west"));
    QCOMPARE(row.siblingAtColumn(ReplicationModel::RpoColumn).data().toString(),
             ReplicationModel::rpoText(*m_model->targetFromIndex(row)));
    QVERIFY(m_model->summaries().contains(QStringLiteral("docs")));

    // The target's own view: no targets of its own, and who its source is.
    m_model->setVault(QStringLiteral("docs-west"));
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->role(), QStringLiteral("target"));
    QCOMPARE(m_model->sourceVault(), QStringLiteral("docs"));
    m_model->setVault({});
    QCOMPARE(m_model->rowCount(), 0);
}

void TestReplicationModel::followsACopyIntoTheTarget()
{
    m_model->setVault(QStringLiteral("docs"));
    Core::Workspace& ws = m_workspace->open();
    auto access = m_vaults->access(QStringLiteral("docs"));
    QVERIFY(access);
    QSignalSpy finished(m_runner.get(), &Jobs::JobRunner::jobFinished);
    auto backup = m_runner->submit(std::make_unique<Jobs::BackupJob>(
        ws.catalog(), std::move(access.value()), std::make_unique<Sources::FolderSource>(m_source)));
    QVERIFY(backup);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, 60000);
    m_model->refresh();
    const QModelIndex before = m_model->indexFromTarget(QStringLiteral("docs-west"), ReplicationModel::PendingColumn);
    QCOMPARE(m_model->targetFromIndex(before)->pendingPoints, 1);

    auto source = m_vaults->access(QStringLiteral("docs"));
    auto target = m_vaults->access(QStringLiteral("docs-west"));
    QVERIFY(source && target);
    const auto pending = m_replication->pendingPoints(QStringLiteral("docs"), QStringLiteral("docs-west"));
    QVERIFY(pending && pending->size() == 1);
    auto copy = m_runner->submit(
        std::make_unique<Replication::CopyJob>(ws.catalog(), std::move(source.value()), std::move(target.value()),
                                               QStringList {pending->constFirst().id}, Replication::ReplicaOptions {}));
    QVERIFY(copy);
    // The model re-reads the catalog when the copy ends: nothing pending, in sync.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_model->targetFromIndex(m_model->indexFromTarget(QStringLiteral("docs-west")))->pendingPoints, 0, 60000);
    const auto status = m_model->targetFromIndex(m_model->indexFromTarget(QStringLiteral("docs-west")));
    QVERIFY(!status->newestPoint.isEmpty());
    QCOMPARE(status->lagSeconds, 0);
}

QTEST_GUILESS_MAIN(TestReplicationModel)
#include "tst_replicationmodel.moc"
