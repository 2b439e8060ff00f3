#include "ui/pages/VaultsPage.h"

#include "backend/core/Units.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/CheckJob.h"
#include "backend/jobs/JobRunner.h"
#include "backend/jobs/RestoreJob.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/sources/FolderSource.h"
#include "backend/sources/SqliteSource.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/VaultService.h"
#include "models/PointModel.h"
#include "models/ReplicationModel.h"
#include "models/VaultModel.h"
#include "ui/AsyncTask.h"
#include "ui/FileDialog.h"
#include "ui/MessageBox.h"
#include "ui/dialogs/BackupDialog.h"
#include "ui/dialogs/CreateReplicaDialog.h"
#include "ui/dialogs/CreateVaultDialog.h"
#include "ui/dialogs/PassphraseDialog.h"
#include "ui/dialogs/PointSettingsDialog.h"
#include "ui/dialogs/ReplicationDialog.h"
#include "ui/dialogs/RestoreDialog.h"
#include "ui/widgets/JobProgressPanel.h"
#include "ui/widgets/MessageWidget.h"
#include "ui/widgets/PageHeader.h"
#include "ui/widgets/ProgressDelegate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace {

QPushButton* makeButton(const QString& text, const QString& icon, const QString& objectName, QWidget* parent)
{
    auto* button = new QPushButton(icon.isEmpty() ? QIcon() : QIcon(icon), text, parent);
    button->setObjectName(objectName);
    return button;
}

void setUpTable(QTableView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideMiddle);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 14);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setStretchLastSection(true);
}

void fitColumns(QTableView* view, int stretchColumn)
{
    const int columns = view->model()->columnCount();
    for (int column = 0; column < columns; ++column) {
        if (column == stretchColumn) {
            view->horizontalHeader()->setSectionResizeMode(column, QHeaderView::Stretch);
        } else {
            view->resizeColumnToContents(column);
            view->setColumnWidth(column, std::max(view->columnWidth(column) + 24, 70));
        }
    }
}

// Writes the recovery key readable by its owner only: it opens the vault.
Core::Status writePrivateFile(const QString& path, const QString& text)
{
    QFile file(path);
    constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly) || !file.setPermissions(ownerOnly)) {
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("VaultsPage", "Cannot write %1: %2")
                              .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    const QByteArray bytes = text.toUtf8() + '\n';
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("VaultsPage", "Cannot write %1: %2")
                              .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    return {};
}

} // namespace

