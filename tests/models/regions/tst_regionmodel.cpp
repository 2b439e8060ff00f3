#include "backend/regions/RegionService.h"
#include "models/RegionModel.h"
#include "models/RegionSortFilterModel.h"
#include "tests/support/TestWorkspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using Regions::Region;
using Regions::RegionService;

class TestRegionModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void showsTheDefaultRegions();
    void formatsDisplayAndKeepsRawValues();
    void insertsRowsWhereTheServiceAddsThem();
    void removesRows();
    void emitsOneDataChangedForAnUpdate();
    void resetsOnReload();
    void proxyFiltersOnText();
    void proxySortsOnRawValues();

private:
    Region localRegion(const QString& name, const QString& continent = QStringLiteral("Europe")) const;

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<RegionService> m_service;
    std::unique_ptr<RegionModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestRegionModel::init()
{
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    m_service = std::make_unique<RegionService>(m_workspace->open());
    m_model = std::make_unique<RegionModel>(m_service.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestRegionModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_service.reset();
    m_workspace.reset();
}

Region TestRegionModel::localRegion(const QString& name, const QString& continent) const
{
    Region region;
    region.name = name;
    region.displayName = name.toUpper();
    region.provider = QStringLiteral("local");
    region.continent = continent;
    region.kind = Region::kindLocal();
    region.location = m_workspace->tempPath(QStringLiteral("stores/") + name);
    return region;
}

void TestRegionModel::showsTheDefaultRegions()
{
    QCOMPARE(m_model->columnCount(), int(RegionModel::ColumnCount));
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(0, RegionModel::NameColumn).data().toString(), QStringLiteral("local-east"));
    QCOMPARE(m_model->index(1, RegionModel::NameColumn).data().toString(), QStringLiteral("local-west"));
    QCOMPARE(m_model->headerData(RegionModel::PriceSheetColumn, Qt::Horizontal).toString(),
             QStringLiteral("Price sheet"));
    // Two continents: the point of the embedded default.
    QVERIFY(m_model->index(0, RegionModel::ContinentColumn).data(RegionModel::UnderlyingDataRole)
            != m_model->index(1, RegionModel::ContinentColumn).data(RegionModel::UnderlyingDataRole));
}

void TestRegionModel::formatsDisplayAndKeepsRawValues()
{
    const QModelIndex kind = m_model->index(0, RegionModel::KindColumn);
    QCOMPARE(kind.data(Qt::DisplayRole).toString(), QStringLiteral("Local folder"));
    QCOMPARE(kind.data(RegionModel::UnderlyingDataRole).toString(), QStringLiteral("local"));

    const QModelIndex price = m_model->index(0, RegionModel::PriceSheetColumn);
    QCOMPARE(price.data(Qt::DisplayRole).toString(), QStringLiteral("None"));
    QCOMPARE(price.data(RegionModel::UnderlyingDataRole).toString(), QString());

    const std::optional<Region> region = m_model->regionFromIndex(m_model->index(1, RegionModel::LocationColumn));
    QVERIFY(region.has_value());
    QCOMPARE(region->name, QStringLiteral("local-west"));
    QCOMPARE(region->location, m_service->regions().at(1).location);
    QCOMPARE(m_model->index(1, RegionModel::LocationColumn).data().toString(), region->location);

    QVERIFY(!m_model->regionFromIndex({}).has_value());
    QCOMPARE(m_model->indexFromName(QStringLiteral("local-west")).row(), 1);
    QVERIFY(!m_model->indexFromName(QStringLiteral("nowhere")).isValid());
}

void TestRegionModel::insertsRowsWhereTheServiceAddsThem()
{
    QSignalSpy aboutToInsert(m_model.get(), &QAbstractItemModel::rowsAboutToBeInserted);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    const auto first = m_service->add(localRegion(QStringLiteral("alpha")));
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message()));
    QCOMPARE(aboutToInsert.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0); // sorted by name: before local-east
    QCOMPARE(inserted.at(0).at(2).toInt(), 0);
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->index(0, RegionModel::DisplayNameColumn).data().toString(), QStringLiteral("ALPHA"));

    QVERIFY(m_service->add(localRegion(QStringLiteral("zulu"), QStringLiteral("Asia"))).ok());
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 3);
    QCOMPARE(m_model->index(3, RegionModel::NameColumn).data().toString(), QStringLiteral("zulu"));

    // A refused add (duplicate name) changes nothing.
    QVERIFY(!m_service->add(localRegion(QStringLiteral("zulu"))).ok());
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(m_model->rowCount(), 4);
}

