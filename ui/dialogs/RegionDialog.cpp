#include "ui/dialogs/RegionDialog.h"
#include "ui_RegionDialog.h"

#include "backend/regions/RegionService.h"
#include "backend/regions/S3Location.h"
#include "models/Continents.h"
#include "ui/FileDialog.h"
#include "ui/RegionCheckRunner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QPushButton>
#include <QSpinBox>

#include <functional>
#include <utility>

namespace {

// Provider ids are data, not prose: shown as they are stored.
QStringList knownProviders()
{
    return {QStringLiteral("local"),  QStringLiteral("aws"),    QStringLiteral("gcp"),     QStringLiteral("azure"),
            QStringLiteral("aliyun"), QStringLiteral("huawei"), QStringLiteral("tencent"), QStringLiteral("minio")};
}

QString defaultProvider(const QString& kind)
{
    return kind == Regions::Region::kindS3() ? QStringLiteral("aws") : QStringLiteral("local");
}

const QString kDefaultSigningRegion = QStringLiteral("us-east-1");
// The S3 store's defaults (Storage::S3Config); a setting equal to them is not stored.
constexpr int kDefaultPartMiB = 8;
constexpr int kDefaultMaxRequests = 4;
constexpr qint64 kMiB = 1024 * 1024;

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

MessageWidget* RegionDialog::messageWidget() const
{
    return m_ui->messageWidget;
}

void RegionDialog::setupForm()
{
    m_ui->setupUi(this);
    m_ui->messageWidget->hideMessage();
    m_ui->browseButton->setIcon(QIcon(QStringLiteral(":/icons/folder.svg")));
    m_ui->s3CaBrowseButton->setIcon(QIcon(QStringLiteral(":/icons/folder.svg")));
    m_ui->testConnectionButton->setIcon(QIcon(QStringLiteral(":/icons/test.svg")));
    for (QLabel* hint : {m_ui->folderHint, m_ui->s3KeysHint}) {
        hint->setForegroundRole(QPalette::PlaceholderText);
    }

    m_ui->providerCombo->addItems(knownProviders());
    const QStringList continents = Continents::names();
    for (const QString& continent : continents) {
        m_ui->continentCombo->addItem(Continents::displayName(continent), continent);
    }
    m_ui->continentCombo->setCurrentIndex(m_ui->continentCombo->findData(QStringLiteral("Europe")));

    m_ui->s3SigningRegionEdit->setText(kDefaultSigningRegion);
    m_ui->s3AddressingCombo->addItem(tr("Virtual-hosted: https://bucket.host/key (AWS and most clouds)"), false);
    m_ui->s3AddressingCombo->addItem(tr("Path-style: https://host/bucket/key (MinIO, Ceph, most self-hosted stores)"),
                                     true);
    m_ui->testStepsLabel->hide();
    addTransferRows();
    alignFormLabels();

    m_check = new RegionCheckRunner(this);
    connect(m_check, &RegionCheckRunner::stepFinished, this, &RegionDialog::checkStepFinished);
    connect(m_check, &RegionCheckRunner::finished, this, &RegionDialog::checkFinished);
    setupKinds();

    connect(m_ui->browseButton, &QPushButton::clicked, this, &RegionDialog::browseFolder);
    connect(m_ui->s3CaBrowseButton, &QPushButton::clicked, this, &RegionDialog::browseCaFile);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &RegionDialog::testConnection);
    connect(m_ui->kindCombo, &QComboBox::currentIndexChanged, this, &RegionDialog::kindChanged);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &RegionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &RegionDialog::reject);
    // A message about the old input goes away as soon as the user changes it.
    for (QLineEdit* edit : {m_ui->nameEdit, m_ui->displayNameEdit, m_ui->folderEdit, m_ui->priceSheetEdit}) {
        connect(edit, &QLineEdit::textEdited, m_ui->messageWidget, &MessageWidget::hideMessage);
    }
    // A passed test no longer speaks for changed S3 settings or keys.
    for (QLineEdit* edit : {m_ui->s3EndpointEdit, m_ui->s3BucketEdit, m_ui->s3PrefixEdit, m_ui->s3SigningRegionEdit,
                            m_ui->s3CaFileEdit, m_ui->s3AccessKeyEdit, m_ui->s3SecretKeyEdit}) {
        connect(edit, &QLineEdit::textChanged, this, &RegionDialog::s3InputChanged);
    }
    connect(m_ui->s3AddressingCombo, &QComboBox::currentIndexChanged, this, &RegionDialog::s3InputChanged);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(m_isNew ? tr("&Add") : tr("&Save"));
    resize(sizeHint().expandedTo(QSize(620, 0)));
}