VaultsPage::VaultsPage(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults,
                       Jobs::JobRunner& runner, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_regions(regions)
    , m_vaults(vaults)
    , m_runner(runner)
    , m_vaultModel(new VaultModel(&vaults, this))
    , m_pointModel(new PointModel(&vaults, this))
    , m_replicationModel(new ReplicationModel(workspace, regions, vaults, &runner, this))
    , m_replicationView(new QTableView(this))
    , m_replicationTitle(new QLabel(this))
    , m_message(new MessageWidget(this))
    , m_keyBanner(new MessageWidget(this))
    , m_vaultView(new QTableView(this))
    , m_pointView(new QTableView(this))
    , m_pointsTitle(new QLabel(this))
    , m_progress(new JobProgressPanel(&runner, this))
{
    setObjectName(QStringLiteral("vaultsPage"));
    m_message->setObjectName(QStringLiteral("vaultsMessage"));
    m_keyBanner->setObjectName(QStringLiteral("recoveryKeyBanner"));

    auto* header = new PageHeader(
        tr("Vaults"),
        tr("A vault keeps backup points of folders and SQLite databases in one region: deduplicated, "
           "compressed and encrypted. Select a vault to see its points, back up into it or restore from it."),
        this);

    m_createButton = makeButton(tr("&Create vault…"), QStringLiteral(":/icons/add.svg"),
                                QStringLiteral("createVaultButton"), this);
    m_backupButton
        = makeButton(tr("&Back up now…"), QStringLiteral(":/icons/backups.svg"), QStringLiteral("backupButton"), this);
    m_checkButton = makeButton(tr("Chec&k"), QStringLiteral(":/icons/test.svg"), QStringLiteral("checkButton"), this);
    m_exportKeyButton = makeButton(tr("E&xport recovery key…"), {}, QStringLiteral("exportKeyButton"), this);
    m_deleteVaultButton = makeButton(tr("&Delete vault…"), QStringLiteral(":/icons/remove.svg"),
                                     QStringLiteral("deleteVaultButton"), this);
    m_restoreButton
        = makeButton(tr("&Restore…"), QStringLiteral(":/icons/folder.svg"), QStringLiteral("restoreButton"), this);
    m_deletePointButton = makeButton(tr("Delete &point…"), QStringLiteral(":/icons/remove.svg"),
                                     QStringLiteral("deletePointButton"), this);
    m_configureReplicationButton = makeButton(tr("Re&plication…"), QStringLiteral(":/icons/regions.svg"),
                                              QStringLiteral("configureReplicationButton"), this);
    m_stopReplicationButton = makeButton(tr("&Stop replication…"), {}, QStringLiteral("stopReplicationButton"), this);
    m_createReplicaButton = makeButton(tr("Create re&plica…"), {}, QStringLiteral("createReplicaButton"), this);
    m_pointSettingsButton = makeButton(tr("T&ier and expiry…"), {}, QStringLiteral("pointSettingsButton"), this);
    m_configureReplicationButton->setToolTip(tr(
        "Configure backup vault replication: copy every point of the selected vault into a vault in another region"));
    m_createButton->setToolTip(tr("Create a vault in one of the workspace's regions"));
    m_backupButton->setToolTip(tr("Back up a folder or an SQLite database into the selected vault now"));
    m_checkButton->setToolTip(tr("Check that every object of the selected vault is present and readable"));
    m_exportKeyButton->setToolTip(tr("Save the selected vault's recovery key to a file only you can read"));
    m_deleteVaultButton->setToolTip(tr("Delete the selected vault with all its points and data"));
    m_restoreButton->setToolTip(tr("Restore the selected point into a folder"));
    m_deletePointButton->setToolTip(tr("Delete the selected point from its vault"));

    auto* vaultBar = new QHBoxLayout;
    vaultBar->setSpacing(8);
    vaultBar->addWidget(m_createButton);
    vaultBar->addWidget(m_backupButton);
    vaultBar->addWidget(m_checkButton);
    vaultBar->addWidget(m_exportKeyButton);
    vaultBar->addWidget(m_configureReplicationButton);
    vaultBar->addWidget(m_stopReplicationButton);
    vaultBar->addStretch(1);
    vaultBar->addWidget(m_deleteVaultButton);

    m_vaultView->setObjectName(QStringLiteral("vaultsView"));
    m_vaultView->setModel(m_vaultModel);
    setUpTable(m_vaultView);
    fitColumns(m_vaultView, VaultModel::ReplicationColumn);
    // Fixed widths that leave the Replication column (role and RPO) room at the default size.
    m_vaultView->setColumnWidth(VaultModel::NameColumn, 150);
    m_vaultView->setColumnWidth(VaultModel::RegionColumn, 110);
    m_vaultView->setColumnWidth(VaultModel::TypeColumn, 135);
    m_vaultView->setColumnWidth(VaultModel::EncryptionColumn, 110);
    m_vaultView->setColumnWidth(VaultModel::PointsColumn, 60);
    m_vaultView->setColumnWidth(VaultModel::StoredBytesColumn, 85);
    m_vaultView->setColumnWidth(VaultModel::RecoveryKeyColumn, 105);
    m_vaultView->setTextElideMode(Qt::ElideRight);

    // The selected vault's replication: its role, and for a source each target's state,
    // RPO and the live progress of copies into it.
    QFont replicationFont = m_replicationTitle->font();
    replicationFont.setWeight(QFont::DemiBold);
    m_replicationTitle->setFont(replicationFont);
    m_replicationTitle->setObjectName(QStringLiteral("replicationTitle"));
    m_replicationTitle->setWordWrap(true);
    m_replicationView->setObjectName(QStringLiteral("replicationView"));
    m_replicationView->setModel(m_replicationModel);
    setUpTable(m_replicationView);
    m_replicationView->setItemDelegate(new ProgressDelegate(ReplicationModel::ProgressColumn,
                                                            ReplicationModel::ProgressFractionRole, m_replicationView));
    const int replicationWidths[] = {170, 110, 80, 130, 150, 0};
    for (int column = 0; column < ReplicationModel::ColumnCount - 1; ++column) {
        m_replicationView->setColumnWidth(column, replicationWidths[column]);
    }
    m_replicationView->setMaximumHeight(m_replicationView->verticalHeader()->defaultSectionSize() * 3
                                        + m_replicationView->horizontalHeader()->sizeHint().height() + 4);

    QFont titleFont = m_pointsTitle->font();
    titleFont.setWeight(QFont::DemiBold);
    m_pointsTitle->setFont(titleFont);
    m_pointsTitle->setObjectName(QStringLiteral("pointsTitle"));
    auto* pointBar = new QHBoxLayout;
    pointBar->setSpacing(8);
    pointBar->addWidget(m_pointsTitle, 1);
    pointBar->addWidget(m_restoreButton);
    pointBar->addWidget(m_pointSettingsButton);
    pointBar->addWidget(m_createReplicaButton);
    pointBar->addWidget(m_deletePointButton);

    m_pointView->setObjectName(QStringLiteral("pointsView"));
    m_pointView->setModel(m_pointModel);
    setUpTable(m_pointView);
    // Fixed widths that fit the window's default size; the source column takes the rest.
    const int pointWidths[] = {200, 0, 130, 80, 70, 75, 70, 50, 85};
    for (int column = 0; column < PointModel::ColumnCount; ++column) {
        m_pointView->setColumnWidth(column, pointWidths[column]);
    }
    m_pointView->horizontalHeader()->setStretchLastSection(false);
    m_pointView->horizontalHeader()->setSectionResizeMode(PointModel::SourceColumn, QHeaderView::Stretch);

    auto* vaultsPane = new QWidget(this);
    auto* vaultsLayout = new QVBoxLayout(vaultsPane);
    vaultsLayout->setContentsMargins(0, 0, 0, 0);
    vaultsLayout->addLayout(vaultBar);
    vaultsLayout->addWidget(m_vaultView, 1);
    vaultsLayout->addWidget(m_replicationTitle);
    vaultsLayout->addWidget(m_replicationView);
    auto* pointsPane = new QWidget(this);
    auto* pointsLayout = new QVBoxLayout(pointsPane);
    pointsLayout->setContentsMargins(0, 6, 0, 0);
    pointsLayout->addLayout(pointBar);
    pointsLayout->addWidget(m_pointView, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(vaultsPane);
    splitter->addWidget(pointsPane);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(12);
    layout->addWidget(header);
    layout->addWidget(m_message);
    layout->addWidget(m_keyBanner);
    layout->addWidget(m_progress);
    layout->addWidget(splitter, 1);

    connect(m_createButton, &QPushButton::clicked, this, &VaultsPage::createVault);
    connect(m_backupButton, &QPushButton::clicked, this, &VaultsPage::backUp);
    connect(m_checkButton, &QPushButton::clicked, this, &VaultsPage::check);
    connect(m_exportKeyButton, &QPushButton::clicked, this, &VaultsPage::exportRecoveryKey);
    connect(m_deleteVaultButton, &QPushButton::clicked, this, &VaultsPage::deleteVault);
    connect(m_restoreButton, &QPushButton::clicked, this, &VaultsPage::restore);
    connect(m_deletePointButton, &QPushButton::clicked, this, &VaultsPage::deletePoint);
    connect(m_pointView, &QTableView::doubleClicked, this, &VaultsPage::restore);
    connect(m_vaultView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &VaultsPage::vaultSelectionChanged);
    connect(m_pointView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &VaultsPage::updateActions);
    // A reset (the service re-read the catalog) drops the selection: keep the same vault selected.
    connect(m_vaultModel, &QAbstractItemModel::modelReset, this, [this] {
        const QString keep = m_currentVault;
        selectVault(keep);
        updateRecoveryKeyBanner();
    });
    connect(m_vaultModel, &QAbstractItemModel::dataChanged, this, [this] {
        updateRecoveryKeyBanner();
        updateActions();
    });
    connect(m_vaultModel, &QAbstractItemModel::rowsRemoved, this, &VaultsPage::vaultSelectionChanged);
    connect(m_pointModel, &QAbstractItemModel::modelReset, this, &VaultsPage::updateActions);
    connect(m_progress, &JobProgressPanel::jobFinished, this, &VaultsPage::jobFinished);
    connect(m_configureReplicationButton, &QPushButton::clicked, this, &VaultsPage::configureReplication);
    connect(m_stopReplicationButton, &QPushButton::clicked, this, &VaultsPage::stopReplication);
    connect(m_createReplicaButton, &QPushButton::clicked, this, &VaultsPage::createReplica);
    connect(m_pointSettingsButton, &QPushButton::clicked, this, &VaultsPage::editPoint);
    connect(m_replicationModel, &ReplicationModel::refreshed, this, &VaultsPage::updateReplicationPanel);
    connect(m_replicationView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &VaultsPage::updateActions);
    connect(&m_vaults, &Vaults::VaultService::reloaded, m_replicationModel, &ReplicationModel::refresh);
    // Copies chained after a backup are not followed by the panel: their points still land
    // in the target's row.
    connect(&m_runner, &Jobs::JobRunner::jobFinished, this, [this](qint64 id, const Jobs::JobOutcome& outcome) {
        reportReplicaBatch(id, outcome);
        const Jobs::Job* job = m_runner.job(id);
        if (job && job->type() == QLatin1String("copy") && id != m_progress->jobId()) {
            m_vaults.reload();
        }
    });

    if (m_vaultModel->rowCount() > 0) {
        selectVault(m_vaultModel->index(0, 0).data(VaultModel::VaultNameRole).toString());
    }
    vaultSelectionChanged();
    updateReplicationPanel();
}

std::optional<Vaults::VaultRecord> VaultsPage::selectedVault() const
{
    const QModelIndexList rows = m_vaultView->selectionModel()->selectedRows();
    return rows.isEmpty() ? std::nullopt : m_vaultModel->vaultFromIndex(rows.first());
}

std::optional<Vaults::PointRecord> VaultsPage::selectedPoint() const
{
    const QModelIndexList rows = m_pointView->selectionModel()->selectedRows();
    return rows.isEmpty() ? std::nullopt : m_pointModel->pointFromIndex(rows.first());
}

void VaultsPage::selectVault(const QString& name)
{
    const QModelIndex index = m_vaultModel->indexFromName(name);
    if (!index.isValid()) {
        vaultSelectionChanged();
        return;
    }
    m_vaultView->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_vaultView->setCurrentIndex(index);
    m_vaultView->scrollTo(index);
    vaultSelectionChanged();
}

void VaultsPage::selectPoint(const QString& id)
{
    const QModelIndex index = m_pointModel->indexFromId(id);
    if (index.isValid()) {
        m_pointView->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_pointView->setCurrentIndex(index);
        m_pointView->scrollTo(index);
    }
}

void VaultsPage::vaultSelectionChanged()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    if (vault) {
        m_currentVault = vault->name;
    } else if (!m_vaults.find(m_currentVault)) {
        m_currentVault.clear();
    }
    m_pointModel->setVault(vault ? vault->name : QString());
    m_replicationModel->setVault(vault ? vault->name : QString());
    m_pointsTitle->setText(vault ? tr("Points of %1").arg(vault->name) : tr("Select a vault to see its points"));
    updateRecoveryKeyBanner();
    updateActions();
}

void VaultsPage::updateActions()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    const std::optional<Vaults::PointRecord> point = selectedPoint();
    const bool selectedRole = vault && m_replicationModel->vault() == vault->name;
    const bool isTarget = selectedRole && m_replicationModel->role() == QLatin1String("target");
    const bool isSource = selectedRole && m_replicationModel->role() == QLatin1String("source");
    const QString source = m_replicationModel->sourceVault();

    // A replication target is read-only: only copies from its source write into it.
    m_backupButton->setEnabled(vault && !isTarget);
    m_backupButton->setToolTip(isTarget
                                   ? tr("%1 is a replication target of %2 and read-only: only copies from %2 write "
                                        "into it. Back up into %2 instead.")
                                         .arg(vault->name, source)
                                   : tr("Back up a folder or an SQLite database into the selected vault now"));
    m_checkButton->setEnabled(vault.has_value());
    m_deleteVaultButton->setEnabled(vault && !isSource && !isTarget);
    if (isSource) {
        m_deleteVaultButton->setToolTip(tr("%1 replicates to another region; a source vault cannot be deleted while it "
                                           "replicates. Stop replication first.")
                                            .arg(vault->name));
    } else if (isTarget) {
        m_deleteVaultButton->setToolTip(tr("%1 is the replication target of %2; deleting it would end that "
                                           "replication. Stop replication in %2 first.")
                                            .arg(vault->name, source));
    } else {
        m_deleteVaultButton->setToolTip(tr("Delete the selected vault with all its points and data"));
    }
    m_exportKeyButton->setEnabled(vault && vault->encryption == QLatin1String("managed"));
    m_restoreButton->setEnabled(vault && point);
    m_deletePointButton->setEnabled(vault && point && !isTarget);
    m_deletePointButton->setToolTip(isTarget ? tr("The points of a replication target mirror its source; delete the "
                                                  "point in %1 and its copy here goes too.")
                                                   .arg(source)
                                             : tr("Delete the selected point from its vault"));

    m_pointSettingsButton->setEnabled(vault && point && !isTarget && !m_pointChanging);
    m_pointSettingsButton->setToolTip(
        isTarget ? tr("The points of a replication target follow its source's tier and "
                      "expiry; change the point in %1.")
                       .arg(source)
                 : tr("Move the selected point to the archive tier or change when it expires"));

    const bool general = vault && vault->type == QLatin1String("general");
    m_configureReplicationButton->setEnabled(general);
    m_configureReplicationButton->setToolTip(
        general
            ? tr("Configure backup vault replication: copy every point of the selected vault into a vault in "
                 "another region")
            : tr("Only general backup vaults replicate; a replica or standalone vault cannot be replicated again."));
    m_stopReplicationButton->setEnabled(isSource);
    m_stopReplicationButton->setToolTip(isSource ? tr("Stop replicating to the selected target (or the only one); "
                                                      "this cannot be undone")
                                                 : tr("The selected vault does not replicate to another region."));

    QString replicaWhyNot;
    if (!point) {
        replicaWhyNot = tr("Select a point to copy to another region.");
    } else if (point->origin == QLatin1String("replica")
               || (vault && vault->type == QLatin1String("replication-target"))) {
        replicaWhyNot = tr("This point is a replica; replicas cannot be replicated again. Copy the original point from "
                           "its source vault.");
    } else if (point->tier != QLatin1String("standard")) {
        replicaWhyNot = tr("Archive-tier points are not copied to other regions.");
    }
    m_createReplicaButton->setEnabled(vault && point && replicaWhyNot.isEmpty());
    m_createReplicaButton->setToolTip(replicaWhyNot.isEmpty() ? tr("Copy the selected point to another region")
                                                              : replicaWhyNot);
}