void TestRegionModel::removesRows()
{
    QVERIFY(m_service->add(localRegion(QStringLiteral("middle"))).ok());
    QCOMPARE(m_model->indexFromName(QStringLiteral("middle")).row(), 2);
    QSignalSpy aboutToRemove(m_model.get(), &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    QVERIFY(m_service->remove(QStringLiteral("middle")).ok());
    QCOMPARE(aboutToRemove.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 2);
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(!m_model->indexFromName(QStringLiteral("middle")).isValid());

    QVERIFY(!m_service->remove(QStringLiteral("middle")).ok());
    QCOMPARE(removed.count(), 1);
}

void TestRegionModel::emitsOneDataChangedForAnUpdate()
{
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    Region west = m_service->regions().at(1);
    west.displayName = QStringLiteral("Second floor NAS");
    QVERIFY(m_service->update(west).ok());

    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft, m_model->index(1, 0));
    QCOMPARE(bottomRight, m_model->index(1, RegionModel::ColumnCount - 1));
    QCOMPARE(m_model->index(1, RegionModel::DisplayNameColumn).data().toString(), QStringLiteral("Second floor NAS"));
}

void TestRegionModel::resetsOnReload()
{
    // Another service on the same workspace stands in for crossvault-cli changing the catalog.
    RegionService other(m_workspace->open());
    QVERIFY(other.add(localRegion(QStringLiteral("from-elsewhere"))).ok());
    QCOMPARE(m_model->rowCount(), 2);

    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    m_service->reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 3);
    QVERIFY(m_model->indexFromName(QStringLiteral("from-elsewhere")).isValid());
}

void TestRegionModel::proxyFiltersOnText()
{
    RegionSortFilterModel proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(m_model.get());
    QVERIFY(m_service->add(localRegion(QStringLiteral("nas-tokyo"), QStringLiteral("Asia"))).ok());
    QCOMPARE(proxy.rowCount(), 3);

    proxy.setFilterText(QStringLiteral("TOKYO"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, RegionModel::NameColumn).data().toString(), QStringLiteral("nas-tokyo"));

    // Continent (raw value) and location are searched too.
    proxy.setFilterText(QStringLiteral("asia"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setFilterText(QStringLiteral("stores/"));
    QCOMPARE(proxy.rowCount(), 1);

    proxy.setFilterText(QStringLiteral("no such region"));
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setFilterText(QStringLiteral("  "));
    QCOMPARE(proxy.rowCount(), 3);

    // New rows obey the active filter.
    proxy.setFilterText(QStringLiteral("nas-"));
    QCOMPARE(proxy.rowCount(), 1);
    QVERIFY(m_service->add(localRegion(QStringLiteral("nas-paris"))).ok());
    QCOMPARE(proxy.rowCount(), 2);
}

void TestRegionModel::proxySortsOnRawValues()
{
    RegionSortFilterModel proxy;
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(m_model.get());
    QVERIFY(m_service->add(localRegion(QStringLiteral("aa-oceania"), QStringLiteral("Oceania"))).ok());

    proxy.sort(RegionModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, RegionModel::NameColumn).data().toString(), QStringLiteral("local-west"));
    QCOMPARE(proxy.index(2, RegionModel::NameColumn).data().toString(), QStringLiteral("aa-oceania"));

    proxy.sort(RegionModel::ContinentColumn, Qt::AscendingOrder);
    QStringList continents;
    for (int row = 0; row < proxy.rowCount(); ++row) {
        continents << proxy.index(row, RegionModel::ContinentColumn).data(RegionModel::UnderlyingDataRole).toString();
    }
    QStringList sorted = continents;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(continents, sorted);
    QCOMPARE(continents.last(), QStringLiteral("Oceania"));
}

QTEST_GUILESS_MAIN(TestRegionModel)
#include "tst_regionmodel.moc"