void RegionDialog::addTransferRows()
{
    m_partSizeSpin = new QSpinBox(m_ui->s3Page);
    m_partSizeSpin->setObjectName(QStringLiteral("s3PartSizeSpin"));
    m_partSizeSpin->setRange(5, 5120); // S3's multipart limits: 5 MiB to 5 GiB a part
    m_partSizeSpin->setValue(kDefaultPartMiB);
    m_partSizeSpin->setSuffix(tr(" MiB"));
    m_partSizeSpin->setToolTip(
        tr("Objects larger than this are uploaded in parts of this size (S3 multipart upload)."));
    m_maxRequestsSpin = new QSpinBox(m_ui->s3Page);
    m_maxRequestsSpin->setObjectName(QStringLiteral("s3MaxRequestsSpin"));
    m_maxRequestsSpin->setRange(1, 64);
    m_maxRequestsSpin->setValue(kDefaultMaxRequests);
    m_maxRequestsSpin->setToolTip(tr("How many requests Crossvault sends to this store at a time."));
    m_limitRateSpin = new QDoubleSpinBox(m_ui->s3Page);
    m_limitRateSpin->setObjectName(QStringLiteral("s3LimitRateSpin"));
    m_limitRateSpin->setRange(0, 100000);
    m_limitRateSpin->setDecimals(2);
    m_limitRateSpin->setSuffix(tr(" MB/s"));
    m_limitRateSpin->setSpecialValueText(tr("Unlimited"));
    m_limitRateSpin->setToolTip(
        tr("Upper bound of the bandwidth all transfers to and from this region share (1 MB = 10^6 bytes)."));
    int row = m_ui->s3Layout->rowCount();
    QFormLayout::ItemRole role = QFormLayout::FieldRole;
    m_ui->s3Layout->getWidgetPosition(m_ui->s3KeysHint, &row, &role);
    m_ui->s3Layout->insertRow(row, tr("Part size:"), m_partSizeSpin);
    m_ui->s3Layout->insertRow(row + 1, tr("Parallel requests:"), m_maxRequestsSpin);
    m_ui->s3Layout->insertRow(row + 2, tr("Bandwidth limit:"), m_limitRateSpin);
}

void RegionDialog::loadTransfer(const QJsonObject& settings)
{
    m_partSizeSpin->setValue(int(settings.value(QStringLiteral("partSize")).toInteger(kDefaultPartMiB * kMiB) / kMiB));
    m_maxRequestsSpin->setValue(settings.value(QStringLiteral("maxParallel")).toInt(kDefaultMaxRequests));
    m_limitRateSpin->setValue(double(settings.value(QStringLiteral("bandwidthLimit")).toInteger(0)) / 1e6);
    m_loadedPartMiB = m_partSizeSpin->value();
    m_loadedMaxRequests = m_maxRequestsSpin->value();
    m_loadedLimitRate = m_limitRateSpin->value();
}

