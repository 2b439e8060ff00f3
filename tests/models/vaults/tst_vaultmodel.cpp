#include "backend/regions/RegionService.h"
#include "backend/vaults/VaultService.h"
#include "models/VaultModel.h"
#include "tests/support/TestWorkspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

// VaultModel over a real VaultService on a real workspace (vaults in its local default region).
class TestVaultModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void startsEmptyWithHeaders();
    void insertsCreatedVaultsSorted();
    void flagsAManagedKeyUntilItIsExported();
    void removesADeletedVault();
    void resetsOnReload();
    void seesVaultsOfAnEarlierSession();

private:
    Vaults::VaultRecord create(const QString& name, bool customer);

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<Regions::RegionService> m_regions;
    std::unique_ptr<Vaults::VaultService> m_vaults;
    std::unique_ptr<VaultModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestVaultModel::init()
{
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    Core::Workspace& ws = m_workspace->open();
    m_regions = std::make_unique<Regions::RegionService>(ws);
    QVERIFY(!m_regions->regions().isEmpty());
    m_vaults = std::make_unique<Vaults::VaultService>(ws, *m_regions);
    m_model = std::make_unique<VaultModel>(m_vaults.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestVaultModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_vaults.reset();
    m_regions.reset();
    m_workspace.reset();
}

Vaults::VaultRecord TestVaultModel::create(const QString& name, bool customer)
{
    Vaults::NewVault spec;
    spec.name = name;
    spec.region = m_regions->regions().first().name;
    spec.description = QStringLiteral("test vault");
    if (customer) {
        spec.encryption = Backup::EncryptionMethod::Customer;
        spec.customerKey = Backup::KeySource::passphrase("correct horse battery");
    }
    Core::Result<Vaults::VaultRecord> created = m_vaults->create(spec);
    if (!created) {
        qWarning() << created.error().message();
        return {};
    }
    return created.value();
}

void TestVaultModel::startsEmptyWithHeaders()
{
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->columnCount(), int(VaultModel::ColumnCount));
    QCOMPARE(m_model->headerData(VaultModel::RecoveryKeyColumn, Qt::Horizontal).toString(),
             QStringLiteral("Recovery key"));
    QCOMPARE(m_model->headerData(VaultModel::StoredBytesColumn, Qt::Horizontal).toString(), QStringLiteral("Stored"));
}

void TestVaultModel::insertsCreatedVaultsSorted()
{
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QCOMPARE(create(QStringLiteral("zeta"), false).name, QStringLiteral("zeta"));
    QCOMPARE(create(QStringLiteral("alpha"), true).name, QStringLiteral("alpha"));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 0); // "alpha" goes before "zeta"
    QCOMPARE(m_model->rowCount(), 2);

    const QModelIndex alpha = m_model->indexFromName(QStringLiteral("alpha"));
    QCOMPARE(alpha.row(), 0);
    QCOMPARE(alpha.data().toString(), QStringLiteral("alpha"));
    QCOMPARE(alpha.siblingAtColumn(VaultModel::RegionColumn).data().toString(), m_regions->regions().first().name);
    QCOMPARE(alpha.siblingAtColumn(VaultModel::EncryptionColumn).data().toString(), QStringLiteral("Customer key"));
    QCOMPARE(alpha.siblingAtColumn(VaultModel::EncryptionColumn).data(VaultModel::UnderlyingDataRole).toString(),
             QStringLiteral("customer"));
    QCOMPARE(alpha.siblingAtColumn(VaultModel::PointsColumn).data().toString(), QStringLiteral("0"));
    QCOMPARE(alpha.siblingAtColumn(VaultModel::TypeColumn).data().toString(), QStringLiteral("General"));
    QCOMPARE(alpha.data(Qt::ToolTipRole).toString(), QStringLiteral("test vault"));
    // A customer key is the operator's: nothing to export, nothing to warn about.
    QCOMPARE(alpha.data(VaultModel::RecoveryKeyMissingRole).toBool(), false);
    QCOMPARE(alpha.siblingAtColumn(VaultModel::RecoveryKeyColumn).data().toString(), QStringLiteral("Held by you"));
    QVERIFY(m_model->vaultFromIndex(alpha));
    QCOMPARE(m_model->vaultFromIndex(alpha)->name, QStringLiteral("alpha"));
    QVERIFY(!m_model->vaultFromIndex(QModelIndex()));
}

void TestVaultModel::flagsAManagedKeyUntilItIsExported()
{
    create(QStringLiteral("managed"), false);
    const QModelIndex key = m_model->indexFromName(QStringLiteral("managed"), VaultModel::RecoveryKeyColumn);
    QVERIFY(key.isValid());
    QCOMPARE(key.data(VaultModel::RecoveryKeyMissingRole).toBool(), true);
    QCOMPARE(key.data().toString(), QStringLiteral("Not exported"));
    QVERIFY(key.data(Qt::ForegroundRole).isValid());
    QVERIFY(!key.data(Qt::ToolTipRole).toString().isEmpty());

    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    Core::Result<QString> exported = m_vaults->exportRecoveryKey(QStringLiteral("managed"));
    QVERIFY2(exported, exported ? "" : qPrintable(exported.error().message()));
    QVERIFY(exported.value().startsWith(QStringLiteral("CVRK1-")));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), key.row());
    QCOMPARE(key.data(VaultModel::RecoveryKeyMissingRole).toBool(), false);
    QCOMPARE(key.data().toString(), QStringLiteral("Exported"));
}

void TestVaultModel::removesADeletedVault()
{
    create(QStringLiteral("a"), false);
    create(QStringLiteral("b"), false);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_vaults->remove(QStringLiteral("a")));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 0);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("b"));
    QVERIFY(!m_model->indexFromName(QStringLiteral("a")).isValid());
}

void TestVaultModel::resetsOnReload()
{
    create(QStringLiteral("one"), false);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_vaults->reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 1);
}

void TestVaultModel::seesVaultsOfAnEarlierSession()
{
    create(QStringLiteral("kept"), false);
    // Another service on the same catalog (e.g. the next console start) lists it too.
    Vaults::VaultService again(m_workspace->open(), *m_regions);
    VaultModel model(&again);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, VaultModel::NameColumn).data().toString(), QStringLiteral("kept"));
}

QTEST_GUILESS_MAIN(TestVaultModel)
#include "tst_vaultmodel.moc"
