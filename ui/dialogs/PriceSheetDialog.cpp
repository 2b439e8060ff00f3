#include "ui/dialogs/PriceSheetDialog.h"

#include "backend/cost/Money.h"
#include "ui/widgets/MessageWidget.h"

#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

PriceSheetDialog::PriceSheetDialog(const QString& overridesPath, QWidget* parent)
    : QDialog(parent)
    , m_message(new MessageWidget(this))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("priceSheetDialog"));
    setWindowTitle(tr("Price sheets"));
    auto loaded = Cost::PriceCatalog::load(overridesPath);
    if (loaded) {
        m_catalog = loaded.value();
    } else {
        m_message->showMessage(loaded.error().message(), MessageWidget::Type::Error);
        if (auto defaults = Cost::PriceCatalog::defaults()) {
            m_catalog = defaults.value();
        }
    }

    m_list->setObjectName(QStringLiteral("sheetList"));
    m_list->setMinimumWidth(220);
    m_idLabel = new QLabel(this);
    m_idLabel->setObjectName(QStringLiteral("sheetId"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("sheetName"));
    m_continent = new QLineEdit(this);
    m_continent->setObjectName(QStringLiteral("sheetContinent"));
    m_currency = new QLineEdit(this);
    m_currency->setObjectName(QStringLiteral("sheetCurrency"));
    m_currency->setMaxLength(3);
    auto* form = new QFormLayout;
    form->addRow(tr("Sheet:"), m_idLabel);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Continent:"), m_continent);
    form->addRow(tr("Currency:"), m_currency);

    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("Price per GB"), this), 0, 1);
    grid->addWidget(new QLabel(tr("Source and date"), this), 0, 2);
    m_storage = addFigure(grid, 1, tr("Storage"), QStringLiteral("storage"));
    m_storageUnit = new QComboBox(this);
    m_storageUnit->setObjectName(QStringLiteral("storageUnit"));
    m_storageUnit->addItem(tr("per GB-month"), int(Cost::PriceSheet::StorageUnit::GBMonth));
    m_storageUnit->addItem(tr("per GB-hour (x 730 a month)"), int(Cost::PriceSheet::StorageUnit::GBHour));
    grid->addWidget(m_storageUnit, 1, 3);
    m_same = addFigure(grid, 2, tr("Transfer, same continent"), QStringLiteral("sameContinent"));
    m_other = addFigure(grid, 3, tr("Transfer, other continent"), QStringLiteral("otherContinent"));
    m_egress = addFigure(grid, 4, tr("Egress to other providers"), QStringLiteral("egress"));
    m_restore = addFigure(grid, 5, tr("Restore (retrieval)"), QStringLiteral("restore"));
    m_note = new QLabel(this);
    m_note->setWordWrap(true);

    auto* save = new QPushButton(tr("&Save edit"), this);
    save->setObjectName(QStringLiteral("saveSheetButton"));
    m_resetButton = new QPushButton(tr("&Reset to default"), this);
    m_resetButton->setObjectName(QStringLiteral("resetSheetButton"));
    auto* importButton = new QPushButton(tr("&Import…"), this);
    importButton->setObjectName(QStringLiteral("importButton"));
    auto* exportButton = new QPushButton(tr("E&xport…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(save);
    actions->addWidget(m_resetButton);
    actions->addStretch();
    actions->addWidget(importButton);
    actions->addWidget(exportButton);

    auto* editor = new QVBoxLayout;
    editor->addLayout(form);
    editor->addLayout(grid);
    editor->addWidget(m_note);
    editor->addStretch();
    editor->addLayout(actions);
    auto* body = new QHBoxLayout;
    body->addWidget(m_list);
    body->addLayout(editor, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(body, 1);
    layout->addWidget(new QLabel(tr("Prices are per GB = 10^9 bytes in the sheet's currency; a month is 730 hours."), this));
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showSheet(m_list->item(row)->data(Qt::UserRole).toString());
    });
    connect(save, &QPushButton::clicked, this, &PriceSheetDialog::save);
    connect(m_resetButton, &QPushButton::clicked, this, &PriceSheetDialog::resetCurrent);
    connect(importButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import price sheets"), QString(), tr("Price files (*.json)"));
        if (!path.isEmpty())
            importFrom(path);
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export price sheets"), QStringLiteral("prices.json"),
                                                          tr("Price files (*.json)"));
        if (!path.isEmpty())
            exportTo(path);
    });
    reloadList(QStringLiteral("gcp/us-west1"));
    resize(900, 520);
}

PriceSheetDialog::FigureEdits PriceSheetDialog::addFigure(QGridLayout* grid, int row, const QString& label, const QString& name)
{
    FigureEdits edits;
    edits.price = new QLineEdit(this);
    edits.price->setObjectName(name + QStringLiteral("Price"));
    edits.price->setMaximumWidth(110);
    edits.source = new QLineEdit(this);
    edits.source->setObjectName(name + QStringLiteral("Source"));
    grid->addWidget(new QLabel(label, this), row, 0);
    grid->addWidget(edits.price, row, 1);
    grid->addWidget(edits.source, row, 2);
    return edits;
}