void RegionDialog::applyTransfer(QJsonObject& settings) const
{
    const auto set = [&settings](const QString& key, qint64 value, bool isDefault) {
        if (isDefault) {
            settings.remove(key);
        } else {
            settings.insert(key, value);
        }
    };
    // A new region takes every field; an edit only the fields the operator changed.
    if (m_isNew || m_partSizeSpin->value() != m_loadedPartMiB) {
        set(QStringLiteral("partSize"), qint64(m_partSizeSpin->value()) * kMiB,
            m_partSizeSpin->value() == kDefaultPartMiB);
    }
    if (m_isNew || m_maxRequestsSpin->value() != m_loadedMaxRequests) {
        set(QStringLiteral("maxParallel"), m_maxRequestsSpin->value(),
            m_maxRequestsSpin->value() == kDefaultMaxRequests);
    }
    if (m_isNew || m_limitRateSpin->value() != m_loadedLimitRate) {
        const qint64 rate = qRound64(m_limitRateSpin->value() * 1e6);
        set(QStringLiteral("bandwidthLimit"), rate, rate <= 0);
    }
}

void RegionDialog::setupKinds()
{
    m_ui->kindCombo->addItem(QIcon(QStringLiteral(":/icons/folder.svg")), tr("Local folder or NAS mount"),
                             Regions::Region::kindLocal());
    m_kindPages.insert(Regions::Region::kindLocal(), m_ui->localPage);
    m_ui->kindCombo->addItem(QIcon(QStringLiteral(":/icons/cloud.svg")), tr("S3-compatible bucket"),
                             Regions::Region::kindS3());
    m_kindPages.insert(Regions::Region::kindS3(), m_ui->s3Page);
    kindChanged();
}

