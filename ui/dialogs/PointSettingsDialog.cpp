#include "ui/dialogs/PointSettingsDialog.h"

#include "backend/core/Units.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

PointSettingsDialog::PointSettingsDialog(const QString& vault, const Vaults::PointRecord& point, QWidget* parent)
    : QDialog(parent)
    , m_point(point)
    , m_tier(new QComboBox(this))
    , m_tierHint(new QLabel(this))
    , m_keep(new QRadioButton(tr("&Keep until deleted"), this))
    , m_expire(new QRadioButton(tr("E&xpire at the end of"), this))
    , m_date(new QDateEdit(this))
    , m_expiryHint(new QLabel(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("pointSettingsDialog"));
    setWindowTitle(tr("Tier and expiry of point %1").arg(point.id));
    auto* about
        = new QLabel(tr("Point %1 of vault %2, made %3 from %4 (%5).")
                         .arg(point.id, vault, QLocale().toString(point.created.toLocalTime(), QLocale::ShortFormat),
                              point.source, Core::formatBytes(point.logicalBytes)),
                     this);
    about->setWordWrap(true);

    m_tier->setObjectName(QStringLiteral("tierCombo"));
    m_tier->addItem(tr("Standard"), QStringLiteral("standard"));
    m_tier->addItem(tr("Archive"), QStringLiteral("archive"));
    m_tier->setCurrentIndex(qMax(0, m_tier->findData(point.tier)));
    for (QLabel* hint : {m_tierHint, m_expiryHint}) {
        hint->setWordWrap(true);
        hint->setForegroundRole(QPalette::PlaceholderText);
    }

    m_keep->setObjectName(QStringLiteral("keepRadio"));
    m_expire->setObjectName(QStringLiteral("expireRadio"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_keep);
    group->addButton(m_expire);
    m_date->setObjectName(QStringLiteral("expiryDateEdit"));
    m_date->setCalendarPopup(true);
    // Not before today, unless the point already expired earlier (then its date stays shown).
    const QDate today = QDate::currentDate();
    m_date->setMinimumDate(point.expires.isValid() ? qMin(today, point.expires.toLocalTime().date()) : today);
    if (point.expires.isValid()) {
        m_expire->setChecked(true);
        m_date->setDate(point.expires.toLocalTime().date());
    } else {
        m_keep->setChecked(true);
        m_date->setDate(QDate::currentDate().addDays(30));
    }
    m_error->setObjectName(QStringLiteral("pointSettingsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    auto* expireRow = new QHBoxLayout;
    expireRow->addWidget(m_expire);
    expireRow->addWidget(m_date);
    expireRow->addStretch();
    auto* expiry = new QVBoxLayout;
    expiry->setSpacing(4);
    expiry->addWidget(m_keep);
    expiry->addLayout(expireRow);
    expiry->addWidget(m_expiryHint);
    auto* tier = new QVBoxLayout;
    tier->setSpacing(4);
    tier->addWidget(m_tier);
    tier->addWidget(m_tierHint);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto* tierLabel = new QLabel(tr("&Tier:"), this);
    tierLabel->setBuddy(m_tier); // a row of a layout gets no buddy of its own
    form->addRow(tierLabel, tier);
    form->addRow(tr("Expiry:"), expiry);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Apply"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    connect(m_tier, &QComboBox::currentIndexChanged, this, &PointSettingsDialog::updateHints);
    connect(m_expire, &QRadioButton::toggled, this, &PointSettingsDialog::updateHints);
    connect(m_date, &QDateEdit::dateChanged, this, &PointSettingsDialog::updateHints);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PointSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PointSettingsDialog::reject);
    updateHints();
}

PointSettingsDialog::~PointSettingsDialog() = default;

QString PointSettingsDialog::tier() const
{
    return m_tier->currentData().toString();
}

QDateTime PointSettingsDialog::expires() const
{
    if (!m_expire->isChecked()) {
        return {};
    }
    return QDateTime(m_date->date(), QTime(23, 59, 59)).toUTC();
}

bool PointSettingsDialog::tierChanged() const
{
    return tier() != m_point.tier;
}

bool PointSettingsDialog::expiryChanged() const
{
    const QDateTime chosen = expires();
    if (!chosen.isValid() || !m_point.expires.isValid()) {
        return chosen.isValid() != m_point.expires.isValid();
    }
    return chosen.toLocalTime().date() != m_point.expires.toLocalTime().date();
}

void PointSettingsDialog::updateHints()
{
    m_error->hide();
    m_date->setEnabled(m_expire->isChecked());
    m_tierHint->setText(tier() == QLatin1String("archive")
                            ? tr("Archive-tier points are not copied to other regions; copies of this point in "
                                 "replication targets are removed.")
                            : tr("Standard-tier points are copied to the vault's replication targets."));
    QString expiry = m_expire->isChecked()
        ? tr("The point is deleted after this day; copies in replication targets follow.")
        : tr("The point is kept until it is deleted; copies in replication targets follow.");
    if (m_point.locked) {
        expiry += QLatin1Char(' ') + tr("It is locked: its expiry can move later, not earlier.");
    }
    m_expiryHint->setText(expiry);
}

void PointSettingsDialog::accept()
{
    // A locked point keeps at least its current retention (the backend refuses it too).
    if (m_point.locked && m_point.expires.isValid() && expiryChanged() && expires().isValid()
        && expires() < m_point.expires) {
        m_error->setText(
            tr("Point %1 is locked until %2: choose that day or later, or keep it until deleted.")
                .arg(m_point.id, QLocale().toString(m_point.expires.toLocalTime().date(), QLocale::ShortFormat)));
        m_error->show();
        m_date->setFocus();
        return;
    }
    QDialog::accept();
}
