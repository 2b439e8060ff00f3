#include "ui/pages/CostsPage.h"

#include "backend/core/Units.h"
#include "backend/core/Workspace.h"
#include "backend/cost/CostEngine.h"
#include "backend/cost/Money.h"
#include "backend/cost/UsageCollector.h"
#include "models/CostBreakdownModel.h"
#include "ui/dialogs/PriceSheetDialog.h"
#include "ui/widgets/MessageWidget.h"
#include "ui/widgets/PageHeader.h"
#include "ui/widgets/ProjectionChart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>

namespace {

QString decimalBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 2, QLocale::DataSizeSIFormat);
}

} // namespace

CostsPage::CostsPage(Core::Workspace& workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_message(new MessageWidget(this))
{
    setObjectName(QStringLiteral("costsPage"));
    m_building = true;
    auto loaded = Cost::PriceCatalog::load(m_workspace.filePath(Cost::PriceCatalog::overridesFileName()));
    if (loaded) {
        m_catalog = loaded.value();
    } else {
        m_message->showMessage(loaded.error().message(), MessageWidget::Type::Error);
        if (auto defaults = Cost::PriceCatalog::defaults())
            m_catalog = defaults.value();
    }

    auto* header = new PageHeader(
        tr("Costs"),
        tr("What will keeping backups and copies cost? Enter the source and the copy regions; the breakdown and the "
           "12-month projection follow as you type. Prices come from the price sheets (1 GB = 10^9 bytes; a month "
           "is 730 hours, so GB-hour prices are normalised to GB-months)."),
        this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("costTabs"));
    m_tabs->addTab(createEstimateTab(), tr("Estimate"));
    m_tabs->addTab(createActualTab(), tr("Actual costs"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);
    m_building = false;
    recompute();
    refreshActuals();
}

QWidget* CostsPage::createEstimateTab()
{
    auto* tab = new QWidget(this);

    // Inputs.
    m_size = new QDoubleSpinBox(tab);
    m_size->setObjectName(QStringLiteral("sizeValue"));
    m_size->setRange(0, 1'000'000);
    m_size->setDecimals(2);
    m_size->setValue(100);
    m_sizeUnit = new QComboBox(tab);
    m_sizeUnit->setObjectName(QStringLiteral("sizeUnit"));
    for (const char* unit : {"MB", "GB", "TB", "PB", "GiB", "TiB"})
        m_sizeUnit->addItem(QString::fromLatin1(unit));
    m_sizeUnit->setCurrentText(QStringLiteral("GB"));
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_size, 1);
    sizeRow->addWidget(m_sizeUnit);

    m_changeRate = new QDoubleSpinBox(tab);
    m_changeRate->setObjectName(QStringLiteral("changeRate"));
    m_changeRate->setRange(0, 100);
    m_changeRate->setDecimals(2);
    m_changeRate->setSuffix(tr(" % a day"));
    m_ratio = new QDoubleSpinBox(tab);
    m_ratio->setObjectName(QStringLiteral("ratio"));
    m_ratio->setRange(0.1, 1000);
    m_ratio->setDecimals(2);
    m_ratio->setValue(1.0);
    m_ratio->setSuffix(tr(" : 1"));
    m_ratio->setToolTip(
        tr("Dedup and compression: logical size divided by stored size (measured by a vault, or assumed)."));
    m_frequency = new QComboBox(tab);
    m_frequency->setObjectName(QStringLiteral("frequency"));
    m_frequency->addItem(tr("Every hour"), 1);
    m_frequency->addItem(tr("Every 6 hours"), 6);
    m_frequency->addItem(tr("Every 12 hours"), 12);
    m_frequency->addItem(tr("Daily"), 24);
    m_frequency->addItem(tr("Weekly"), 168);
    m_frequency->setCurrentIndex(3);
    m_retention = new QSpinBox(tab);
    m_retention->setObjectName(QStringLiteral("retentionDays"));
    m_retention->setRange(1, Cost::CostEngine::maxRetentionDays);
    m_retention->setValue(30);
    m_retention->setSuffix(tr(" days"));
    m_months = new QSpinBox(tab);
    m_months->setObjectName(QStringLiteral("months"));
    m_months->setRange(1, Cost::CostEngine::maxMonths);
    m_months->setValue(1);
    m_months->setSuffix(tr(" month(s)"));
    m_months->setToolTip(tr("Months summed into the breakdown; the chart always shows at least 12."));
    m_source = new QComboBox(tab);
    m_source->setObjectName(QStringLiteral("sourceRegion"));
    fillSheetCombo(m_source, QStringLiteral("gcp/us-west1"));
    m_includeSource = new QCheckBox(tr("Also price the source region's storage"), tab);
    m_includeSource->setObjectName(QStringLiteral("includeSource"));

    m_copies = new QTableWidget(0, 2, tab);
    m_copies->setObjectName(QStringLiteral("copyRegions"));
    m_copies->setHorizontalHeaderLabels({tr("Copy region"), tr("Retention")});
    m_copies->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_copies->verticalHeader()->hide();
    m_copies->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_copies->setMinimumHeight(120);
    m_addCopy = new QPushButton(QIcon(QStringLiteral(":/icons/add.svg")), tr("Add copy region"), tab);
    m_addCopy->setObjectName(QStringLiteral("addCopyButton"));
    m_removeCopy = new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("Remove"), tab);
    m_removeCopy->setObjectName(QStringLiteral("removeCopyButton"));
    auto* copyButtons = new QHBoxLayout;
    copyButtons->addWidget(m_addCopy);
    copyButtons->addWidget(m_removeCopy);
    copyButtons->addStretch();

    auto* form = new QFormLayout;
    form->addRow(tr("Source size:"), sizeRow);
    form->addRow(tr("Change rate:"), m_changeRate);
    form->addRow(tr("Dedup + compression:"), m_ratio);
    form->addRow(tr("Backup frequency:"), m_frequency);
    form->addRow(tr("Source retention:"), m_retention);
    form->addRow(tr("Source region:"), m_source);
    form->addRow(QString(), m_includeSource);
    form->addRow(tr("Period:"), m_months);
    auto* unitsNote = new QLabel(tr("1 GB = 10^9 bytes, as providers bill. A month is 730 hours."), tab);
    unitsNote->setWordWrap(true);
    auto* priceButton = new QPushButton(tr("Price sheets…"), tab);
    priceButton->setObjectName(QStringLiteral("priceSheetsButton"));

    auto* inputs = new QWidget(tab);
    auto* inputsLayout = new QVBoxLayout(inputs);
    inputsLayout->addLayout(form);
    inputsLayout->addWidget(new QLabel(tr("Copy regions, each with its own retention:"), inputs));
    inputsLayout->addWidget(m_copies, 1);
    inputsLayout->addLayout(copyButtons);
    inputsLayout->addWidget(unitsNote);
    inputsLayout->addWidget(priceButton);

    // Results.
    m_breakdown = new CostBreakdownModel(this);
    m_breakdownView = new QTableView(tab);
    m_breakdownView->setObjectName(QStringLiteral("breakdownTable"));
    m_breakdownView->setModel(m_breakdown);
    m_breakdownView->horizontalHeader()->setSectionResizeMode(CostBreakdownModel::RegionColumn, QHeaderView::Stretch);
    m_breakdownView->verticalHeader()->hide();
    m_breakdownView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_breakdownView->setMaximumHeight(160);
    m_steadyLabel = new QLabel(tab);
    m_steadyLabel->setObjectName(QStringLiteral("steadyLabel"));
    // One note per line, not word-wrapped: a wrapped label under a splitter gets the height of
    // its unwrapped text and is cut. Ignored width: a narrow pane clips a line (the full text
    // is in the tooltip) instead of widening the pane.
    m_steadyLabel->setWordWrap(false);
    m_steadyLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Minimum);
    m_chart = new ProjectionChart(tab);
    auto* csvButton = new QPushButton(tr("Export CSV…"), tab);
    csvButton->setObjectName(QStringLiteral("exportCsvButton"));
    auto* pngButton = new QPushButton(tr("Export PNG…"), tab);
    pngButton->setObjectName(QStringLiteral("exportPngButton"));
    auto* exportRow = new QHBoxLayout;
    exportRow->addStretch();
    exportRow->addWidget(csvButton);
    exportRow->addWidget(pngButton);

    auto* results = new QWidget(tab);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->addWidget(m_breakdownView);
    resultsLayout->addWidget(m_steadyLabel);
    resultsLayout->addWidget(m_chart, 1);
    resultsLayout->addLayout(exportRow);

    auto* splitter = new QSplitter(tab);
    splitter->addWidget(inputs);
    splitter->addWidget(results);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QHBoxLayout(tab);
    layout->addWidget(splitter);

    // Recompute as inputs change.
    connect(m_size, &QDoubleSpinBox::valueChanged, this, &CostsPage::recompute);
    connect(m_sizeUnit, &QComboBox::currentIndexChanged, this, &CostsPage::recompute);
    connect(m_changeRate, &QDoubleSpinBox::valueChanged, this, &CostsPage::recompute);
    connect(m_ratio, &QDoubleSpinBox::valueChanged, this, &CostsPage::recompute);
    connect(m_frequency, &QComboBox::currentIndexChanged, this, &CostsPage::recompute);
    connect(m_retention, &QSpinBox::valueChanged, this, &CostsPage::recompute);
    connect(m_months, &QSpinBox::valueChanged, this, &CostsPage::recompute);
    connect(m_source, &QComboBox::currentIndexChanged, this, &CostsPage::recompute);
    connect(m_includeSource, &QCheckBox::toggled, this, &CostsPage::recompute);
    connect(m_addCopy, &QPushButton::clicked, this, [this] { addCopyRegion(); });
    connect(m_removeCopy, &QPushButton::clicked, this, [this] {
        removeCopyRegion(m_copies->currentRow() >= 0 ? m_copies->currentRow() : m_copies->rowCount() - 1);
    });
    connect(csvButton, &QPushButton::clicked, this, &CostsPage::chooseCsv);
    connect(pngButton, &QPushButton::clicked, this, &CostsPage::choosePng);
    connect(priceButton, &QPushButton::clicked, this, &CostsPage::editPrices);
    return tab;
}