void RegionDialog::kindChanged()
{
    const QString kind = m_ui->kindCombo->currentData().toString();
    if (QWidget* page = m_kindPages.value(kind)) {
        m_ui->kindStack->setCurrentWidget(page);
    }
    // The provider follows the kind until the user picks one of their own.
    if (m_isNew) {
        const QString other
            = kind == Regions::Region::kindS3() ? Regions::Region::kindLocal() : Regions::Region::kindS3();
        if (m_ui->providerCombo->currentText() == defaultProvider(other)) {
            m_ui->providerCombo->setCurrentText(defaultProvider(kind));
        }
    }
    // Pages of a QStackedWidget all claim the tallest page's height; only the current one should.
    for (QWidget* page : std::as_const(m_kindPages)) {
        page->setSizePolicy(QSizePolicy::Preferred,
                            page == m_ui->kindStack->currentWidget() ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    }
    m_ui->kindStack->adjustSize();
    m_ui->messageWidget->hideMessage();
    if (isVisible()) {
        adjustSize();
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

    // Name, kind and location identify the stored data; RegionService::update keeps them.
    m_ui->nameEdit->setReadOnly(true);
    m_ui->kindCombo->setEnabled(false);
    if (region.kind == Regions::Region::kindS3()) {
        const QJsonObject& s = region.settings;
        m_ui->s3EndpointEdit->setText(s.value(QStringLiteral("endpoint")).toString());
        m_ui->s3BucketEdit->setText(s.value(QStringLiteral("bucket")).toString());
        m_ui->s3PrefixEdit->setText(s.value(QStringLiteral("prefix")).toString());
        m_ui->s3SigningRegionEdit->setText(s.value(QStringLiteral("signingRegion")).toString(kDefaultSigningRegion));
        m_ui->s3AddressingCombo->setCurrentIndex(s.value(QStringLiteral("pathStyle")).toBool() ? 1 : 0);
        m_ui->s3CaFileEdit->setText(s.value(QStringLiteral("caFile")).toString());
        loadTransfer(s); // these stay editable
        for (QLineEdit* edit : {m_ui->s3EndpointEdit, m_ui->s3BucketEdit, m_ui->s3PrefixEdit, m_ui->s3SigningRegionEdit,
                                m_ui->s3CaFileEdit}) {
            edit->setReadOnly(true);
        }
        m_ui->s3AddressingCombo->setEnabled(false);
        m_ui->s3CaBrowseButton->setVisible(false);
        // The keys stay in the secret store; the fields only take replacements.
        const bool stored = m_service.hasStoredSecrets(region.name);
        const QString placeholder = stored ? tr("stored — leave blank to keep") : tr("missing — enter the key");
        m_ui->s3AccessKeyEdit->setPlaceholderText(placeholder);
        m_ui->s3SecretKeyEdit->setPlaceholderText(placeholder);
        m_ui->s3KeysHint->setText(tr("Endpoint, bucket and prefix of an existing region cannot change. Enter new keys "
                                     "only to replace the stored ones; they are tested before they are saved."));
    } else {
        m_ui->folderEdit->setText(region.location);
        m_ui->folderEdit->setReadOnly(true);
        m_ui->browseButton->setVisible(false);
        m_ui->folderHint->setText(tr("The name, kind and location of an existing region cannot change."));
    }
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
    if (!m_isNew) {
        // Kind, location and the S3 location settings are fixed; transfer settings may change.
        if (region.kind == Regions::Region::kindS3()) {
            applyTransfer(region.settings);
        }
        return region;
    }
    if (region.kind == Regions::Region::kindLocal()) {
        const QString folder = m_ui->folderEdit->text().trimmed();
        region.location = folder.isEmpty() ? folder : QDir::cleanPath(folder);
        region.settings = {};
    } else if (region.kind == Regions::Region::kindS3()) {
        QJsonObject settings {
            {QStringLiteral("endpoint"), m_ui->s3EndpointEdit->text().trimmed()},
            {QStringLiteral("bucket"), m_ui->s3BucketEdit->text().trimmed()},
            {QStringLiteral("prefix"), m_ui->s3PrefixEdit->text().trimmed()},
            {QStringLiteral("signingRegion"),
             m_ui->s3SigningRegionEdit->text().trimmed().isEmpty() ? kDefaultSigningRegion
                                                                   : m_ui->s3SigningRegionEdit->text().trimmed()},
            {QStringLiteral("pathStyle"), m_ui->s3AddressingCombo->currentData().toBool()},
        };
        if (const QString caFile = m_ui->s3CaFileEdit->text().trimmed(); !caFile.isEmpty()) {
            settings.insert(QStringLiteral("caFile"), QDir::cleanPath(caFile));
        }
        applyTransfer(settings);
        region.settings = settings;
        region.location = Regions::S3Location::locationOf(settings);
    }
    return region;
}

Regions::RegionSecrets RegionDialog::enteredSecrets() const
{
    // Keys are ASCII in every S3 implementation; trimming drops a pasted newline.
    return {m_ui->s3AccessKeyEdit->text().trimmed().toUtf8(), m_ui->s3SecretKeyEdit->text().trimmed().toUtf8()};
}

bool RegionDialog::keysEntered() const
{
    const Regions::RegionSecrets entered = enteredSecrets();
    return !entered.accessKey.isEmpty() || !entered.secretKey.isEmpty();
}

Regions::RegionSecrets RegionDialog::secretsForCheck() const
{
    Regions::RegionSecrets secrets = enteredSecrets();
    if (!m_isNew && (secrets.accessKey.isEmpty() || secrets.secretKey.isEmpty())) {
        // Reading the secret store is a small local file read, like the Regions page's test.
        if (const Core::Result<Regions::RegionSecrets> stored = m_service.secretsFor(m_original.name)) {
            if (secrets.accessKey.isEmpty()) {
                secrets.accessKey = stored->accessKey;
            }
            if (secrets.secretKey.isEmpty()) {
                secrets.secretKey = stored->secretKey;
            }
        }
    }
    return secrets;
}

QByteArray RegionDialog::fingerprint(const Regions::Region& region, const Regions::RegionSecrets& secrets) const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(region.kind.toUtf8());
    hash.addData(region.location.toUtf8());
    // Transfer settings do not change whether the store answers: a passed test still holds.
    QJsonObject where = region.settings;
    for (const QString& key : Regions::S3Location::transferKeys()) {
        where.remove(key);
    }
    hash.addData(QJsonDocument(where).toJson(QJsonDocument::Compact));
    for (const QByteArray& key : {secrets.accessKey, secrets.secretKey}) {
        hash.addData(QByteArray(QByteArray::number(key.size()) + ':' + key));
    }
    return hash.result();
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

void RegionDialog::browseCaFile()
{
    const QString start = m_ui->s3CaFileEdit->text().isEmpty() ? QDir::homePath() : m_ui->s3CaFileEdit->text();
    const QString file = FileDialog::openFileName(this, tr("Choose the CA bundle of the S3 endpoint"), start,
                                                  tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!file.isEmpty()) {
        m_ui->s3CaFileEdit->setText(QDir::toNativeSeparators(file));
        m_ui->messageWidget->hideMessage();
    }
}

void RegionDialog::s3InputChanged()
{
    if (m_busy) {
        return;
    }
    m_checkedFingerprint.clear();
    m_ui->messageWidget->hideMessage();
    if (m_testState != TestState::NotRun) {
        m_testState = TestState::NotRun;
        m_testSteps.clear();
        m_testStepOk.clear();
        m_ui->testStatusLabel->clear();
        m_ui->testStepsLabel->hide();
        alignFormLabels();
    }
}

void RegionDialog::setBusy(bool busy, const QString& message)
{
    m_busy = busy;
    m_ui->generalGroup->setEnabled(!busy);
    m_ui->storageGroup->setEnabled(!busy);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    // Cancel stays enabled: closing the dialog abandons the check (its result is dropped).
    if (busy) {
        m_ui->messageWidget->showMessage(message, MessageWidget::Type::Information);
        setCursor(Qt::BusyCursor);
    } else {
        m_ui->messageWidget->hideMessage();
        unsetCursor();
    }
}

bool RegionDialog::checkForm(const Regions::Region& region)
{
    const bool s3 = region.kind == Regions::Region::kindS3();
    // Field by field for S3, so the message's field gets the focus.
    if (s3 && m_isNew) {
        using Check = std::pair<Core::Status, QWidget*>;
        const QJsonObject& s = region.settings;
        const Check checks[] = {
            {Regions::S3Location::checkEndpoint(s.value(QStringLiteral("endpoint")).toString()), m_ui->s3EndpointEdit},
            {Regions::S3Location::checkBucket(s.value(QStringLiteral("bucket")).toString()), m_ui->s3BucketEdit},
            {Regions::S3Location::checkPrefix(s.value(QStringLiteral("prefix")).toString()), m_ui->s3PrefixEdit},
            {Regions::S3Location::checkSigningRegion(s.value(QStringLiteral("signingRegion")).toString()),
             m_ui->s3SigningRegionEdit},
        };
        // General fields come first on the form, so their problems are shown first.
        if (const Core::Status valid = m_service.validate(region, m_isNew); !valid) {
            QWidget* field = nullptr;
            for (const Check& check : checks) {
                if (!check.first && check.first.error().message() == valid.error().message()) {
                    field = check.second;
                }
            }
            m_ui->messageWidget->showError(valid.error().message(), field);
            return false;
        }
        const Regions::RegionSecrets keys = enteredSecrets();
        if (keys.accessKey.isEmpty()) {
            m_ui->messageWidget->showError(
                tr("Access key ID: enter the access key ID of an account that may use the bucket."),
                m_ui->s3AccessKeyEdit);
            return false;
        }
        if (keys.secretKey.isEmpty()) {
            m_ui->messageWidget->showError(
                tr("Secret key: enter the secret access key that belongs to the access key ID."),
                m_ui->s3SecretKeyEdit);
            return false;
        }
        return true;
    }
    if (const Core::Status valid = m_service.validate(region, m_isNew); !valid) {
        m_ui->messageWidget->showError(valid.error().message());
        return false;
    }
    if (s3 && !m_service.hasStoredSecrets(region.name)) {
        const Regions::RegionSecrets keys = enteredSecrets();
        if (keys.accessKey.isEmpty() || keys.secretKey.isEmpty()) {
            m_ui->messageWidget->showError(
                tr("The keys of this region are missing from the workspace; enter both keys."),
                keys.accessKey.isEmpty() ? m_ui->s3AccessKeyEdit : m_ui->s3SecretKeyEdit);
            return false;
        }
    }
    return true;
}

void RegionDialog::testConnection()
{
    if (m_busy) {
        return;
    }
    Regions::Region region = regionFromForm();
    if (region.name.isEmpty()) {
        region.name = tr("new region"); // names the region in messages only; not saved
    }
    if (m_isNew) {
        // Only what the connection needs must be valid: the name may still be empty.
        const QJsonObject& s = region.settings;
        using Check = std::pair<Core::Status, QWidget*>;
        const Check checks[] = {
            {Regions::S3Location::checkEndpoint(s.value(QStringLiteral("endpoint")).toString()), m_ui->s3EndpointEdit},
            {Regions::S3Location::checkBucket(s.value(QStringLiteral("bucket")).toString()), m_ui->s3BucketEdit},
            {Regions::S3Location::checkPrefix(s.value(QStringLiteral("prefix")).toString()), m_ui->s3PrefixEdit},
            {Regions::S3Location::checkSigningRegion(s.value(QStringLiteral("signingRegion")).toString()),
             m_ui->s3SigningRegionEdit},
        };
        for (const Check& check : checks) {
            if (!check.first) {
                m_ui->messageWidget->showError(check.first.error().message(), check.second);
                return;
            }
        }
    }
    const Regions::RegionSecrets secrets = secretsForCheck();
    if (secrets.accessKey.isEmpty()) {
        m_ui->messageWidget->showError(
            tr("Access key ID: enter the access key ID of an account that may use the bucket."), m_ui->s3AccessKeyEdit);
        return;
    }
    if (secrets.secretKey.isEmpty()) {
        m_ui->messageWidget->showError(tr("Secret key: enter the secret access key that belongs to the access key ID."),
                                       m_ui->s3SecretKeyEdit);
        return;
    }
    startCheck(region, secrets, AfterCheck::Report);
}

void RegionDialog::startCheck(const Regions::Region& region, const Regions::RegionSecrets& secrets, AfterCheck after)
{
    m_afterCheck = after;
    m_pendingRegion = region;
    m_pendingSecrets = secrets;
    m_runningFingerprint = fingerprint(region, secrets);
    m_testSteps.clear();
    m_testStepOk.clear();
    m_testState = TestState::Running;
    if (region.kind == Regions::Region::kindS3()) {
        m_ui->testStatusLabel->setText(tr("Testing…"));
        renderSteps();
        setBusy(true, tr("Testing %1: writing, reading, listing and deleting a probe object…").arg(region.location));
    } else {
        setBusy(true, tr("Checking that %1 is reachable and writable…").arg(region.location));
    }
    m_check->start(region, secrets);
}

void RegionDialog::checkStepFinished(const QString& step, bool ok)
{
    m_testSteps.append((ok ? QStringLiteral("ok: ") : QStringLiteral("failed: ")) + step);
    m_testStepOk.append(ok);
    renderSteps();
}

void RegionDialog::renderSteps()
{
    QString html;
    for (int i = 0; i < m_testSteps.size(); ++i) {
        const QString step = m_testSteps.at(i).section(QStringLiteral(": "), 1);
        html += m_testStepOk.at(i) ? tr("<span style=\"color:#1e7b34\">&#10003; %1</span>").arg(step.toHtmlEscaped())
                                   : tr("<span style=\"color:#b3261e\">&#10007; %1</span>").arg(step.toHtmlEscaped());
        html += QStringLiteral("<br>");
    }
    if (m_testState == TestState::Running) {
        html += tr("<span style=\"color:#6b7785\">… waiting for the store</span>");
    }
    m_ui->testStepsLabel->setText(html);
    m_ui->testStepsLabel->setVisible(!html.isEmpty());
    growToFit();
}

void RegionDialog::growToFit()
{
    // New step lines must not be clipped; the dialog only grows, so it does not jump around.
    layout()->activate();
    const int needed = sizeHint().height();
    if (needed > height()) {
        resize(width(), needed);
    }
}

void RegionDialog::alignFormLabels()
{
    // The Region group, the Storage group and each kind page are separate form layouts; one
    // label width for all of them puts every field on the same left edge.
    const QList<QFormLayout*> forms = {m_ui->generalLayout, m_ui->storageLayout, m_ui->localLayout, m_ui->s3Layout};
    QList<QWidget*> labels;
    int width = 0;
    for (QFormLayout* form : forms) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget()) {
                labels.append(item->widget());
                width = qMax(width, item->widget()->sizeHint().width());
            }
        }
    }
    for (QWidget* label : std::as_const(labels)) {
        label->setMinimumWidth(width);
    }
}

