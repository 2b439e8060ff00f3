#include "ui/dialogs/ReplicationDialog.h"

#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"
#include "models/VaultModel.h"
#include "ui/AsyncTask.h"
#include "ui/widgets/CopyPreviewLabel.h"
#include "ui/widgets/MessageWidget.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace {

constexpr int kMaxDescription = 255;

// Greys out a combo entry and gives its reason as a tooltip.
void disableItem(QComboBox* combo, int row, const QString& reason)
{
    if (auto* model = qobject_cast<QStandardItemModel*>(combo->model())) {
        model->item(row)->setEnabled(false);
    }
    combo->setItemData(row, reason, Qt::ToolTipRole);
}

bool itemEnabled(const QComboBox* combo, int row)
{
    const auto* model = qobject_cast<const QStandardItemModel*>(combo->model());
    return row >= 0 && (!model || model->item(row)->isEnabled());
}

QLabel* hintLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

struct Enabled
{
    Vaults::VaultRecord target;
    QStringList points;
};

} // namespace

ReplicationDialog::ReplicationDialog(Core::Workspace& workspace, Regions::RegionService& regions,
                                     Vaults::VaultService& vaults, const Vaults::VaultRecord& source, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_regions(regions)
    , m_vaults(vaults)
    , m_source(source)
    , m_message(new MessageWidget(this))
    , m_region(new QComboBox(this))
    , m_regionHint(hintLabel(QStringLiteral("replicationRegionHint"), this))
    , m_vault(new QComboBox(this))
    , m_vaultHint(hintLabel(QStringLiteral("replicationVaultHint"), this))
    , m_newVaultBox(new QWidget(this))
    , m_name(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_label(new QLineEdit(this))
    , m_passphrase(new QLineEdit(this))
    , m_preview(new CopyPreviewLabel(workspace, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("replicationDialog"));
    setWindowTitle(tr("Configure backup vault replication"));
    m_message->setObjectName(QStringLiteral("replicationMessage"));
    m_region->setObjectName(QStringLiteral("replicationRegionCombo"));
    m_vault->setObjectName(QStringLiteral("replicationVaultCombo"));
    m_name->setObjectName(QStringLiteral("targetNameEdit"));
    m_name->setToolTip(tr("Letters, digits, '-' and '_'; unique in this workspace"));
    m_description->setObjectName(QStringLiteral("targetDescriptionEdit"));
    m_description->setPlaceholderText(tr("Optional: what this replica is for"));
    m_label->setObjectName(QStringLiteral("targetLabelEdit"));
    m_label->setPlaceholderText(tr("Optional: resource group or label, e.g. dr-site"));
    m_passphrase->setObjectName(QStringLiteral("replicationPassphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    // With the passphrase the preview counts only what the points use (one key derivation).
    connect(m_passphrase, &QLineEdit::editingFinished, this, &ReplicationDialog::updatePreview);
    m_preview->setObjectName(QStringLiteral("replicationPreviewLabel"));
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Enable replication"));

    auto* intro = new QLabel(
        tr("Every standard-tier point of %1 (region %2) is copied into a read-only target vault in another region: "
           "the existing points now, every new point after its backup. The target's points expire with the "
           "source's; archive-tier points are not copied.")
            .arg(source.name, source.region),
        this);
    intro->setWordWrap(true);

    const bool customer = source.encryption == QLatin1String("customer");
    auto* encryption
        = new QLabel(tr("%1 (fixed: the source's)").arg(VaultModel::encryptionText(source.encryption)), this);
    auto* encryptionNote = hintLabel(QStringLiteral("targetEncryptionNote"), this);
    encryptionNote->setText(tr("A replica holds the source's encrypted bytes exactly as they are, so it must use the "
                               "source's encryption method and key; another method could not open them."));

    auto* newForm = new QFormLayout(m_newVaultBox);
    newForm->setContentsMargins(0, 0, 0, 0);
    newForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    newForm->addRow(tr("&Name:"), m_name);
    newForm->addRow(tr("&Description:"), m_description);
    newForm->addRow(tr("&Label:"), m_label);
    newForm->addRow(tr("Encryption:"), encryption);
    newForm->addRow(encryptionNote);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Target &region:"), m_region);
    form->addRow(m_regionHint);
    form->addRow(tr("Target &vault:"), m_vault);
    form->addRow(m_vaultHint);
    form->addRow(m_newVaultBox);
    if (customer) {
        form->addRow(tr("&Passphrase of %1:").arg(source.name), m_passphrase);
    } else {
        m_passphrase->hide();
    }
    auto* previewTitle = new QLabel(tr("Initial sync"), this);
    QFont bold = previewTitle->font();
    bold.setWeight(QFont::DemiBold);
    previewTitle->setFont(bold);

    m_region->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_vault->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(previewTitle);
    // Room for the wrapped estimate and price, which arrive after the dialog is laid out.
    m_preview->setMinimumHeight(m_preview->fontMetrics().lineSpacing() * 3 + 4);
    layout->addWidget(m_preview);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(640);

    // Regions: the source's own and those that cannot take another target are disabled.
    Replication::ReplicationService replication(m_workspace, m_regions, m_vaults);
    QStringList unavailable;
    int firstEnabled = -1;
    for (const Regions::Region& region : m_regions.regions()) {
        const int row = m_region->count();
        m_region->addItem(region.name, region.name);
        QString reason;
        if (region.name == source.region) {
            reason = tr("the source's own region; a target must be in a different region to survive the loss of it");
        } else if (const Core::Status ok = replication.checkEnableInRegion(source.name, region.name); !ok) {
            reason = ok.error().message();
        }
        if (!reason.isEmpty()) {
            disableItem(m_region, row, reason);
            unavailable << tr("%1: %2").arg(region.name, reason);
        } else if (firstEnabled < 0) {
            firstEnabled = row;
        }
    }
    m_regionHint->setText(unavailable.isEmpty() ? QString()
                                                : tr("Not available — %1").arg(unavailable.join(QStringLiteral("; "))));
    m_regionHint->setVisible(!unavailable.isEmpty());

    connect(m_buttons, &QDialogButtonBox::accepted, this, &ReplicationDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ReplicationDialog::reject);
    connect(m_region, &QComboBox::currentIndexChanged, this, &ReplicationDialog::regionChanged);
    connect(m_vault, &QComboBox::currentIndexChanged, this, &ReplicationDialog::vaultChanged);

    if (firstEnabled < 0) {
        m_message->showMessage(
            tr("No region can take a target of %1; add a region on the Regions page.").arg(source.name),
            MessageWidget::Type::Warning);
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    m_region->setCurrentIndex(firstEnabled);
    regionChanged();
}

ReplicationDialog::~ReplicationDialog() = default;

Backup::KeySource ReplicationDialog::key() const
{
    if (m_source.encryption != QLatin1String("customer")) {
        return {};
    }
    return Backup::KeySource::passphrase(m_passphrase->text().toUtf8());
}

QString ReplicationDialog::newVaultName() const
{
    return m_name->text().trimmed();
}

void ReplicationDialog::regionChanged()
{
    const QString region = m_region->currentData().toString();
    m_name->setText(region.isEmpty() ? QString() : QStringLiteral("%1-%2").arg(m_source.name, region));
    m_vault->blockSignals(true);
    m_vault->clear();
    m_vault->addItem(tr("Create a new target vault"), QString());
    m_vault->blockSignals(false);
    m_vaultHint->clear();
    m_vaultHint->hide();
    vaultChanged();
    if (!region.isEmpty()) {
        loadCandidates(region);
    }
}

void ReplicationDialog::loadCandidates(const QString& region)
{
    // Whether a vault can be the target depends on its config in the region: read on a worker.
    const quint64 generation = ++m_candidateGeneration;
    Core::Workspace* workspace = &m_workspace;
    const QString source = m_source.name;
    runThenCallback(
        this,
        [workspace, source, region]() {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            return Replication::ReplicationService(*workspace, regions, vaults).targetCandidates(source, region);
        },
        [this, generation](const Core::Result<QList<Replication::TargetCandidate>>& candidates) {
            if (generation != m_candidateGeneration) {
                return;
            }
            if (!candidates) {
                m_vaultHint->setText(
                    tr("The region's vaults could not be checked: %1").arg(candidates.error().message()));
                m_vaultHint->show();
                return;
            }
            QStringList unavailable;
            for (const Replication::TargetCandidate& c : candidates.value()) {
                const int row = m_vault->count();
                m_vault->addItem(c.vault, c.vault);
                if (!c.eligible) {
                    disableItem(m_vault, row, c.reason);
                    unavailable << tr("%1: %2").arg(c.vault, c.reason);
                }
            }
            m_vaultHint->setText(unavailable.join(QLatin1Char('\n')));
            m_vaultHint->setVisible(!unavailable.isEmpty());
        });
}

void ReplicationDialog::vaultChanged()
{
    m_newVaultBox->setVisible(m_vault->currentData().toString().isEmpty());
    updatePreview();
}

void ReplicationDialog::updatePreview()
{
    const QString region = m_region->currentData().toString();
    if (region.isEmpty() || !itemEnabled(m_region, m_region->currentIndex())) {
        m_preview->clearEstimate(tr("Choose a target region."));
        return;
    }
    const QString existing = m_vault->currentData().toString();
    QStringList points;
    if (existing.isEmpty()) {
        if (auto all = m_vaults.points(m_source.name)) {
            for (const Vaults::PointRecord& p : std::as_const(all.value())) {
                if (p.tier == QLatin1String("standard") && p.origin != QLatin1String("replica")) {
                    points << p.id;
                }
            }
        }
    } else if (auto pending = Replication::ReplicationService(m_workspace, m_regions, m_vaults)
                                  .pendingPoints(m_source.name, existing)) {
        for (const Vaults::PointRecord& p : std::as_const(pending.value())) {
            points << p.id;
        }
    }
    // A new vault has no objects yet: estimating against an unused name moves everything.
    const QString target = existing.isEmpty() ? QStringLiteral(".preview-of-a-new-vault") : existing;
    m_preview->estimate(m_source.name, points, target, region,
                        m_passphrase->text().isEmpty() ? Backup::KeySource() : key());
}

void ReplicationDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget* widget : {static_cast<QWidget*>(m_region), static_cast<QWidget*>(m_vault),
                            static_cast<QWidget*>(m_newVaultBox), static_cast<QWidget*>(m_passphrase)}) {
        widget->setEnabled(!busy);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy) {
        m_message->showMessage(tr("Setting up replication…"), MessageWidget::Type::Information);
    }
}

void ReplicationDialog::accept()
{
    if (m_busy) {
        return;
    }
    const QString region = m_region->currentData().toString();
    if (region.isEmpty() || !itemEnabled(m_region, m_region->currentIndex())) {
        m_message->showError(tr("Choose a target region other than %1.").arg(m_source.region), m_region);
        return;
    }
    const QString existing = m_vault->currentData().toString();
    if (!existing.isEmpty() && !itemEnabled(m_vault, m_vault->currentIndex())) {
        m_message->showError(m_vault->itemData(m_vault->currentIndex(), Qt::ToolTipRole).toString(), m_vault);
        return;
    }
    const QString name = existing.isEmpty() ? newVaultName() : existing;
    const QString description = m_description->text().trimmed();
    const QString label = m_label->text().trimmed();
    if (existing.isEmpty()) {
        if (name.isEmpty()) {
            m_message->showError(tr("Enter a name for the new target vault."), m_name);
            return;
        }
        Vaults::NewVault spec;
        spec.name = name;
        spec.region = region;
        spec.type = QStringLiteral("replication-target");
        spec.description = description;
        spec.label = label;
        if (const Core::Status valid = m_vaults.validate(spec); !valid) {
            m_message->showError(valid.error().message(), m_name);
            return;
        }
        if (description.size() > kMaxDescription) {
            m_message->showError(tr("The description has %1 characters; at most %2 are allowed.")
                                     .arg(description.size())
                                     .arg(kMaxDescription),
                                 m_description);
            return;
        }
    }
    if (m_source.encryption == QLatin1String("customer") && m_passphrase->text().isEmpty()) {
        m_message->showError(tr("Enter the passphrase of %1: the target uses the same key.").arg(m_source.name),
                             m_passphrase);
        return;
    }
    setBusy(true);
    Core::Workspace* workspace = &m_workspace;
    const QString source = m_source.name;
    const Backup::KeySource key = this->key();
    const bool create = existing.isEmpty();
    runThenCallback(
        this,
        [workspace, source, name, region, description, label, key, create]() -> Core::Result<Enabled> {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            Replication::ReplicationService replication(*workspace, regions, vaults);
            auto link = create ? replication.createTargetAndEnable(source, name, region, description, key, label)
                               : replication.enable(source, name);
            if (!link) {
                return link.error();
            }
            auto pending = replication.pendingPoints(source, name);
            if (!pending) {
                return pending.error();
            }
            Enabled out;
            const std::optional<Vaults::VaultRecord> target = vaults.find(name);
            if (!target) {
                return Core::fail(Core::ErrorCode::NotFound, ReplicationDialog::tr("Vault %1 disappeared.").arg(name));
            }
            out.target = *target;
            for (const Vaults::PointRecord& p : std::as_const(pending.value())) {
                out.points << p.id;
            }
            return out;
        },
        [this](const Core::Result<Enabled>& enabled) {
            setBusy(false);
            m_vaults.reload();
            if (!enabled) {
                m_message->showError(enabled.error().message(), nullptr);
                return;
            }
            m_target = enabled->target;
            m_points = enabled->points;
            QDialog::accept();
        });
}

void ReplicationDialog::reject()
{
    if (!m_busy) {
        QDialog::reject();
    }
}