QWidget* CostsPage::createActualTab()
{
    auto* tab = new QWidget(this);
    m_actualModel = new QStandardItemModel(0, 8, this);
    m_actualModel->setHorizontalHeaderLabels({tr("Vault"), tr("Region"), tr("Price sheet"), tr("Stored"), tr("Storage"),
                                              tr("Transfer"), tr("Total"), tr("Note")});
    auto* view = new QTableView(tab);
    view->setObjectName(QStringLiteral("actualTable"));
    view->setModel(m_actualModel);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    m_actualSummary = new QLabel(tab);
    m_actualSummary->setObjectName(QStringLiteral("actualSummary"));
    m_actualSummary->setWordWrap(true);
    auto* refresh = new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Refresh"), tab);
    refresh->setObjectName(QStringLiteral("refreshActualsButton"));
    connect(refresh, &QPushButton::clicked, this, &CostsPage::refreshActuals);
    auto* top = new QHBoxLayout;
    top->addWidget(m_actualSummary, 1);
    top->addWidget(refresh);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(top);
    layout->addWidget(view, 1);
    return tab;
}

void CostsPage::fillSheetCombo(QComboBox* combo, const QString& selected) const
{
    const QSignalBlocker blocker(combo);
    combo->clear();
    for (const Cost::PriceSheet& s : m_catalog.sheets()) {
        const QString text = s.name.isEmpty() ? s.id : QStringLiteral("%1 (%2)").arg(s.id, s.name);
        combo->addItem(text, s.id);
    }
    const int index = combo->findData(selected);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}