void VaultsPage::updateReplicationPanel()
{
    m_vaultModel->setReplication(m_replicationModel->summaries());
    const QString vault = m_replicationModel->vault();
    const QString role = m_replicationModel->role();
    const bool hasRows = m_replicationModel->rowCount() > 0;
    if (vault.isEmpty()) {
        m_replicationTitle->hide();
    } else if (role == QLatin1String("target")) {
        m_replicationTitle->setText(tr("%1 is a replication target of %2: read-only, its points follow %2's expiry.")
                                        .arg(vault, m_replicationModel->sourceVault()));
        m_replicationTitle->show();
    } else if (hasRows) {
        m_replicationTitle->setText(tr("Replication of %1").arg(vault));
        m_replicationTitle->show();
    } else {
        m_replicationTitle->setText(
            tr("%1 does not replicate to another region (Replication… sets it up).").arg(vault));
        m_replicationTitle->show();
    }
    m_replicationView->setVisible(hasRows);
    updateActions();
}

void VaultsPage::updateRecoveryKeyBanner()
{
    QStringList missing;
    for (const Vaults::VaultRecord& vault : m_vaults.vaults()) {
        if (VaultModel::recoveryKeyMissing(vault)) {
            missing << vault.name;
        }
    }
    if (missing.isEmpty()) {
        m_keyBanner->hideMessage();
        return;
    }
    m_keyBanner->showMessage(
        tr("Recovery key never exported: %1. If this workspace is lost, such a vault cannot be opened anywhere "
           "else. Select the vault and use Export recovery key.")
            .arg(missing.join(QStringLiteral(", "))),
        MessageWidget::Type::Warning);
}

