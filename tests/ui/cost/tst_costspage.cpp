#include "models/CostBreakdownModel.h"
#include "tests/support/TestWorkspace.h"
#include "ui/dialogs/PriceSheetDialog.h"
#include "ui/pages/CostsPage.h"
#include "ui/widgets/MessageWidget.h"
#include "ui/widgets/ProjectionChart.h"

#include <QApplication>
#include <QBarSet>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedBarSeries>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <memory>

// Drives the Costs page on a real workspace (offscreen platform), as an operator would.
class TestCostsPage final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void reproducesTheWorkedExample();
    void refusesBadInputInline();
    void exportsCsvAndPng();
    void showsActualCostsOfAFreshWorkspace();
    void priceEditsChangeTheEstimate();

private:
    template <typename T> T* child(const QString& name) const
    {
        T* widget = m_page->findChild<T*>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    void typeInto(QAbstractSpinBox* box, const QString& text);
    void choose(QComboBox* combo, const QString& id);
    void enterTheExample();
    QString cell(int row, int column) const;

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<CostsPage> m_page;
};

void TestCostsPage::init()
{
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    m_page = std::make_unique<CostsPage>(m_workspace->open(), nullptr);
    m_page->resize(1200, 800);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
}

void TestCostsPage::cleanup()
{
    m_page.reset();
    m_workspace.reset();
}

void TestCostsPage::typeInto(QAbstractSpinBox* box, const QString& text)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Tab);
}

void TestCostsPage::choose(QComboBox* combo, const QString& id)
{
    const int index = combo->findData(id);
    QVERIFY2(index >= 0, qPrintable(id));
    combo->setCurrentIndex(index);
}

QString TestCostsPage::cell(int row, int column) const
{
    auto* view = child<QTableView>(QStringLiteral("breakdownTable"));
    return view->model()->index(row, column).data().toString();
}

// 20 GB copied from GCP us-west1 to us-east4 and europe-west3, kept one month.
void TestCostsPage::enterTheExample()
{
    typeInto(child<QDoubleSpinBox>(QStringLiteral("sizeValue")), QStringLiteral("20"));
    child<QComboBox>(QStringLiteral("sizeUnit"))->setCurrentText(QStringLiteral("GB"));
    choose(child<QComboBox>(QStringLiteral("sourceRegion")), QStringLiteral("gcp/us-west1"));
    typeInto(child<QSpinBox>(QStringLiteral("months")), QStringLiteral("1"));
    auto* add = child<QPushButton>(QStringLiteral("addCopyButton"));
    QTest::mouseClick(add, Qt::LeftButton);
    QTest::mouseClick(add, Qt::LeftButton);
    QCOMPARE(m_page->copyRegionCount(), 2);
    choose(child<QComboBox>(QStringLiteral("copyRegion0")), QStringLiteral("gcp/us-east4"));
    choose(child<QComboBox>(QStringLiteral("copyRegion1")), QStringLiteral("gcp/europe-west3"));
    typeInto(child<QSpinBox>(QStringLiteral("copyRetention0")), QStringLiteral("30"));
    typeInto(child<QSpinBox>(QStringLiteral("copyRetention1")), QStringLiteral("30"));
}