void RegionDialog::checkFinished(bool ok, const QString& message)
{
    const Regions::Region region = std::exchange(m_pendingRegion, {});
    const Regions::RegionSecrets secrets = std::exchange(m_pendingSecrets, {});
    const QByteArray checked = std::exchange(m_runningFingerprint, {});
    m_testState = ok ? TestState::Passed : TestState::Failed;
    setBusy(false);
    renderSteps();
    if (!ok) {
        m_ui->testStatusLabel->setText(tr("<b style=\"color:#b3261e\">Failed.</b>"));
        m_ui->messageWidget->showError(message);
        return;
    }
    m_checkedFingerprint = checked;
    m_ui->testStatusLabel->setText(tr("<b style=\"color:#1e7b34\">Works.</b>"));
    if (m_afterCheck == AfterCheck::Save) {
        save(region, secrets);
        return;
    }
    m_ui->messageWidget->showMessage(
        tr("Connection works: Crossvault wrote, read, listed and deleted a probe object in %1.").arg(region.location),
        MessageWidget::Type::Positive);
}

void RegionDialog::accept()
{
    if (m_busy) {
        return;
    }
    const Regions::Region region = regionFromForm();
    if (!checkForm(region)) {
        return;
    }
    const bool s3 = region.kind == Regions::Region::kindS3();
    if (!m_isNew) {
        if (s3 && keysEntered()) {
            // New keys are tried before they replace working ones.
            const Regions::RegionSecrets secrets = secretsForCheck();
            if (fingerprint(region, secrets) == m_checkedFingerprint) {
                save(region, enteredSecrets());
            } else {
                startCheck(region, secrets, AfterCheck::Save);
            }
            return;
        }
        save(region, {}); // an edit of the metadata touches no storage
        return;
    }
    const Regions::RegionSecrets secrets = s3 ? enteredSecrets() : Regions::RegionSecrets {};
    if (s3 && fingerprint(region, secrets) == m_checkedFingerprint) {
        save(region, secrets); // "Test connection" just passed with exactly this
        return;
    }
    // Reachable and writable? That is I/O (a NAS or an endpoint can hang): ask a worker.
    startCheck(region, secrets, AfterCheck::Save);
}