void VaultsPage::createVault()
{
    if (m_regions.regions().isEmpty()) {
        m_message->showMessage(tr("Add a region on the Regions page first: a vault keeps its data in a region."),
                               MessageWidget::Type::Error);
        return;
    }
    CreateVaultDialog dialog(m_workspace, m_vaults, m_regions, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const Vaults::VaultRecord created = dialog.createdVault();
    selectVault(created.name);
    m_message->showMessage(tr("Vault %1 created in region %2.").arg(created.name, created.region),
                           MessageWidget::Type::Positive);
    if (created.encryption != QLatin1String("managed")) {
        return;
    }
    const QMessageBox::StandardButton answer = MessageBox::confirm(
        this, tr("Export recovery key"), tr("Export the recovery key of vault %1 now?").arg(created.name),
        tr("The key that opens this vault is kept in this workspace. The recovery key opens the vault from any "
           "other workspace, e.g. after losing this computer. Save it to a file and keep it somewhere safe, "
           "away from the backups."),
        tr("Export…"));
    if (answer == QMessageBox::Yes) {
        exportRecoveryKeyOf(created.name);
    }
}

void VaultsPage::exportRecoveryKey()
{
    if (const std::optional<Vaults::VaultRecord> vault = selectedVault()) {
        exportRecoveryKeyOf(vault->name);
    }
}

void VaultsPage::exportRecoveryKeyOf(const QString& vault)
{
    const QString path = FileDialog::saveFileName(
        this, tr("Save the recovery key of %1").arg(vault),
        QDir::home().filePath(QStringLiteral("%1-recovery-key.txt").arg(vault)), tr("Text files (*.txt)"));
    if (path.isEmpty()) {
        return;
    }
    Core::Workspace* workspace = &m_workspace;
    runThenCallback(
        this,
        [workspace, vault, path]() -> Core::Status {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            Core::Result<QString> key = vaults.exportRecoveryKey(vault);
            if (!key) {
                return key.error();
            }
            return writePrivateFile(path, key.value());
        },
        [this, vault, path](const Core::Status& saved) {
            if (!saved) {
                m_message->showMessage(
                    tr("The recovery key of %1 was not exported: %2").arg(vault, saved.error().message()),
                    MessageWidget::Type::Error);
                return;
            }
            m_vaults.reload();
            m_message->showMessage(
                tr("Recovery key of %1 saved to %2 (readable by you only). Keep it away from the backups.")
                    .arg(vault, QDir::toNativeSeparators(path)),
                MessageWidget::Type::Positive);
        });
}

void VaultsPage::startJob(qint64 id, const QString& title)
{
    m_lastJob = id;
    m_message->hideMessage();
    m_progress->follow(id, title);
}

void VaultsPage::backUp()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    if (!vault) {
        return;
    }
    BackupDialog dialog(*vault, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    Core::Result<Vaults::VaultAccess> access = m_vaults.access(vault->name, dialog.key());
    if (!access) {
        m_message->showMessage(access.error().message(), MessageWidget::Type::Error);
        return;
    }
    std::unique_ptr<Sources::Source> source;
    if (dialog.isSqlite()) {
        source = std::make_unique<Sources::SqliteSource>(dialog.sourcePath());
    } else {
        source = std::make_unique<Sources::FolderSource>(dialog.sourcePath(), dialog.excludePatterns());
    }
    Core::Result<qint64> id = m_runner.submit(
        std::make_unique<Jobs::BackupJob>(m_workspace.catalog(), std::move(access.value()), std::move(source)));
    if (!id) {
        m_message->showMessage(id.error().message(), MessageWidget::Type::Error);
        return;
    }
    startJob(id.value(), tr("Backing up %1 into %2").arg(QDir::toNativeSeparators(dialog.sourcePath()), vault->name));
    // A replicating vault: the new point is copied into each target, one copy job per target
    // region, each a child of the backup job.
    auto links = Replication::ReplicationService(m_workspace, m_regions, m_vaults).links(vault->name, true);
    if (links) {
        for (const Replication::ReplicationLink& link : std::as_const(links.value())) {
            if (auto copy = submitCopy(vault->name, link.target, {}, dialog.key(), id.value()); !copy) {
                m_message->showMessage(tr("The copy to %1 was not queued: %2 It runs with the next sync.")
                                           .arg(link.target, copy.error().message()),
                                       MessageWidget::Type::Warning);
            }
        }
    }
}

Core::Result<qint64> VaultsPage::submitCopy(const QString& source, const QString& target, const QStringList& points,
                                            const Backup::KeySource& key, qint64 parentId,
                                            const Replication::ReplicaOptions& options)
{
    Core::Result<Vaults::VaultAccess> from = m_vaults.access(source, key);
    if (!from) {
        return from.error();
    }
    Core::Result<Vaults::VaultAccess> to = m_vaults.access(target, key);
    if (!to) {
        return to.error();
    }
    auto job = std::make_unique<Replication::CopyJob>(m_workspace.catalog(), std::move(from.value()),
                                                      std::move(to.value()), points, options);
    return parentId > 0 ? m_runner.chain(parentId, std::move(job)) : m_runner.submit(std::move(job));
}

void VaultsPage::configureReplication()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    if (!vault) {
        return;
    }
    if (vault->type != QLatin1String("general")) {
        m_message->showMessage(tr("%1 is a %2 vault; only general backup vaults replicate, and replicas cannot be "
                                  "replicated again.")
                                   .arg(vault->name, VaultModel::typeText(vault->type)),
                               MessageWidget::Type::Error);
        return;
    }
    ReplicationDialog dialog(m_workspace, m_regions, m_vaults, *vault, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const Vaults::VaultRecord target = dialog.target();
    m_replicationModel->refresh();
    if (dialog.pointsToSync().isEmpty()) {
        m_message->showMessage(tr("%1 now replicates to %2 in region %3. It has no point to sync yet; every new point "
                                  "is copied after its backup.")
                                   .arg(vault->name, target.name, target.region),
                               MessageWidget::Type::Positive);
        return;
    }
    Core::Result<qint64> id = submitCopy(vault->name, target.name, dialog.pointsToSync(), dialog.key());
    if (!id) {
        m_message->showMessage(
            tr("Replication to %1 is set up, but the initial sync did not start: %2 It runs with the "
               "next sync (crossvault-cli agent --once).")
                .arg(target.name, id.error().message()),
            MessageWidget::Type::Warning);
        return;
    }
    startJob(id.value(),
             tr("Initial sync of %1 to %2 (%3): %n point(s)", nullptr, int(dialog.pointsToSync().size()))
                 .arg(vault->name, target.name, target.region));
}

void VaultsPage::stopReplication()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    if (!vault || m_replicationModel->vault() != vault->name) {
        return;
    }
    // The selected target, or the only active one.
    std::optional<Replication::TargetStatus> target;
    const QModelIndexList rows = m_replicationView->selectionModel()->selectedRows();
    if (!rows.isEmpty()) {
        target = m_replicationModel->targetFromIndex(rows.first());
    }
    if (!target || target->state != QLatin1String("active")) {
        target.reset();
        int active = 0;
        for (int row = 0; row < m_replicationModel->rowCount(); ++row) {
            auto t = m_replicationModel->targetFromIndex(m_replicationModel->index(row, 0));
            if (t && t->state == QLatin1String("active")) {
                ++active;
                target = t;
            }
        }
        if (active != 1) {
            m_message->showMessage(active == 0 ? tr("%1 does not replicate to another region.").arg(vault->name)
                                               : tr("%1 replicates to several targets: select the one to stop in the "
                                                    "replication list.")
                                                     .arg(vault->name),
                                   MessageWidget::Type::Information);
            return;
        }
    }
    const QMessageBox::StandardButton answer = MessageBox::confirm(
        this, tr("Stop replication"),
        tr("Stop replicating %1 to %2 in region %3?").arg(vault->name, target->vault, target->region),
        tr("This cannot be undone: replication to %1 cannot be resumed. %1 becomes a standalone vault: it keeps its "
           "points and their inherited expiry, no longer receives new points, and can then be locked or deleted on "
           "its own. To replicate %2 to region %3 again, configure a new target.")
            .arg(target->vault, vault->name, target->region),
        tr("Stop replication"));
    if (answer != QMessageBox::Yes) {
        return;
    }
    runStopReplication(vault->name, target->vault, target->region, false);
}