void CostsPage::addCopyRegion(const QString& sheet, int retentionDays)
{
    QString chosen = sheet;
    if (chosen.isEmpty()) {
        QStringList used {m_source->currentData().toString()};
        for (int r = 0; r < m_copies->rowCount(); ++r)
            used << qobject_cast<QComboBox*>(m_copies->cellWidget(r, 0))->currentData().toString();
        for (const QString& id : m_catalog.ids()) {
            if (!used.contains(id)) {
                chosen = id;
                break;
            }
        }
    }
    const int row = m_copies->rowCount();
    m_copies->insertRow(row);
    auto* region = new QComboBox(m_copies);
    region->setObjectName(QStringLiteral("copyRegion%1").arg(row));
    fillSheetCombo(region, chosen);
    auto* retention = new QSpinBox(m_copies);
    retention->setObjectName(QStringLiteral("copyRetention%1").arg(row));
    retention->setRange(1, Cost::CostEngine::maxRetentionDays);
    retention->setValue(retentionDays);
    retention->setSuffix(tr(" days"));
    m_copies->setCellWidget(row, 0, region);
    m_copies->setCellWidget(row, 1, retention);
    connect(region, &QComboBox::currentIndexChanged, this, &CostsPage::recompute);
    connect(retention, &QSpinBox::valueChanged, this, &CostsPage::recompute);
    recompute();
}

void CostsPage::removeCopyRegion(int row)
{
    if (row < 0 || row >= m_copies->rowCount())
        return;
    m_copies->removeRow(row);
    for (int r = 0; r < m_copies->rowCount(); ++r) {
        m_copies->cellWidget(r, 0)->setObjectName(QStringLiteral("copyRegion%1").arg(r));
        m_copies->cellWidget(r, 1)->setObjectName(QStringLiteral("copyRetention%1").arg(r));
    }
    recompute();
}

int CostsPage::copyRegionCount() const
{
    return m_copies->rowCount();
}

