#include "ui/dialogs/CreateReplicaDialog.h"

#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"
#include "ui/AsyncTask.h"
#include "ui/widgets/CopyPreviewLabel.h"
#include "ui/widgets/MessageWidget.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int RegionRole = Qt::UserRole;

bool isChoosable(const QListWidgetItem* item)
{
    return item && item->flags().testFlag(Qt::ItemIsEnabled);
}

} // namespace

CreateReplicaDialog::CreateReplicaDialog(Core::Workspace& workspace, Regions::RegionService& regions,
                                         Vaults::VaultService& vaults, const Vaults::VaultRecord& source,
                                         const Vaults::PointRecord& point, QWidget* parent)
    : QDialog(parent)
    , m_workspace(workspace)
    , m_regions(regions)
    , m_vaults(vaults)
    , m_source(source)
    , m_point(point)
    , m_message(new MessageWidget(this))
    , m_regionList(new QListWidget(this))
    , m_regionHint(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_nameError(new QLabel(this))
    , m_description(new QLineEdit(this))
    , m_keep(new QRadioButton(tr("&Keep until deleted"), this))
    , m_expire(new QRadioButton(tr("E&xpire after"), this))
    , m_days(new QSpinBox(this))
    , m_expiryHint(new QLabel(this))
    , m_passphrase(new QLineEdit(this))
    , m_preview(new CopyPreviewLabel(workspace, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("createReplicaDialog"));
    setWindowTitle(tr("Create replica"));
    m_message->setObjectName(QStringLiteral("createReplicaMessage"));
    m_regionList->setObjectName(QStringLiteral("replicaRegionList"));
    m_regionHint->setObjectName(QStringLiteral("replicaRegionHint"));
    m_regionHint->setWordWrap(true);
    m_regionHint->setForegroundRole(QPalette::PlaceholderText);
    m_name->setObjectName(QStringLiteral("replicaNameEdit"));
    m_name->setPlaceholderText(tr("Optional, e.g. audit-2026"));
    m_nameError->setObjectName(QStringLiteral("replicaNameError"));
    m_nameError->setWordWrap(true);
    m_nameError->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_nameError->hide();
    m_description->setObjectName(QStringLiteral("replicaDescriptionEdit"));
    m_description->setPlaceholderText(tr("Optional: why this copy is kept (at most 255 characters)"));
    m_keep->setObjectName(QStringLiteral("keepRadio"));
    m_expire->setObjectName(QStringLiteral("expireRadio"));
    m_days->setObjectName(QStringLiteral("expireDaysSpin"));
    m_days->setRange(1, 36500);
    m_days->setValue(30);
    m_days->setSuffix(tr(" days"));
    m_expiryHint->setObjectName(QStringLiteral("replicaExpiryHint"));
    m_expiryHint->setWordWrap(true);
    m_expiryHint->setForegroundRole(QPalette::PlaceholderText);
    m_expiryHint->hide();
    m_passphrase->setObjectName(QStringLiteral("replicaPassphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    // With the passphrase the preview counts only what the point uses (one key derivation).
    connect(m_passphrase, &QLineEdit::editingFinished, this, &CreateReplicaDialog::regionsChanged);
    m_preview->setObjectName(QStringLiteral("replicaPreviewLabel"));
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate replica"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_keep);
    group->addButton(m_expire);
    m_keep->setChecked(true);
    m_days->setEnabled(false);

    auto* intro
        = new QLabel(tr("Copies point %1 of %2 (made %3) to each region ticked below as it is stored: encrypted, "
                        "deduplicated against what each destination already holds.")
                         .arg(point.id, source.name, point.created.toLocalTime().toString(Qt::ISODate)),
                     this);
    intro->setWordWrap(true);

    auto* expiry = new QHBoxLayout;
    expiry->addWidget(m_keep);
    expiry->addSpacing(12);
    expiry->addWidget(m_expire);
    expiry->addWidget(m_days);
    expiry->addStretch(1);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Destination &regions:"), m_regionList);
    form->addRow(m_regionHint);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(m_nameError);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("Expiry:"), expiry);
    form->addRow(m_expiryHint);
    if (source.encryption == QLatin1String("customer")) {
        form->addRow(tr("&Passphrase of %1:").arg(source.name), m_passphrase);
    } else {
        m_passphrase->hide();
    }
    auto* previewTitle = new QLabel(tr("What the copy moves"), this);
    QFont bold = previewTitle->font();
    bold.setWeight(QFont::DemiBold);
    previewTitle->setFont(bold);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(previewTitle);
    // Room for the wrapped estimate and price, which arrive after the dialog is laid out.
    m_preview->setMinimumHeight(m_preview->fontMetrics().lineSpacing() * 3 + 4);
    // An estimate per ticked region: grow to show them all.
    connect(m_preview, &CopyPreviewLabel::ready, this, [this] {
        const int needed = QWidget::layout()->hasHeightForWidth() ? QWidget::layout()->totalHeightForWidth(width())
                                                                  : sizeHint().height();
        if (needed > height()) {
            resize(width(), needed);
        }
    });
    layout->addWidget(m_preview);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(640);

    // Regions already holding a live replica of this point cannot take another one.
    QHash<QString, QString> replicaIn; // region -> vault
    if (auto all = m_vaults.points()) {
        for (const Vaults::PointRecord& p : std::as_const(all.value())) {
            if (p.id == point.id && p.origin == QLatin1String("replica")) {
                if (const auto v = m_vaults.find(p.vault)) {
                    replicaIn.insert(v->region, v->name);
                }
            }
        }
    }
    QStringList unavailable;
    QListWidgetItem* firstChoosable = nullptr;
    for (const Regions::Region& region : m_regions.regions()) {
        auto* item = new QListWidgetItem(region.name, m_regionList);
        item->setData(RegionRole, region.name);
        QString reason;
        if (region.name == source.region) {
            reason = tr("the point's own region");
        } else if (replicaIn.contains(region.name)) {
            reason = tr("already holds a replica of this point (vault %1); at most one per region")
                         .arg(replicaIn.value(region.name));
        }
        if (!reason.isEmpty()) {
            item->setFlags(Qt::NoItemFlags);
            item->setToolTip(reason);
            unavailable << tr("%1: %2").arg(region.name, reason);
        } else {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(firstChoosable ? Qt::Unchecked : Qt::Checked);
            firstChoosable = firstChoosable ? firstChoosable : item;
        }
    }
    // Room for a few regions; more scroll.
    const int rows = qBound(2, m_regionList->count(), 5);
    const int rowHeight = qMax(m_regionList->sizeHintForRow(0), m_regionList->fontMetrics().height() + 6);
    m_regionList->setFixedHeight(rowHeight * rows + 2 * m_regionList->frameWidth() + 2);
    m_regionHint->setText(unavailable.isEmpty() ? QString()
                                                : tr("Not available — %1").arg(unavailable.join(QStringLiteral("; "))));
    m_regionHint->setVisible(!unavailable.isEmpty());
    // A copy into a region holding the source's replication target goes into that target.
    if (auto links = Replication::ReplicationService(m_workspace, m_regions, m_vaults).links(m_source.name, true)) {
        for (const Replication::ReplicationLink& l : std::as_const(links.value())) {
            m_linkTargets.insert(l.region, l.target);
        }
    }

    connect(m_buttons, &QDialogButtonBox::accepted, this, &CreateReplicaDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &CreateReplicaDialog::reject);
    connect(m_regionList, &QListWidget::itemChanged, this, &CreateReplicaDialog::regionsChanged);
    connect(m_expire, &QRadioButton::toggled, m_days, &QSpinBox::setEnabled);
    connect(m_name, &QLineEdit::textChanged, this, &CreateReplicaDialog::validateFields);
    connect(m_description, &QLineEdit::textChanged, this, &CreateReplicaDialog::validateFields);

    if (!firstChoosable) {
        m_message->showMessage(tr("Every other region already holds a replica of point %1.").arg(point.id),
                               MessageWidget::Type::Warning);
    }
    regionsChanged();
    validateFields();
}

CreateReplicaDialog::~CreateReplicaDialog() = default;

Replication::ReplicaOptions CreateReplicaDialog::options(const QString& region) const
{
    Replication::ReplicaOptions o;
    o.manual = true;
    o.name = m_name->text().trimmed();
    o.description = m_description->text().trimmed();
    const auto prepared = m_preparedDays.constFind(region);
    if (prepared != m_preparedDays.cend()) {
        o.expireDays = prepared.value();
    } else {
        o.expireDays = !m_linkTargets.contains(region) && m_expire->isChecked() ? m_days->value() : 0;
    }
    return o;
}

QStringList CreateReplicaDialog::chosenRegions() const
{
    QStringList regions;
    for (int row = 0; row < m_regionList->count(); ++row) {
        const QListWidgetItem* item = m_regionList->item(row);
        if (isChoosable(item) && item->checkState() == Qt::Checked) {
            regions << item->data(RegionRole).toString();
        }
    }
    return regions;
}

void CreateReplicaDialog::setRegionChosen(const QString& region, bool chosen)
{
    for (int row = 0; row < m_regionList->count(); ++row) {
        QListWidgetItem* item = m_regionList->item(row);
        if (isChoosable(item) && item->data(RegionRole).toString() == region) {
            item->setCheckState(chosen ? Qt::Checked : Qt::Unchecked);
        }
    }
}

bool CreateReplicaDialog::isRegionAvailable(const QString& region) const
{
    for (int row = 0; row < m_regionList->count(); ++row) {
        const QListWidgetItem* item = m_regionList->item(row);
        if (item->data(RegionRole).toString() == region) {
            return isChoosable(item);
        }
    }
    return false;
}

Backup::KeySource CreateReplicaDialog::key() const
{
    if (m_source.encryption != QLatin1String("customer")) {
        return {};
    }
    return Backup::KeySource::passphrase(m_passphrase->text().toUtf8());
}

QString CreateReplicaDialog::validateFields()
{
    // The backend's rules, said without its command-line flags.
    const QString name = m_name->text().trimmed();
    const QString description = m_description->text().trimmed();
    QString problem;
    if (!name.isEmpty() && !Replication::ReplicationService::validateReplicaFields(name, {}, 0)) {
        problem = tr("The name '%1' is not valid: use 1 to 64 letters, digits, '_' or '-' (no spaces).").arg(name);
    } else if (!Replication::ReplicationService::validateReplicaFields({}, description, 0)) {
        problem = tr("The description has %1 characters; at most 255 are allowed.").arg(description.size());
    }
    m_nameError->setText(problem);
    m_nameError->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy && problem.isEmpty() && !chosenRegions().isEmpty());
    return problem;
}

void CreateReplicaDialog::regionsChanged()
{
    const QStringList regions = chosenRegions();
    QList<CopyPreviewLabel::Destination> destinations;
    QStringList mirrored;
    for (const QString& region : regions) {
        // The target a copy goes to: the source's replication target there, else "<source>-<region>".
        const auto link = m_linkTargets.constFind(region);
        const QString target
            = link != m_linkTargets.cend() ? link.value() : QStringLiteral("%1-%2").arg(m_source.name, region);
        destinations << CopyPreviewLabel::Destination {target, region};
        if (link != m_linkTargets.cend()) {
            mirrored << tr("%1 is the replication target of %2 in region %3: the copy there follows the expiry of "
                           "point %4 in %2, like every point replication copies there.")
                            .arg(target, m_source.name, region, m_point.id);
        }
    }
    m_expiryHint->setText(mirrored.join(QLatin1Char('\n')));
    m_expiryHint->setVisible(!mirrored.isEmpty());
    updateExpiryFields();
    if (destinations.isEmpty()) {
        m_preview->clearEstimate(tr("Choose at least one destination region."));
    } else {
        m_preview->estimate(m_source.name, {m_point.id}, destinations,
                            m_passphrase->text().isEmpty() ? Backup::KeySource() : key());
    }
    validateFields();
}

void CreateReplicaDialog::updateExpiryFields()
{
    // The expiry applies unless every chosen region follows the source's expiry.
    const QStringList regions = chosenRegions();
    const bool applies = regions.isEmpty()
        || std::any_of(regions.cbegin(), regions.cend(),
                       [this](const QString& region) { return !m_linkTargets.contains(region); });
    m_keep->setEnabled(!m_busy && applies);
    m_expire->setEnabled(!m_busy && applies);
    m_days->setEnabled(!m_busy && applies && m_expire->isChecked());
}

void CreateReplicaDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget* widget : {static_cast<QWidget*>(m_regionList), static_cast<QWidget*>(m_name),
                            static_cast<QWidget*>(m_description), static_cast<QWidget*>(m_passphrase)}) {
        widget->setEnabled(!busy);
    }
    updateExpiryFields();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy) {
        m_message->showMessage(tr("Preparing the copy…"), MessageWidget::Type::Information);
    }
}