void PriceSheetDialog::reloadList(const QString& select)
{
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    int selectRow = 0;
    for (const Cost::PriceSheet& s : m_catalog.sheets()) {
        QString text = s.id;
        if (m_catalog.isOverridden(s.id))
            text += tr(" (edited)");
        else if (s.example)
            text += tr(" (example)");
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, s.id);
        if (s.id == select)
            selectRow = m_list->count() - 1;
    }
    if (m_list->count() > 0) {
        m_list->setCurrentRow(selectRow);
        showSheet(m_list->item(selectRow)->data(Qt::UserRole).toString());
    }
}

void PriceSheetDialog::selectSheet(const QString& id)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(Qt::UserRole).toString() == id) {
            m_list->setCurrentRow(row);
            showSheet(id);
            return;
        }
    }
}

void PriceSheetDialog::showSheet(const QString& id)
{
    const Cost::PriceSheet* s = m_catalog.find(id);
    if (!s)
        return;
    m_currentId = id;
    m_idLabel->setText(id);
    m_name->setText(s->name);
    m_continent->setText(s->continent);
    m_currency->setText(s->currency);
    m_storageUnit->setCurrentIndex(m_storageUnit->findData(int(s->storageUnit)));
    const std::pair<const FigureEdits*, const Cost::PriceFigure*> figures[] = {
        {&m_storage, &s->storage}, {&m_same, &s->transferSameContinent}, {&m_other, &s->transferOtherContinent},
        {&m_egress, &s->egress},   {&m_restore, &s->restore}};
    for (const auto& [edits, figure] : figures) {
        edits->price->setText(Cost::Money::toDecimal(figure->micros));
        edits->source->setText(figure->date.isEmpty() ? figure->source
                                                      : QStringLiteral("%1 (%2)").arg(figure->source, figure->date));
        edits->source->setToolTip(edits->source->text());
    }
    m_note->setText(s->note);
    m_resetButton->setEnabled(m_catalog.isOverridden(id));
}

bool PriceSheetDialog::readFigure(const FigureEdits& edits, const QString& label, Cost::PriceFigure& figure)
{
    auto micros = Cost::Money::parse(edits.price->text(), label);
    if (!micros) {
        m_message->showMessage(micros.error().message(), MessageWidget::Type::Error);
        edits.price->setFocus();
        return false;
    }
    if (micros.value() != figure.micros) {
        // An edited figure is the operator's own: record that and today's date.
        figure.source = edits.source->text().trimmed().isEmpty() ? tr("edited in the console") : edits.source->text().trimmed();
        figure.date = QDate::currentDate().toString(Qt::ISODate);
    }
    figure.micros = micros.value();
    return true;
}

bool PriceSheetDialog::save()
{
    const Cost::PriceSheet* current = m_catalog.find(m_currentId);
    if (!current)
        return false;
    Cost::PriceSheet sheet = *current;
    sheet.name = m_name->text().trimmed();
    sheet.continent = m_continent->text().trimmed();
    sheet.currency = m_currency->text().trimmed().toUpper();
    sheet.storageUnit = Cost::PriceSheet::StorageUnit(m_storageUnit->currentData().toInt());
    if (!readFigure(m_storage, tr("Storage price"), sheet.storage)
        || !readFigure(m_same, tr("Transfer, same continent"), sheet.transferSameContinent)
        || !readFigure(m_other, tr("Transfer, other continent"), sheet.transferOtherContinent)
        || !readFigure(m_egress, tr("Egress"), sheet.egress) || !readFigure(m_restore, tr("Restore"), sheet.restore))
        return false;
    Core::Status status = m_catalog.setOverride(sheet);
    if (!status) {
        m_message->showMessage(status.error().message(), MessageWidget::Type::Error);
        return false;
    }
    m_message->showMessage(tr("Saved your edit of %1.").arg(sheet.id), MessageWidget::Type::Positive);
    reloadList(sheet.id);
    return true;
}

bool PriceSheetDialog::resetCurrent()
{
    const QString id = m_currentId;
    Core::Status status = m_catalog.removeOverride(id);
    if (!status) {
        m_message->showMessage(status.error().message(), MessageWidget::Type::Error);
        return false;
    }
    m_message->showMessage(tr("%1 uses the shipped figures again.").arg(id), MessageWidget::Type::Positive);
    reloadList(id);
    return true;
}

bool PriceSheetDialog::importFrom(const QString& path)
{
    auto imported = m_catalog.importFile(path);
    if (!imported) {
        m_message->showMessage(imported.error().message(), MessageWidget::Type::Error);
        return false;
    }
    m_message->showMessage(tr("Imported %n price sheet(s).", nullptr, imported.value()), MessageWidget::Type::Positive);
    reloadList(m_currentId);
    return true;
}

bool PriceSheetDialog::exportTo(const QString& path)
{
    Core::Status status = m_catalog.exportFile(path);
    if (!status) {
        m_message->showMessage(status.error().message(), MessageWidget::Type::Error);
        return false;
    }
    m_message->showMessage(tr("Exported %1 price sheets to %2.").arg(m_catalog.sheets().size()).arg(path),
                           MessageWidget::Type::Positive);
    return true;
}
