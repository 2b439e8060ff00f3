#include "backend/catalog/Catalog.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/sources/FolderSource.h"
#include "backend/vaults/VaultService.h"
#include "models/PointModel.h"
#include "tests/support/TestWorkspace.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <memory>

// PointModel over real points: backups of a real folder into a real vault, through the JobRunner.
class TestPointModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void emptyWithoutAVault();
    void listsThePointsOfTheChosenVaultNewestFirst();
    void followsDeletedPoints();
    void forgetsAVaultThatIsGone();

private:
    QString backUp(const QString& vault);

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<Regions::RegionService> m_regions;
    std::unique_ptr<Vaults::VaultService> m_vaults;
    std::unique_ptr<Jobs::JobRunner> m_runner;
    std::unique_ptr<PointModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_source;
};

void TestPointModel::init()
{
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    Core::Workspace& ws = m_workspace->open();
    m_regions = std::make_unique<Regions::RegionService>(ws);
    m_vaults = std::make_unique<Vaults::VaultService>(ws, *m_regions);
    m_runner = std::make_unique<Jobs::JobRunner>(ws.catalog());
    m_model = std::make_unique<PointModel>(m_vaults.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const QString& name : {QStringLiteral("docs"), QStringLiteral("other")}) {
        Vaults::NewVault spec;
        spec.name = name;
        spec.region = m_regions->regions().first().name;
        QVERIFY(m_vaults->create(spec));
    }
    m_source = m_workspace->tempPath(QStringLiteral("source"));
    QVERIFY(QDir().mkpath(m_source + QStringLiteral("/sub")));
    QFile file(m_source + QStringLiteral("/sub/a.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(5000, 'a'));
}

void TestPointModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_runner.reset();
    m_vaults.reset();
    m_regions.reset();
    m_workspace.reset();
}

QString TestPointModel::backUp(const QString& vault)
{
    Core::Result<Vaults::VaultAccess> access = m_vaults->access(vault);
    if (!access) {
        return {};
    }
    QSignalSpy finished(m_runner.get(), &Jobs::JobRunner::jobFinished);
    Core::Result<qint64> id = m_runner->submit(std::make_unique<Jobs::BackupJob>(
        m_workspace->open().catalog(), std::move(access.value()), std::make_unique<Sources::FolderSource>(m_source)));
    if (!id || !finished.wait(60000)) {
        return {};
    }
    const auto outcome = finished.first().at(1).value<Jobs::JobOutcome>();
    if (outcome.state != Jobs::JobState::Succeeded) {
        qWarning() << outcome.error;
        return {};
    }
    // The job wrote the catalog from its worker; the service tells models on reload.
    m_vaults->reload();
    return outcome.result.value(QStringLiteral("point")).toString();
}

void TestPointModel::emptyWithoutAVault()
{
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), int(PointModel::ColumnCount));
    m_model->setVault(QStringLiteral("docs"));
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->lastError().isEmpty());
    QCOMPARE(m_model->headerData(PointModel::LogicalBytesColumn, Qt::Horizontal).toString(), QStringLiteral("Size"));
}

void TestPointModel::listsThePointsOfTheChosenVaultNewestFirst()
{
    const QString first = backUp(QStringLiteral("docs"));
    QVERIFY(!first.isEmpty());
    const QString second = backUp(QStringLiteral("docs"));
    QVERIFY(!second.isEmpty());
    QVERIFY(!backUp(QStringLiteral("other")).isEmpty());

    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->setVault(QStringLiteral("docs"));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(0, PointModel::IdColumn).data().toString(), second);
    QCOMPARE(m_model->index(1, PointModel::IdColumn).data().toString(), first);
    QCOMPARE(m_model->index(0, PointModel::SourceColumn).data(PointModel::UnderlyingDataRole).toString(),
             QDir(m_source).absolutePath());
    QCOMPARE(m_model->index(0, PointModel::StateColumn).data().toString(), QStringLiteral("Complete"));
    QCOMPARE(m_model->index(0, PointModel::OriginColumn).data().toString(), QStringLiteral("Manual"));
    QCOMPARE(m_model->index(0, PointModel::TierColumn).data().toString(), QStringLiteral("Standard"));
    QCOMPARE(m_model->index(0, PointModel::ExpiresColumn).data().toString(), QStringLiteral("Never"));
    QCOMPARE(m_model->index(0, PointModel::LogicalBytesColumn).data(PointModel::UnderlyingDataRole).toLongLong(),
             qint64(5000));
    QVERIFY(m_model->index(0, PointModel::CreatedColumn).data(PointModel::UnderlyingDataRole).toDateTime().isValid());
    QCOMPARE(m_model->indexFromId(first).row(), 1);
    QCOMPARE(m_model->pointFromIndex(m_model->index(1, 0))->id, first);

    m_model->setVault(QStringLiteral("other"));
    QCOMPARE(m_model->rowCount(), 1);
}

void TestPointModel::followsDeletedPoints()
{
    const QString point = backUp(QStringLiteral("docs"));
    QVERIFY(!point.isEmpty());
    m_model->setVault(QStringLiteral("docs"));
    QCOMPARE(m_model->rowCount(), 1);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_vaults->deletePoint(QStringLiteral("docs"), point));
    QVERIFY(reset.count() >= 1);
    QCOMPARE(m_model->rowCount(), 0);
}

void TestPointModel::forgetsAVaultThatIsGone()
{
    QVERIFY(!backUp(QStringLiteral("docs")).isEmpty());
    m_model->setVault(QStringLiteral("docs"));
    QCOMPARE(m_model->rowCount(), 1);
    QVERIFY(m_vaults->remove(QStringLiteral("docs")));
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestPointModel)
#include "tst_pointmodel.moc"