void VaultsPage::runStopReplication(const QString& source, const QString& targetName, const QString& region, bool force)
{
    Core::Workspace* workspace = &m_workspace;
    m_stopReplicationButton->setEnabled(false);
    runThenCallback(
        this,
        [workspace, source, targetName, force]() {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            return Replication::ReplicationService(*workspace, regions, vaults).stop(source, targetName, force);
        },
        [this, source, targetName, region](const Core::Result<Replication::StopOutcome>& stopped) {
            m_vaults.reload();
            updateActions();
            if (!stopped && stopped.error().code() == Core::ErrorCode::Unreachable) {
                // The target's region cannot take the stop mark: offer to stop here anyway,
                // for a region that is lost for good.
                const QMessageBox::StandardButton answer = MessageBox::confirm(
                    this, tr("Stop replication"),
                    tr("Region %1 cannot be written. Stop replicating %2 to %3 in this workspace anyway?")
                        .arg(region, source, targetName),
                    tr("%1\n\nIf the region is lost for good, stop here anyway: the link ends in this workspace, "
                       "but the target's storage gets no stop mark, so a workspace that imports %2 later sees a "
                       "replication target again. This cannot be undone.")
                        .arg(stopped.error().message(), targetName),
                    tr("Stop anyway"));
                if (answer == QMessageBox::Yes) {
                    runStopReplication(source, targetName, region, true);
                }
                return;
            }
            if (!stopped) {
                m_message->showMessage(tr("Replication was not stopped: %1").arg(stopped.error().message()),
                                       MessageWidget::Type::Error);
                return;
            }
            if (!stopped->markerWritten) {
                m_message->showMessage(
                    tr("%1 no longer replicates to %2 in this workspace; region %3 could not be marked (%4).")
                        .arg(source, targetName, region, stopped->markerError),
                    MessageWidget::Type::Warning);
                return;
            }
            m_message->showMessage(
                tr("%1 no longer replicates to %2; %2 is now a standalone vault.").arg(source, targetName),
                MessageWidget::Type::Positive);
        });
}