void RegionDialog::save(const Regions::Region& region, const Regions::RegionSecrets& secrets)
{
    if (m_isNew) {
        // The location was checked on a worker just now: add() must not do it again here.
        const Core::Result<Regions::Region> added = m_service.add(region, secrets, Regions::LocationCheck::AlreadyDone);
        if (!added) {
            m_ui->messageWidget->showError(added.error().message());
            return;
        }
        m_savedName = added->name;
    } else {
        if (const Core::Status updated = m_service.update(region); !updated) {
            m_ui->messageWidget->showError(updated.error().message());
            return;
        }
        if (region.kind == Regions::Region::kindS3()
            && (!secrets.accessKey.isEmpty() || !secrets.secretKey.isEmpty())) {
            if (const Core::Status replaced = m_service.replaceSecrets(region.name, secrets); !replaced) {
                m_ui->messageWidget->showError(replaced.error().message());
                return;
            }
        }
        m_savedName = region.name;
    }
    forgetKeys();
    QDialog::accept();
}

void RegionDialog::forgetKeys()
{
    const QSignalBlocker accessBlocker(m_ui->s3AccessKeyEdit);
    const QSignalBlocker secretBlocker(m_ui->s3SecretKeyEdit);
    m_ui->s3AccessKeyEdit->clear();
    m_ui->s3SecretKeyEdit->clear();
    m_checkedFingerprint.clear();
}