std::optional<Cost::EstimateInput> CostsPage::readInput()
{
    Cost::EstimateInput in;
    // The spin box's text is parsed like the CLI's --size, so both read "20 GB" the same.
    auto bytes = Core::parseSize(QString::number(m_size->value(), 'f', 2) + m_sizeUnit->currentText());
    if (!bytes) {
        m_message->showMessage(tr("Source size: %1").arg(bytes.error().message()), MessageWidget::Type::Error);
        return std::nullopt;
    }
    in.sourceBytes = bytes.value();
    in.changeRatePpm = qRound64(m_changeRate->value() * 10'000);
    in.ratioMilli = qRound64(m_ratio->value() * 1000);
    in.intervalHours = m_frequency->currentData().toInt();
    in.retentionDays = m_retention->value();
    in.months = m_months->value();
    in.sourceRegion = m_source->currentData().toString();
    in.includeSource = m_includeSource->isChecked();
    for (int r = 0; r < m_copies->rowCount(); ++r) {
        const auto* region = qobject_cast<QComboBox*>(m_copies->cellWidget(r, 0));
        const auto* retention = qobject_cast<QSpinBox*>(m_copies->cellWidget(r, 1));
        in.copies.append(Cost::CopyTarget {region->currentData().toString(), retention->value()});
    }
    return in;
}

void CostsPage::recompute()
{
    if (m_building)
        return;
    const auto input = readInput();
    if (!input) {
        m_breakdown->clear();
        m_chart->clear();
        return;
    }
    Cost::CostEngine engine(m_catalog);
    auto estimate = engine.estimate(*input);
    if (!estimate) {
        // Name the input the way the form labels it.
        static const QList<std::pair<const char*, const char*>> labels = {
            {"size", QT_TR_NOOP("Source size")},
            {"change-rate", QT_TR_NOOP("Change rate")},
            {"ratio", QT_TR_NOOP("Dedup + compression")},
            {"interval-hours", QT_TR_NOOP("Backup frequency")},
            {"retention-days", QT_TR_NOOP("Source retention")},
            {"months", QT_TR_NOOP("Period")},
            {"from", QT_TR_NOOP("Source region")},
            {"to", QT_TR_NOOP("Copy regions")},
        };
        QString message = estimate.error().message();
        for (const auto& [field, label] : labels) {
            const QString key = QString::fromLatin1(field);
            if (message.startsWith(key + QLatin1Char(':')) || message.startsWith(key + QStringLiteral(" ("))) {
                message = tr(label) + message.mid(key.size());
                break;
            }
        }
        const bool nothingToPrice = input->copies.isEmpty() && !input->includeSource;
        m_message->showMessage(message, nothingToPrice ? MessageWidget::Type::Information : MessageWidget::Type::Error);
        m_breakdown->clear();
        m_chart->clear();
        m_steadyLabel->clear();
        m_steadyLabel->setToolTip({});
        return;
    }
    m_message->hideMessage();
    m_breakdown->setEstimate(estimate.value());
    m_chart->setEstimate(estimate.value());
    QStringList steady;
    for (const Cost::RegionEstimate& r : estimate->regions)
        steady << tr("%1 keeps %2 once retention (%3 days) has filled, %4 a month")
                      .arg(r.region, decimalBytes(r.steadyStoredBytes))
                      .arg(r.retentionDays)
                      .arg(Cost::Money::formatWithCurrency(
                          r.projection.constLast().storage + r.projection.constLast().transfer, estimate->currency));
    steady << estimate->notes;
    m_steadyLabel->setText(steady.join(QLatin1Char('\n')));
    m_steadyLabel->setToolTip(m_steadyLabel->text());
}

void CostsPage::refreshActuals()
{
    m_actualModel->removeRows(0, m_actualModel->rowCount());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto input = Cost::UsageCollector::collect(m_workspace, now);
    if (!input) {
        m_actualSummary->setText(tr("Actual costs are unavailable: %1").arg(input.error().message()));
        return;
    }
    Cost::CostEngine engine(m_catalog);
    auto actuals = engine.actuals(input.value());
    if (!actuals) {
        m_actualSummary->setText(tr("Actual costs are unavailable: %1").arg(actuals.error().message()));
        return;
    }
    auto money = [&](qint64 micros) {
        auto* item = new QStandardItem(Cost::Money::formatWithCurrency(micros, actuals->currency));
        item->setData(micros, Qt::UserRole);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return item;
    };
    for (const Cost::ActualLine& l : actuals->lines) {
        auto* stored = new QStandardItem(decimalBytes(l.storedBytes));
        stored->setData(l.storedBytes, Qt::UserRole);
        m_actualModel->appendRow({new QStandardItem(l.vault), new QStandardItem(l.region),
                                  new QStandardItem(l.priceSheet), stored, money(l.storage), money(l.transfer),
                                  money(l.total()), new QStandardItem(l.note)});
    }
    if (actuals->lines.isEmpty())
        m_actualSummary->setText(tr("No vaults yet: nothing is stored, so nothing is charged this month."));
    else
        m_actualSummary->setText(tr("Month to date (%1 hours since %2 UTC): storage %3, transfer %4, total %5.")
                                     .arg(actuals->hoursElapsed)
                                     .arg(QLocale().toString(input->monthStart.date(), QLocale::ShortFormat))
                                     .arg(Cost::Money::formatWithCurrency(actuals->storage, actuals->currency),
                                          Cost::Money::formatWithCurrency(actuals->transfer, actuals->currency),
                                          Cost::Money::formatWithCurrency(actuals->total(), actuals->currency)));
}

void CostsPage::reloadPrices()
{
    auto loaded = Cost::PriceCatalog::load(m_workspace.filePath(Cost::PriceCatalog::overridesFileName()));
    if (!loaded) {
        m_message->showMessage(loaded.error().message(), MessageWidget::Type::Error);
        return;
    }
    m_catalog = loaded.value();
    m_building = true;
    fillSheetCombo(m_source, m_source->currentData().toString());
    for (int r = 0; r < m_copies->rowCount(); ++r) {
        auto* combo = qobject_cast<QComboBox*>(m_copies->cellWidget(r, 0));
        fillSheetCombo(combo, combo->currentData().toString());
    }
    m_building = false;
    recompute();
    refreshActuals();
}

bool CostsPage::exportCsv(const QString& path)
{
    const Cost::Estimate& e = m_breakdown->estimate();
    if (e.regions.isEmpty()) {
        m_message->showMessage(tr("Nothing to export: the estimate is empty."), MessageWidget::Type::Warning);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        m_message->showMessage(tr("Cannot write %1: %2").arg(path, file.errorString()), MessageWidget::Type::Error);
        return false;
    }
    QTextStream out(&file);
    // Exact decimal amounts, no currency symbols: spreadsheets read them as numbers.
    out << "region,role,retentionDays,steadyStoredBytes,storage,transfer,total,currency\n";
    for (const Cost::RegionEstimate& r : e.regions)
        out << r.region << ',' << (r.isSource ? "source" : "copy") << ',' << r.retentionDays << ','
            << r.steadyStoredBytes << ',' << Cost::Money::toDecimal(r.storage) << ','
            << Cost::Money::toDecimal(r.transfer) << ',' << Cost::Money::toDecimal(r.total()) << ',' << e.currency
            << '\n';
    out << "total,," << ',' << ',' << Cost::Money::toDecimal(e.storage) << ',' << Cost::Money::toDecimal(e.transfer)
        << ',' << Cost::Money::toDecimal(e.total()) << ',' << e.currency << "\n\n";
    out << "month,region,averageStoredBytes,movedBytes,storage,transfer\n";
    for (const Cost::RegionEstimate& r : e.regions) {
        for (qsizetype m = 0; m < r.projection.size(); ++m) {
            const Cost::MonthCost& mc = r.projection.at(m);
            out << (m + 1) << ',' << r.region << ',' << mc.averageStoredBytes << ',' << mc.movedBytes << ','
                << Cost::Money::toDecimal(mc.storage) << ',' << Cost::Money::toDecimal(mc.transfer) << '\n';
        }
    }
    out.flush();
    if (!file.commit()) {
        m_message->showMessage(tr("Cannot write %1: %2").arg(path, file.errorString()), MessageWidget::Type::Error);
        return false;
    }
    m_message->showMessage(tr("Exported the estimate to %1.").arg(path), MessageWidget::Type::Positive);
    return true;
}

bool CostsPage::exportPng(const QString& path)
{
    if (!m_chart->savePng(path)) {
        m_message->showMessage(tr("Cannot write the chart to %1.").arg(path), MessageWidget::Type::Error);
        return false;
    }
    m_message->showMessage(tr("Saved the chart to %1.").arg(path), MessageWidget::Type::Positive);
    return true;
}

void CostsPage::chooseCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export estimate"), QStringLiteral("cost-estimate.csv"),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void CostsPage::choosePng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QStringLiteral("cost-projection.png"),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportPng(path);
}

void CostsPage::editPrices()
{
    PriceSheetDialog dialog(m_workspace.filePath(Cost::PriceCatalog::overridesFileName()), this);
    dialog.exec();
    reloadPrices();
}