void VaultsPage::createReplica()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    const std::optional<Vaults::PointRecord> point = selectedPoint();
    if (!vault || !point || !m_createReplicaButton->isEnabled()) {
        return;
    }
    CreateReplicaDialog dialog(m_workspace, m_regions, m_vaults, *vault, *point, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    // One copy job per region; they run side by side (each target vault has its own queue)
    // and the panel follows them in turn.
    const QList<Vaults::VaultRecord>& targets = dialog.targets();
    QList<JobProgressPanel::FollowedJob> follow;
    QStringList notStarted;
    ReplicaBatch batch;
    batch.point = point->id;
    for (const Vaults::VaultRecord& target : targets) {
        Core::Result<qint64> id
            = submitCopy(vault->name, target.name, {point->id}, dialog.key(), 0, dialog.options(target.region));
        if (!id) {
            notStarted << tr("%1: %2").arg(target.region, id.error().message());
            continue;
        }
        const QString title = targets.size() > 1
            ? tr("Copying point %1 to %2 (%3), copy %4 of %5; the others run alongside")
                  .arg(point->id, target.name, target.region)
                  .arg(follow.size() + 1)
                  .arg(targets.size())
            : tr("Copying point %1 to %2 (%3)").arg(point->id, target.name, target.region);
        follow << JobProgressPanel::FollowedJob {id.value(), title};
        batch.pending.insert(id.value(), target.region);
    }
    if (!notStarted.isEmpty()) {
        batch.failed << tr("not started — %1").arg(notStarted.join(QStringLiteral("; ")));
    }
    if (follow.isEmpty()) {
        m_message->showMessage(tr("The replica was not started: %1").arg(notStarted.join(QStringLiteral("; "))),
                               MessageWidget::Type::Error);
        return;
    }
    if (targets.size() > 1) {
        for (auto it = batch.pending.cbegin(); it != batch.pending.cend(); ++it) {
            m_batchJobs.insert(it.key());
        }
        m_replicaBatches << batch;
    }
    m_lastJob = follow.constLast().id;
    m_message->hideMessage();
    m_progress->follow(follow);
}

void VaultsPage::reportReplicaBatch(qint64 id, const Jobs::JobOutcome& outcome)
{
    const auto batch = std::find_if(m_replicaBatches.begin(), m_replicaBatches.end(),
                                    [id](const ReplicaBatch& b) { return b.pending.contains(id); });
    if (batch == m_replicaBatches.end()) {
        return;
    }
    const QString region = batch->pending.take(id);
    const QJsonObject& result = outcome.result;
    if (outcome.state == Jobs::JobState::Succeeded) {
        batch->done << tr("%1 (%2 sent, %3 already there)")
                           .arg(region, Core::formatBytes(result.value(QStringLiteral("bytesSent")).toInteger()),
                                Core::formatBytes(result.value(QStringLiteral("bytesSkipped")).toInteger()));
    } else if (outcome.state == Jobs::JobState::Cancelled) {
        batch->failed << tr("%1: cancelled").arg(region);
    } else {
        batch->failed << tr("%1: %2").arg(region, outcome.error);
    }
    if (!batch->pending.isEmpty()) {
        return;
    }
    if (batch->failed.isEmpty()) {
        m_message->showMessage(tr("Point %1 copied to %n region(s): %2.", nullptr, int(batch->done.size()))
                                   .arg(batch->point, batch->done.join(QStringLiteral("; "))),
                               MessageWidget::Type::Positive);
    } else {
        const QString done = batch->done.isEmpty() ? tr("none") : batch->done.join(QStringLiteral("; "));
        m_message->showMessage(tr("Not every copy of point %1 was made. Copied to: %2. Not copied: %3. Create the "
                                  "replica again for the regions left out.")
                                   .arg(batch->point, done, batch->failed.join(QStringLiteral("; "))),
                               MessageWidget::Type::Warning);
    }
    m_replicaBatches.erase(batch);
}