void TestCostsPage::reproducesTheWorkedExample()
{
    // No copy region yet: nothing to price, said so.
    QVERIFY(m_page->messageWidget()->isVisible());
    QCOMPARE(m_page->breakdownModel()->rowCount(), 0);

    enterTheExample();
    QVERIFY2(!m_page->messageWidget()->isVisible(), qPrintable(m_page->messageWidget()->text()));
    QCOMPARE(m_page->breakdownModel()->rowCount(), 3);
    QCOMPARE(cell(0, CostBreakdownModel::RegionColumn), QStringLiteral("gcp/us-east4"));
    QCOMPARE(cell(1, CostBreakdownModel::TransferColumn), QStringLiteral("$1.60"));
    QCOMPARE(cell(2, CostBreakdownModel::StorageColumn), QStringLiteral("$0.80"));
    QCOMPARE(cell(2, CostBreakdownModel::TransferColumn), QStringLiteral("$2.00"));
    QCOMPARE(cell(2, CostBreakdownModel::TotalColumn), QStringLiteral("$2.80"));

    // The chart: storage and transfer per region, 12 months, with values.
    QStackedBarSeries* series = m_page->chart()->series();
    QCOMPARE(series->count(), 4);
    double sum = 0;
    for (QBarSet* set : series->barSets()) {
        QCOMPARE(set->count(), 12);
        sum += set->sum();
    }
    QVERIFY(sum > 0);
    QCOMPARE(series->barSets().at(3)->label(), QStringLiteral("gcp/europe-west3 transfer"));
    // The README's picture of the page (docs/screenshots/costs.png) comes from here.
    if (const QString dir = qEnvironmentVariable("CROSSVAULT_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QTest::qWait(300); // the chart's scene lays out its axes and legend on the event loop
        QVERIFY(m_page->grab().save(dir + QStringLiteral("/costs.png"), "PNG"));
    }
    QCOMPARE(series->barSets().at(3)->at(0), 1.6);
    m_page->chart()->showHover(3, 0);
    QCOMPARE(m_page->chart()->hoverText(), QStringLiteral("gcp/europe-west3 transfer, month 1: $1.60"));

    // Recomputes as inputs change: a 12-month period keeps paying storage, not transfer.
    typeInto(child<QSpinBox>(QStringLiteral("months")), QStringLiteral("12"));
    QCOMPARE(cell(2, CostBreakdownModel::StorageColumn), QStringLiteral("$9.60"));
    QCOMPARE(cell(2, CostBreakdownModel::TotalColumn), QStringLiteral("$11.60"));
}

void TestCostsPage::refusesBadInputInline()
{
    enterTheExample();
    choose(child<QComboBox>(QStringLiteral("copyRegion1")), QStringLiteral("gcp/us-east4"));
    QVERIFY(m_page->messageWidget()->isVisible());
    QCOMPARE(m_page->messageWidget()->type(), MessageWidget::Type::Error);
    QVERIFY2(m_page->messageWidget()->text().contains(QStringLiteral("Copy regions")),
             qPrintable(m_page->messageWidget()->text()));
    QVERIFY(m_page->messageWidget()->text().contains(QStringLiteral("twice")));
    QCOMPARE(m_page->breakdownModel()->rowCount(), 0);

    choose(child<QComboBox>(QStringLiteral("copyRegion1")), QStringLiteral("gcp/europe-west3"));
    QVERIFY(!m_page->messageWidget()->isVisible());
    typeInto(child<QDoubleSpinBox>(QStringLiteral("sizeValue")), QStringLiteral("0"));
    QVERIFY2(m_page->messageWidget()->text().startsWith(QStringLiteral("Source size")),
             qPrintable(m_page->messageWidget()->text()));
}

void TestCostsPage::exportsCsvAndPng()
{
    enterTheExample();
    const QString csv = m_workspace->tempPath(QStringLiteral("estimate.csv"));
    QVERIFY(m_page->exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY2(text.contains(QStringLiteral("gcp/europe-west3,copy,30,20000000000,0.40,1.60,2.00,USD")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("total,,,,0.80,2.00,2.80,USD")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("12,gcp/us-east4,20000000000,0,0.40,0.00")));

    const QString png = m_workspace->tempPath(QStringLiteral("chart.png"));
    QVERIFY(m_page->exportPng(png));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100);
}

void TestCostsPage::showsActualCostsOfAFreshWorkspace()
{
    m_page->refreshActuals();
    QCOMPARE(m_page->actualModel()->rowCount(), 0);
    auto* summary = m_page->findChild<QLabel*>(QStringLiteral("actualSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->text().contains(QStringLiteral("No vaults")), qPrintable(summary->text()));
}

void TestCostsPage::priceEditsChangeTheEstimate()
{
    enterTheExample();
    const QString overrides = m_workspace->path() + QStringLiteral("/prices.json");
    {
        PriceSheetDialog dialog(overrides);
        dialog.selectSheet(QStringLiteral("gcp/us-east4"));
        QCOMPARE(dialog.currentId(), QStringLiteral("gcp/us-east4"));
        auto* price = dialog.findChild<QLineEdit*>(QStringLiteral("storagePrice"));
        QVERIFY(price);
        QCOMPARE(price->text(), QStringLiteral("0.02"));
        price->setText(QStringLiteral("cheap"));
        QVERIFY(!dialog.save());
        QVERIFY2(dialog.messageWidget()->text().contains(QStringLiteral("Storage price")),
                 qPrintable(dialog.messageWidget()->text()));
        price->setText(QStringLiteral("0.03"));
        QVERIFY2(dialog.save(), qPrintable(dialog.messageWidget()->text()));
        QVERIFY(QFile::exists(overrides));

        const QString bad = m_workspace->tempPath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"sheets\": [\n {\"id\": \"x/y\"}\n]}");
        f.close();
        QVERIFY(!dialog.importFrom(bad));
        QVERIFY2(dialog.messageWidget()->text().contains(QStringLiteral("line 2")),
                 qPrintable(dialog.messageWidget()->text()));
    }
    m_page->reloadPrices();
    // us-east4 now stores 20 GB at $0.03: storage $1.00, total $3.00.
    QCOMPARE(cell(2, CostBreakdownModel::StorageColumn), QStringLiteral("$1.00"));
    QCOMPARE(cell(2, CostBreakdownModel::TotalColumn), QStringLiteral("$3.00"));
    {
        PriceSheetDialog dialog(overrides);
        dialog.selectSheet(QStringLiteral("gcp/us-east4"));
        QVERIFY(dialog.resetCurrent());
    }
    m_page->reloadPrices();
    QCOMPARE(cell(2, CostBreakdownModel::TotalColumn), QStringLiteral("$2.80"));
}

QTEST_MAIN(TestCostsPage)
#include "tst_costspage.moc"