void CreateReplicaDialog::accept()
{
    if (m_busy) {
        return;
    }
    if (const QString problem = validateFields(); !problem.isEmpty()) {
        m_name->setFocus(); // the problem is shown under the field
        return;
    }
    const QStringList regions = chosenRegions();
    if (regions.isEmpty()) {
        m_message->showError(tr("Tick at least one destination region that holds no replica of this point yet."),
                             m_regionList);
        return;
    }
    if (m_source.encryption == QLatin1String("customer") && m_passphrase->text().isEmpty()) {
        m_message->showError(tr("Enter the passphrase of %1: the replica uses the same key.").arg(m_source.name),
                             m_passphrase);
        return;
    }
    setBusy(true);
    Core::Workspace* workspace = &m_workspace;
    QList<Replication::CopyRequest> requests;
    for (const QString& region : regions) {
        Replication::CopyRequest request;
        request.point = m_point.id;
        request.sourceVault = m_source.name;
        request.region = region;
        const Replication::ReplicaOptions opts = options(region);
        request.name = opts.name.isEmpty() ? QString() : opts.name;
        request.description = opts.description;
        request.expireDays = opts.expireDays;
        requests << request;
    }
    const Backup::KeySource key = this->key();
    const int chosenDays = m_expire->isChecked() ? m_days->value() : 0;
    runThenCallback(
        this,
        [workspace, requests, key, chosenDays]() mutable -> Core::Result<QList<Prepared>> {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            Replication::ReplicationService replication(*workspace, regions, vaults);
            const auto inRegion = [](const Replication::CopyRequest& request, const Core::Error& error) {
                return Core::fail(error.code(), tr("%1: %2").arg(request.region, error.message()));
            };
            // Every copy is checked before any target vault is created. Whether a region holds
            // the source's replication target (its copy then follows the source's expiry) is
            // decided here, on what the catalog says now, not when the dialog opened.
            QList<Prepared> prepared;
            for (Replication::CopyRequest& request : requests) {
                request.expireDays = 0;
                auto target = replication.prepareCopy(request);
                if (!target) {
                    return inRegion(request, target.error());
                }
                prepared << Prepared {target.value(), request.mirrored ? 0 : chosenDays};
            }
            QStringList created;
            for (qsizetype i = 0; i < prepared.size(); ++i) {
                if (prepared.at(i).target.id != 0) {
                    continue;
                }
                const Replication::CopyRequest& request = requests.at(i);
                auto made = replication.createTarget(request.sourceVault, request.vault, request.region, {}, key);
                if (!made) {
                    // All or nothing: the empty vaults made for the other regions go again.
                    for (const QString& vault : std::as_const(created)) {
                        (void)vaults.remove(vault);
                    }
                    return inRegion(request, made.error());
                }
                created << made->name;
                prepared[i].target = made.value();
            }
            return prepared;
        },
        [this](const Core::Result<QList<Prepared>>& prepared) {
            setBusy(false);
            m_vaults.reload();
            if (!prepared) {
                m_message->showError(prepared.error().message(), nullptr);
                validateFields();
                return;
            }
            m_targets.clear();
            for (const Prepared& p : prepared.value()) {
                m_targets << p.target;
                m_preparedDays.insert(p.target.region, p.expireDays);
            }
            QDialog::accept();
        });
}

void CreateReplicaDialog::reject()
{
    if (!m_busy) {
        QDialog::reject();
    }
}