void VaultsPage::restore()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    const std::optional<Vaults::PointRecord> point = selectedPoint();
    if (!vault || !point) {
        return;
    }
    RestoreDialog dialog(*vault, *point, this);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    Core::Result<Vaults::VaultAccess> access = m_vaults.access(vault->name, dialog.key());
    if (!access) {
        m_message->showMessage(access.error().message(), MessageWidget::Type::Error);
        return;
    }
    Backup::RestoreOptions options;
    options.targetFolder = dialog.targetFolder();
    options.overwrite = dialog.overwrite();
    options.paths = dialog.paths();
    Core::Result<qint64> id
        = m_runner.submit(std::make_unique<Jobs::RestoreJob>(std::move(access.value()), point->id, options));
    if (!id) {
        m_message->showMessage(id.error().message(), MessageWidget::Type::Error);
        return;
    }
    startJob(id.value(), tr("Restoring %1 into %2").arg(point->id, QDir::toNativeSeparators(options.targetFolder)));
}

void VaultsPage::check()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    if (!vault) {
        return;
    }
    const std::optional<Backup::KeySource> asked
        = PassphraseDialog::keyFor(this, *vault, tr("Checking reads the vault's index and points."));
    if (!asked) {
        return;
    }
    const Backup::KeySource key = *asked;
    Core::Result<Vaults::VaultAccess> access = m_vaults.access(vault->name, key);
    if (!access) {
        m_message->showMessage(access.error().message(), MessageWidget::Type::Error);
        return;
    }
    Core::Result<qint64> id
        = m_runner.submit(std::make_unique<Jobs::CheckJob>(std::move(access.value()), Backup::CheckOptions {}));
    if (!id) {
        m_message->showMessage(id.error().message(), MessageWidget::Type::Error);
        return;
    }
    startJob(id.value(), tr("Checking vault %1").arg(vault->name));
}

void VaultsPage::jobFinished(qint64 id, const Jobs::JobOutcome& outcome)
{
    const Jobs::Job* job = m_runner.job(id);
    const QString type = job ? job->type() : QString();
    const QString vault = job ? job->vault() : QString();
    const QJsonObject& result = outcome.result;
    // A backup added a point, a check may have found leftovers: re-read what the catalog knows.
    m_vaults.reload();
    if (m_batchJobs.contains(id)) {
        return; // reported with its batch
    }
    switch (outcome.state) {
    case Jobs::JobState::Succeeded:
        if (type == QLatin1String("backup")) {
            const QString point = result.value(QStringLiteral("point")).toString();
            selectPoint(point);
            m_message->showMessage(
                tr("Backed up into %1: point %2, %3 files, %4 (%5 new data stored).")
                    .arg(vault, point)
                    .arg(result.value(QStringLiteral("files")).toInteger())
                    .arg(Core::formatBytes(result.value(QStringLiteral("logicalBytes")).toInteger()),
                         Core::formatBytes(result.value(QStringLiteral("storedBytesNew")).toInteger())),
                MessageWidget::Type::Positive);
        } else if (type == QLatin1String("restore")) {
            m_message->showMessage(
                tr("Restored %1 files and folders (%2) into %3.")
                    .arg(result.value(QStringLiteral("files")).toInteger())
                    .arg(Core::formatBytes(result.value(QStringLiteral("bytes")).toInteger()),
                         QDir::toNativeSeparators(result.value(QStringLiteral("target")).toString())),
                MessageWidget::Type::Positive);
        } else if (type == QLatin1String("copy")) {
            m_message->showMessage(
                tr("Copied %n point(s) from %1 to %2 in region %3: %4 sent, %5 already there.", nullptr,
                   int(result.value(QStringLiteral("points")).toArray().size()))
                    .arg(result.value(QStringLiteral("source")).toString(),
                         result.value(QStringLiteral("target")).toString(),
                         result.value(QStringLiteral("region")).toString(),
                         Core::formatBytes(result.value(QStringLiteral("bytesSent")).toInteger()),
                         Core::formatBytes(result.value(QStringLiteral("bytesSkipped")).toInteger())),
                MessageWidget::Type::Positive);
        } else {
            m_message->showMessage(tr("Vault %1 checked: %2 points, no problems found.")
                                       .arg(vault)
                                       .arg(result.value(QStringLiteral("points")).toInteger()),
                                   MessageWidget::Type::Positive);
        }
        break;
    case Jobs::JobState::Partial:
        m_message->showMessage(
            tr("The job finished with problems: %1 See the Jobs page for the list.").arg(outcome.error),
            MessageWidget::Type::Warning);
        break;
    case Jobs::JobState::Cancelled:
        m_message->showMessage(tr("The job was cancelled. %1").arg(outcome.error), MessageWidget::Type::Information);
        break;
    case Jobs::JobState::Failed:
    case Jobs::JobState::Queued:
    case Jobs::JobState::Running:
        m_message->showMessage(tr("The job failed: %1").arg(outcome.error), MessageWidget::Type::Error);
        break;
    }
}

void VaultsPage::deletePoint()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    const std::optional<Vaults::PointRecord> point = selectedPoint();
    if (!vault || !point) {
        return;
    }
    const QMessageBox::StandardButton answer = MessageBox::confirm(
        this, tr("Delete point"), tr("Delete point %1 of vault %2?").arg(point->id, vault->name),
        tr("The point made on %1 from %2 (%3) can no longer be restored. Other points are not affected; data "
           "they share with this point is kept. This cannot be undone.")
            .arg(point->created.toLocalTime().toString(Qt::ISODate), QDir::toNativeSeparators(point->source),
                 Core::formatBytes(point->logicalBytes)),
        tr("Delete point"));
    if (answer != QMessageBox::Yes) {
        return;
    }
    const std::optional<Backup::KeySource> asked
        = PassphraseDialog::keyFor(this, *vault, tr("Deleting a point changes the vault."));
    if (!asked) {
        return;
    }
    const Backup::KeySource key = *asked;
    Core::Workspace* workspace = &m_workspace;
    const QString vaultName = vault->name;
    const QString pointId = point->id;
    m_deletePointButton->setEnabled(false);
    runThenCallback(
        this,
        [workspace, vaultName, pointId, key]() {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            // The point's copies in the vault's replication targets go with it.
            return Replication::ReplicationService(*workspace, regions, vaults).deletePoint(vaultName, pointId, key);
        },
        [this, vaultName, pointId](const Core::Status& deleted) {
            m_vaults.reload();
            if (!deleted) {
                m_message->showMessage(tr("Point %1 was not deleted: %2").arg(pointId, deleted.error().message()),
                                       MessageWidget::Type::Error);
                return;
            }
            m_message->showMessage(tr("Point %1 deleted from %2.").arg(pointId, vaultName),
                                   MessageWidget::Type::Positive);
        });
}

