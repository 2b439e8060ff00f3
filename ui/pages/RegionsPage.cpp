#include "ui/pages/RegionsPage.h"

#include "backend/regions/RegionService.h"
#include "models/RegionModel.h"
#include "models/RegionSortFilterModel.h"
#include "ui/AsyncTask.h"
#include "ui/MessageBox.h"
#include "ui/dialogs/RegionDialog.h"
#include "ui/widgets/MessageWidget.h"
#include "ui/widgets/PageHeader.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QPushButton* makeButton(const QString& text, const QString& icon, const QString& objectName, QWidget* parent)
{
    auto* button = new QPushButton(QIcon(icon), text, parent);
    button->setObjectName(objectName);
    return button;
}

} // namespace

RegionsPage::RegionsPage(Regions::RegionService& service, QWidget* parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new RegionModel(&service, this))
    , m_proxy(new RegionSortFilterModel(this))
    , m_message(new MessageWidget(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("regionsPage"));
    m_proxy->setSourceModel(m_model);

    auto* header = new PageHeader(
        tr("Regions"),
        tr("A region is a place where vaults keep their data: a local folder or NAS mount, or a bucket "
           "of an S3-compatible store. Keep copies in regions on different continents so that losing one "
           "place loses nothing."),
        this);

    m_filter->setObjectName(QStringLiteral("regionFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, provider, continent or location"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(280);

    m_addButton = makeButton(tr("&Add…"), QStringLiteral(":/icons/add.svg"), QStringLiteral("addRegionButton"), this);
    m_editButton = makeButton(tr("&Edit…"), QStringLiteral(":/icons/edit.svg"), QStringLiteral("editRegionButton"), this);
    m_removeButton = makeButton(tr("&Remove…"), QStringLiteral(":/icons/remove.svg"),
                                QStringLiteral("removeRegionButton"), this);
    m_testButton = makeButton(tr("&Test"), QStringLiteral(":/icons/test.svg"), QStringLiteral("testRegionButton"), this);
    m_addButton->setToolTip(tr("Add a region"));
    m_editButton->setToolTip(tr("Change the selected region's display name, provider, continent or price sheet"));
    m_removeButton->setToolTip(tr("Remove the selected region from the workspace (its files are kept)"));
    m_testButton->setToolTip(tr("Check that the selected region is reachable and writable"));

    auto* toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    toolbar->addWidget(m_filter, 1);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_addButton);
    toolbar->addWidget(m_editButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addWidget(m_testButton);

    m_view->setObjectName(QStringLiteral("regionsView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RegionModel::NameColumn, Qt::AscendingOrder);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // folder paths differ at their end
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 14);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(RegionModel::LocationColumn, QHeaderView::Stretch);
    for (int column = 0; column < RegionModel::ColumnCount; ++column) {
        if (column != RegionModel::LocationColumn) {
            m_view->resizeColumnToContents(column);
            m_view->setColumnWidth(column, m_view->columnWidth(column) + 24);
        }
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(14);
    layout->addWidget(header);
    layout->addWidget(m_message);
    layout->addLayout(toolbar);
    layout->addWidget(m_view, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &RegionSortFilterModel::setFilterText);
    connect(m_addButton, &QPushButton::clicked, this, &RegionsPage::addRegion);
    connect(m_editButton, &QPushButton::clicked, this, &RegionsPage::editRegion);
    connect(m_removeButton, &QPushButton::clicked, this, &RegionsPage::removeRegion);
    connect(m_testButton, &QPushButton::clicked, this, &RegionsPage::testRegion);
    connect(m_view, &QTableView::doubleClicked, this, &RegionsPage::editRegion);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RegionsPage::updateActions);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RegionsPage::updateActions);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &RegionsPage::updateActions);
    updateActions();
}

std::optional<Regions::Region> RegionsPage::selectedRegion() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return std::nullopt;
    }
    return m_model->regionFromIndex(m_proxy->mapToSource(rows.first()));
}

