#include "ui/dialogs/CreateVaultDialog.h"

#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/vault/VaultTypes.h"
#include "backend/vaults/VaultService.h"
#include "ui/AsyncTask.h"
#include "ui/widgets/MessageWidget.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

CreateVaultDialog::CreateVaultDialog(Core::Workspace& workspace, Vaults::VaultService& vaults,
                                     Regions::RegionService& regions, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_vaults(vaults)
    , m_message(new MessageWidget(this))
    , m_name(new QLineEdit(this))
    , m_region(new QComboBox(this))
    , m_description(new QLineEdit(this))
    , m_label(new QLineEdit(this))
    , m_managed(new QRadioButton(tr("&Managed key"), this))
    , m_customer(new QRadioButton(tr("&Customer key (passphrase)"), this))
    , m_encryptionHint(new QLabel(this))
    , m_passphrase(new QLineEdit(this))
    , m_confirm(new QLineEdit(this))
    , m_compression(new QSpinBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("createVaultDialog"));
    setWindowTitle(tr("Create vault"));
    m_message->setObjectName(QStringLiteral("createVaultMessage"));
    m_name->setObjectName(QStringLiteral("vaultNameEdit"));
    m_name->setPlaceholderText(tr("e.g. finance-db"));
    m_name->setToolTip(tr("Letters, digits, '-' and '_'; unique in this workspace"));
    m_region->setObjectName(QStringLiteral("vaultRegionCombo"));
    for (const Regions::Region& region : regions.regions()) {
        const QString shown = region.displayName.isEmpty() || region.displayName == region.name
            ? region.name
            : tr("%1 (%2)").arg(region.displayName, region.name);
        m_region->addItem(shown, region.name);
    }
    m_description->setObjectName(QStringLiteral("vaultDescriptionEdit"));
    m_description->setPlaceholderText(tr("Optional: what this vault keeps"));
    m_label->setObjectName(QStringLiteral("vaultLabelEdit"));
    m_label->setPlaceholderText(tr("Optional: e.g. production"));
    m_managed->setObjectName(QStringLiteral("managedKeyRadio"));
    m_customer->setObjectName(QStringLiteral("customerKeyRadio"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_managed);
    group->addButton(m_customer);
    m_managed->setChecked(true);
    m_encryptionHint->setWordWrap(true);
    m_encryptionHint->setForegroundRole(QPalette::PlaceholderText);
    m_passphrase->setObjectName(QStringLiteral("passphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_confirm->setObjectName(QStringLiteral("passphraseConfirmEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_compression->setObjectName(QStringLiteral("compressionLevelSpin"));
    m_compression->setRange(1, 19);
    m_compression->setValue(Backup::CreateOptions().compressionLevel);
    m_compression->setToolTip(tr("zstd level of the vault's data: 1 is fastest, 19 is smallest. Fixed when the vault "
                                 "is created; data that does not compress is stored as it is."));
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate"));

    auto* encryption = new QVBoxLayout;
    encryption->setSpacing(4);
    encryption->addWidget(m_managed);
    encryption->addWidget(m_customer);
    encryption->addWidget(m_encryptionHint);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Re&gion:"), m_region);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Label:"), m_label);
    form->addRow(tr("Encryption:"), encryption);
    form->addRow(tr("&Passphrase:"), m_passphrase);
    form->addRow(tr("Con&firm passphrase:"), m_confirm);
    form->addRow(tr("Compre&ssion level:"), m_compression);
    m_passphraseLabel = qobject_cast<QLabel*>(form->labelForField(m_passphrase));
    m_confirmLabel = qobject_cast<QLabel*>(form->labelForField(m_confirm));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreateVaultDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &CreateVaultDialog::reject);
    connect(m_managed, &QRadioButton::toggled, this, &CreateVaultDialog::encryptionChanged);
    encryptionChanged();
    m_name->setFocus();
}

CreateVaultDialog::~CreateVaultDialog() = default;

void CreateVaultDialog::encryptionChanged()
{
    const bool customer = m_customer->isChecked();
    m_passphrase->setVisible(customer);
    m_confirm->setVisible(customer);
    if (m_passphraseLabel && m_confirmLabel) {
        m_passphraseLabel->setVisible(customer);
        m_confirmLabel->setVisible(customer);
    }
    m_encryptionHint->setText(
        customer ? tr("Only your passphrase opens this vault. Crossvault does not keep it: if you lose it, the "
                      "backups in this vault cannot be restored by anyone.")
                 : tr("Crossvault keeps the key in this workspace. Export the recovery key afterwards, so that the "
                      "vault can be opened if this workspace is lost."));
}

void CreateVaultDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget* widget :
         {static_cast<QWidget*>(m_name), static_cast<QWidget*>(m_region), static_cast<QWidget*>(m_description),
          static_cast<QWidget*>(m_label), static_cast<QWidget*>(m_managed), static_cast<QWidget*>(m_customer),
          static_cast<QWidget*>(m_passphrase), static_cast<QWidget*>(m_confirm)}) {
        widget->setEnabled(!busy);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy) {
        m_message->showMessage(tr("Creating the vault…"), MessageWidget::Type::Information);
    }
}

void CreateVaultDialog::accept()
{
    if (m_busy) {
        return;
    }
    Vaults::NewVault spec;
    spec.name = m_name->text().trimmed();
    spec.region = m_region->currentData().toString();
    spec.description = m_description->text().trimmed();
    spec.label = m_label->text().trimmed();
    spec.compressionLevel = m_compression->value();
    if (spec.name.isEmpty()) {
        m_message->showError(tr("Enter a name for the vault."), m_name);
        return;
    }
    if (spec.region.isEmpty()) {
        m_message->showError(tr("Choose the region the vault keeps its data in (add one on the Regions page first)."),
                             m_region);
        return;
    }
    if (m_customer->isChecked()) {
        spec.encryption = Backup::EncryptionMethod::Customer;
        if (m_passphrase->text().isEmpty()) {
            m_message->showError(tr("Enter the passphrase that will protect the vault."), m_passphrase);
            return;
        }
        if (m_passphrase->text() != m_confirm->text()) {
            m_message->showError(tr("The passphrase and its confirmation differ; type the same passphrase twice."),
                                 m_confirm);
            return;
        }
        spec.customerKey = Backup::KeySource::passphrase(m_passphrase->text().toUtf8());
    } else {
        spec.encryption = Backup::EncryptionMethod::Managed;
    }
    if (const Core::Status valid = m_vaults.validate(spec); !valid) {
        m_message->showError(valid.error().message(), m_name);
        return;
    }

    setBusy(true);
    // The worker gets its own services: VaultService emits row signals and is not shared
    // across threads. The page's service re-reads the catalog afterwards.
    Core::Workspace* workspace = &m_workspace;
    runThenCallback(
        this,
        [workspace, spec]() {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            return vaults.create(spec);
        },
        [this](const Core::Result<Vaults::VaultRecord>& created) {
            setBusy(false);
            if (!created) {
                m_message->showError(created.error().message(), m_name);
                return;
            }
            m_created = created.value();
            m_vaults.reload();
            QDialog::accept();
        });
}

void CreateVaultDialog::reject()
{
    if (!m_busy) {
        QDialog::reject();
    }
}