void VaultsPage::editPoint()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    const std::optional<Vaults::PointRecord> point = selectedPoint();
    if (!vault || !point || !m_pointSettingsButton->isEnabled()) {
        return;
    }
    PointSettingsDialog dialog(vault->name, *point, this);
    if (dialog.exec() != QDialog::Accepted || (!dialog.tierChanged() && !dialog.expiryChanged())) {
        return;
    }
    const QString tier = dialog.tier();
    const bool archiving = dialog.tierChanged() && tier == QLatin1String("archive");
    const bool replicates
        = m_replicationModel->vault() == vault->name && m_replicationModel->role() == QLatin1String("source");
    if (archiving && replicates) {
        const QMessageBox::StandardButton answer
            = MessageBox::confirm(this, tr("Move to the archive tier"),
                                  tr("Move point %1 of %2 to the archive tier?").arg(point->id, vault->name),
                                  tr("Archive-tier points are not copied to other regions: the copies of this point in "
                                     "the replication targets "
                                     "of %1 are deleted now. The point itself stays in %1.")
                                      .arg(vault->name),
                                  tr("Archive"));
        if (answer != QMessageBox::Yes) {
            return;
        }
    }
    Backup::KeySource key; // only removing copies in the targets opens them
    if (archiving && replicates) {
        const std::optional<Backup::KeySource> asked = PassphraseDialog::keyFor(
            this, *vault, tr("Removing the copies of the point changes the replication targets."));
        if (!asked) {
            return;
        }
        key = *asked;
    }
    Core::Workspace* workspace = &m_workspace;
    const QString vaultName = vault->name;
    const QString pointId = point->id;
    const bool changeExpiry = dialog.expiryChanged();
    const QDateTime expires = dialog.expires();
    const bool changeTier = dialog.tierChanged();
    m_pointChanging = true;
    m_pointSettingsButton->setEnabled(false);
    runThenCallback(
        this,
        [workspace, vaultName, pointId, changeExpiry, expires, changeTier, tier, key]() -> Core::Status {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            Replication::ReplicationService replication(*workspace, regions, vaults);
            if (!key.isNull()) {
                // A wrong passphrase is found before anything changes, not half-way.
                Core::Result<Vaults::VaultAccess> access = vaults.access(vaultName, key);
                if (!access) {
                    return access.error();
                }
                if (auto opened = access->open(); !opened) {
                    return opened.error();
                }
            }
            if (changeExpiry) {
                if (Core::Status s = replication.setPointExpiry(vaultName, pointId, expires); !s) {
                    return s;
                }
            }
            if (changeTier) {
                if (Core::Status s = replication.setPointTier(vaultName, pointId, tier, key); !s) {
                    return changeExpiry ? s.error().withContext(tr("The expiry was changed, the tier was not: ")) : s;
                }
            }
            return {};
        },
        [this, pointId](const Core::Status& changed) {
            m_pointChanging = false;
            m_vaults.reload();
            m_pointModel->refresh();
            m_replicationModel->refresh();
            updateActions();
            if (!changed) {
                m_message->showMessage(tr("Point %1 was not changed: %2").arg(pointId, changed.error().message()),
                                       MessageWidget::Type::Error);
                return;
            }
            m_message->showMessage(tr("Point %1 changed; its copies in replication targets follow.").arg(pointId),
                                   MessageWidget::Type::Positive);
        });
}

void VaultsPage::deleteVault()
{
    const std::optional<Vaults::VaultRecord> vault = selectedVault();
    if (!vault) {
        return;
    }
    if (Core::Status deletable
        = Replication::ReplicationService(m_workspace, m_regions, m_vaults).checkDeletable(vault->name);
        !deletable) {
        m_message->showMessage(deletable.error().message(), MessageWidget::Type::Error);
        return;
    }
    QString details
        = tr("Everything the vault keeps in region %1 is deleted: its %n backup point(s) and %2 of stored data. No "
             "point of this vault can be restored afterwards, from this or any other workspace.",
             nullptr, vault->points)
              .arg(vault->region, Core::formatBytes(vault->storedBytes));
    if (vault->encryption == QLatin1String("managed")) {
        details += QLatin1Char(' ') + tr("Its managed key is deleted from this workspace too.");
    }
    details += QLatin1Char(' ') + tr("This cannot be undone.");
    const QMessageBox::StandardButton answer
        = MessageBox::confirm(this, tr("Delete vault"), tr("Delete vault %1 and all its data?").arg(vault->name),
                              details, tr("Delete vault"));
    if (answer != QMessageBox::Yes) {
        return;
    }
    Core::Workspace* workspace = &m_workspace;
    const QString name = vault->name;
    m_deleteVaultButton->setEnabled(false);
    runThenCallback(
        this,
        [workspace, name]() {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            // Checked again here: a CLI may have enabled replication meanwhile. Targets stay.
            if (Core::Status deletable
                = Replication::ReplicationService(*workspace, regions, vaults).checkDeletable(name);
                !deletable) {
                return deletable;
            }
            return vaults.remove(name);
        },
        [this, name](const Core::Status& removed) {
            m_vaults.reload();
            if (!removed) {
                m_message->showMessage(tr("Vault %1 was not deleted: %2").arg(name, removed.error().message()),
                                       MessageWidget::Type::Error);
                return;
            }
            m_message->showMessage(tr("Vault %1 and its data were deleted.").arg(name), MessageWidget::Type::Positive);
        });
}