void RegionsPage::selectRegion(const QString& name)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexFromName(name));
    if (index.isValid()) {
        m_view->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->setCurrentIndex(index);
        m_view->scrollTo(index);
    }
}

void RegionsPage::updateActions()
{
    const bool selected = m_view->selectionModel()->hasSelection();
    m_editButton->setEnabled(selected);
    m_removeButton->setEnabled(selected);
    m_testButton->setEnabled(selected);
}

void RegionsPage::addRegion()
{
    RegionDialog dialog(m_service, this);
    dialog.setObjectName(QStringLiteral("regionDialog"));
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    m_filter->clear(); // the new row must be visible
    selectRegion(dialog.savedName());
    m_message->showMessage(tr("Region %1 added.").arg(dialog.savedName()), MessageWidget::Type::Positive);
}

void RegionsPage::editRegion()
{
    const std::optional<Regions::Region> region = selectedRegion();
    if (!region) {
        return;
    }
    RegionDialog dialog(m_service, *region, this);
    dialog.setObjectName(QStringLiteral("regionDialog"));
    if (dialog.exec() == QDialog::Accepted) {
        m_message->showMessage(tr("Region %1 saved.").arg(region->name), MessageWidget::Type::Positive);
    }
}

void RegionsPage::removeRegion()
{
    const std::optional<Regions::Region> region = selectedRegion();
    if (!region) {
        return;
    }
    const bool s3 = region->kind == Regions::Region::kindS3();
    const QString details =
        s3 ? tr("Crossvault forgets this region and its stored keys; the objects in %1 are not deleted. "
                "A region that still holds a vault cannot be removed.")
                 .arg(RegionModel::locationText(*region))
           : tr("Crossvault forgets this region; the files in %1 are not deleted. "
                "A region that still holds a vault cannot be removed.")
                 .arg(region->location);
    const QMessageBox::StandardButton answer =
        MessageBox::confirm(this, tr("Remove region"), tr("Remove the region %1?").arg(region->name), details, tr("Remove"));
    if (answer != QMessageBox::Yes) {
        return;
    }
    if (const Core::Status removed = m_service.remove(region->name); !removed) {
        m_message->showMessage(tr("Region %1 was not removed: %2").arg(region->name, removed.error().message()),
                               MessageWidget::Type::Error);
        return;
    }
    m_message->showMessage(s3 ? tr("Region %1 removed. Its objects in %2 are kept.").arg(region->name, region->location)
                              : tr("Region %1 removed. Its files in %2 are kept.").arg(region->name, region->location),
                           MessageWidget::Type::Positive);
}

void RegionsPage::testRegion()
{
    const std::optional<Regions::Region> region = selectedRegion();
    if (!region) {
        return;
    }
    // Secrets are read here (quick, file-backed); only the storage check goes to the worker.
    const Core::Result<Regions::RegionSecrets> secrets = m_service.secretsFor(region->name);
    if (!secrets) {
        m_message->showMessage(tr("Region %1 failed the test: %2").arg(region->name, secrets.error().message()),
                               MessageWidget::Type::Error);
        return;
    }
    m_testButton->setEnabled(false);
    m_message->showMessage(tr("Testing region %1…").arg(region->name), MessageWidget::Type::Information);
    runThenCallback(
        this, [r = *region, s = secrets.value()] { return Regions::RegionService::checkLocation(r, s); },
        [this, r = *region](const Core::Status& checked) {
            updateActions();
            if (checked) {
                m_message->showMessage(tr("Region %1 is reachable and writable (%2).").arg(r.name, RegionModel::locationText(r)),
                                       MessageWidget::Type::Positive);
            } else {
                m_message->showMessage(tr("Region %1 failed the test: %2").arg(r.name, checked.error().message()),
                                       MessageWidget::Type::Error);
            }
        });
}
