#include "models/CostBreakdownModel.h"

#include "backend/cost/CostEngine.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestCostBreakdownModel final : public QObject
{
    Q_OBJECT

private slots:
    void showsTheWorkedExample()
    {
        auto catalog = Cost::PriceCatalog::defaults();
        QVERIFY(catalog.ok());
        Cost::CostEngine engine(catalog.value());
        Cost::EstimateInput in;
        in.sourceBytes = 20'000'000'000;
        in.sourceRegion = QStringLiteral("gcp/us-west1");
        in.copies = {{QStringLiteral("gcp/us-east4"), 30}, {QStringLiteral("gcp/europe-west3"), 30}};
        auto estimate = engine.estimate(in);
        QVERIFY(estimate.ok());

        CostBreakdownModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QCOMPARE(model.rowCount(), 0);
        model.setEstimate(estimate.value());
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(CostBreakdownModel::ColumnCount));
        QCOMPARE(model.index(0, CostBreakdownModel::RegionColumn).data().toString(), QStringLiteral("gcp/us-east4"));
        QCOMPARE(model.index(1, CostBreakdownModel::TransferColumn).data().toString(), QStringLiteral("$1.60"));
        QCOMPARE(model.index(1, CostBreakdownModel::TransferColumn).data(CostBreakdownModel::UnderlyingDataRole).toLongLong(),
                 qint64(1'600'000));
        const QModelIndex total = model.index(2, CostBreakdownModel::TotalColumn);
        QVERIFY(total.data(CostBreakdownModel::IsTotalRowRole).toBool());
        QCOMPARE(total.data().toString(), QStringLiteral("$2.80"));
        QCOMPARE(total.data(CostBreakdownModel::UnderlyingDataRole).toLongLong(), qint64(2'800'000));
        QCOMPARE(model.index(2, CostBreakdownModel::StorageColumn).data().toString(), QStringLiteral("$0.80"));
        QVERIFY(!model.index(0, CostBreakdownModel::TransferColumn).data(Qt::ToolTipRole).toString().isEmpty());

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(resets.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestCostBreakdownModel)
#include "tst_costbreakdownmodel.moc"
