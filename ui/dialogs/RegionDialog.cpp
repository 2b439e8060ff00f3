#include "ui/dialogs/RegionDialog.h"
#include "ui_RegionDialog.h"

#include "backend/regions/RegionService.h"
#include "models/Continents.h"
#include "ui/AsyncTask.h"
#include "ui/FileDialog.h"

#include <QDir>
#include <QPushButton>

namespace {

// Provider ids are data, not prose: shown as they are stored.
QStringList knownProviders()
{
    return {QStringLiteral("local"),  QStringLiteral("aws"),    QStringLiteral("gcp"),
            QStringLiteral("azure"),  QStringLiteral("aliyun"), QStringLiteral("huawei"),
            QStringLiteral("tencent"), QStringLiteral("minio")};
}

} // namespace

RegionDialog::RegionDialog(Regions::RegionService& service, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RegionDialog>())
    , m_service(service)
{
    setupForm();
    setWindowTitle(tr("Add region"));
    m_ui->providerCombo->setCurrentText(QStringLiteral("local"));
    m_ui->nameEdit->setFocus();
}

RegionDialog::RegionDialog(Regions::RegionService& service, const Regions::Region& region, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::RegionDialog>())
    , m_service(service)
    , m_original(region)
    , m_isNew(false)
{
    setupForm();
    setWindowTitle(tr("Edit region %1").arg(region.name));
    loadRegion(region);
    m_ui->displayNameEdit->setFocus();
}

RegionDialog::~RegionDialog() = default;

void RegionDialog::setupForm()
{
    m_ui->setupUi(this);
    m_ui->messageWidget->hideMessage();
    m_ui->browseButton->setIcon(QIcon(QStringLiteral(":/icons/folder.svg")));
    m_ui->folderHint->setForegroundRole(QPalette::PlaceholderText);

    m_ui->providerCombo->addItems(knownProviders());
    const QStringList continents = Continents::names();
    for (const QString& continent : continents) {
        m_ui->continentCombo->addItem(Continents::displayName(continent), continent);
    }
    m_ui->continentCombo->setCurrentIndex(m_ui->continentCombo->findData(QStringLiteral("Europe")));
    setupKinds();

    connect(m_ui->browseButton, &QPushButton::clicked, this, &RegionDialog::browseFolder);
    connect(m_ui->kindCombo, &QComboBox::currentIndexChanged, this, &RegionDialog::kindChanged);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &RegionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &RegionDialog::reject);
    // A message about the old input goes away as soon as the user changes it.
    for (QLineEdit* edit : {m_ui->nameEdit, m_ui->displayNameEdit, m_ui->folderEdit, m_ui->priceSheetEdit}) {
        connect(edit, &QLineEdit::textEdited, m_ui->messageWidget, &MessageWidget::hideMessage);
    }
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(m_isNew ? tr("&Add") : tr("&Save"));
    resize(sizeHint().expandedTo(QSize(560, 0)));
}

void RegionDialog::setupKinds()
{
    m_ui->kindCombo->addItem(QIcon(QStringLiteral(":/icons/folder.svg")), tr("Local folder or NAS mount"),
                             Regions::Region::kindLocal());
    m_kindPages.insert(Regions::Region::kindLocal(), m_ui->localPage);
    kindChanged();
}

void RegionDialog::kindChanged()
{
    if (QWidget* page = m_kindPages.value(m_ui->kindCombo->currentData().toString())) {
        m_ui->kindStack->setCurrentWidget(page);
    }
}

void RegionDialog::loadRegion(const Regions::Region& region)
{
    m_ui->nameEdit->setText(region.name);
    m_ui->displayNameEdit->setText(region.displayName);
    m_ui->providerCombo->setCurrentText(region.provider);
    int continent = m_ui->continentCombo->findData(region.continent);
    if (continent < 0 && !region.continent.isEmpty()) {
        m_ui->continentCombo->addItem(region.continent, region.continent);
        continent = m_ui->continentCombo->count() - 1;
    }
    m_ui->continentCombo->setCurrentIndex(continent);
    m_ui->priceSheetEdit->setText(region.priceSheet);
    int kind = m_ui->kindCombo->findData(region.kind);
    if (kind < 0) {
        m_ui->kindCombo->addItem(region.kind, region.kind);
        kind = m_ui->kindCombo->count() - 1;
    }
    m_ui->kindCombo->setCurrentIndex(kind);
    m_ui->folderEdit->setText(region.location);

    // Name, kind and location identify the stored data; RegionService::update keeps them.
    m_ui->nameEdit->setReadOnly(true);
    m_ui->kindCombo->setEnabled(false);
    m_ui->folderEdit->setReadOnly(true);
    m_ui->browseButton->setVisible(false);
    m_ui->folderHint->setText(tr("The name, kind and location of an existing region cannot change."));
}

Regions::Region RegionDialog::regionFromForm() const
{
    Regions::Region region = m_original;
    region.name = m_ui->nameEdit->text().trimmed();
    region.displayName = m_ui->displayNameEdit->text().trimmed();
    region.provider = m_ui->providerCombo->currentText().trimmed();
    region.continent = m_ui->continentCombo->currentData().toString();
    region.kind = m_ui->kindCombo->currentData().toString();
    region.priceSheet = m_ui->priceSheetEdit->text().trimmed();
    if (region.kind == Regions::Region::kindLocal()) {
        const QString folder = m_ui->folderEdit->text().trimmed();
        region.location = folder.isEmpty() ? folder : QDir::cleanPath(folder);
    }
    return region;
}

void RegionDialog::browseFolder()
{
    const QString start = m_ui->folderEdit->text().isEmpty() ? QDir::homePath() : m_ui->folderEdit->text();
    const QString folder = FileDialog::existingDirectory(this, tr("Choose the region's folder"), start);
    if (!folder.isEmpty()) {
        m_ui->folderEdit->setText(QDir::toNativeSeparators(folder));
        m_ui->messageWidget->hideMessage();
    }
}

void RegionDialog::showError(const QString& message)
{
    m_ui->messageWidget->showMessage(message, MessageWidget::Type::Error);
}

void RegionDialog::setBusy(bool busy, const QString& message)
{
    m_busy = busy;
    m_ui->generalGroup->setEnabled(!busy);
    m_ui->storageGroup->setEnabled(!busy);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy) {
        m_ui->messageWidget->showMessage(message, MessageWidget::Type::Information);
    } else {
        m_ui->messageWidget->hideMessage();
    }
}

void RegionDialog::accept()
{
    if (m_busy) {
        return;
    }
    const Regions::Region region = regionFromForm();
    if (const Core::Status valid = m_service.validate(region, m_isNew); !valid) {
        showError(valid.error().message());
        return;
    }
    if (!m_isNew) {
        save(region); // an edit touches no storage
        return;
    }
    // Reachable and writable? That is I/O (a NAS can hang): ask a worker, keep the GUI alive.
    setBusy(true, tr("Checking that %1 is reachable and writable…").arg(region.location));
    runThenCallback(
        this, [region] { return Regions::RegionService::checkLocation(region, {}); },
        [this, region](const Core::Status& checked) {
            setBusy(false);
            if (!checked) {
                showError(checked.error().message());
                return;
            }
            save(region);
        });
}

void RegionDialog::save(const Regions::Region& region)
{
    if (m_isNew) {
        const Core::Result<Regions::Region> added = m_service.add(region);
        if (!added) {
            showError(added.error().message());
            return;
        }
        m_savedName = added->name;
    } else {
        if (const Core::Status updated = m_service.update(region); !updated) {
            showError(updated.error().message());
            return;
        }
        m_savedName = region.name;
    }
    QDialog::accept();
}
