#include "ui/dialogs/RestoreDialog.h"

#include "ui/FileDialog.h"
#include "ui/widgets/MessageWidget.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

RestoreDialog::RestoreDialog(const Vaults::VaultRecord& vault, const Vaults::PointRecord& point, QWidget* parent)
    : QDialog(parent)
    , m_vault(vault)
    , m_message(new MessageWidget(this))
    , m_target(new QLineEdit(this))
    , m_overwrite(new QCheckBox(tr("&Overwrite existing files"), this))
    , m_paths(new QPlainTextEdit(this))
    , m_passphrase(new QLineEdit(this))
{
    setObjectName(QStringLiteral("restoreDialog"));
    setWindowTitle(tr("Restore point %1").arg(point.id));
    m_message->setObjectName(QStringLiteral("restoreMessage"));
    m_target->setObjectName(QStringLiteral("targetEdit"));
    m_target->setPlaceholderText(tr("Folder to restore into (created if missing)"));
    auto* browseButton = new QPushButton(QIcon(QStringLiteral(":/icons/folder.svg")), tr("&Browse…"), this);
    browseButton->setObjectName(QStringLiteral("browseTargetButton"));
    m_overwrite->setObjectName(QStringLiteral("overwriteCheck"));
    auto* overwriteHint = new QLabel(
        tr("Off: if a file to restore already exists in the target folder, the restore stops and names it; nothing "
           "existing is changed. On: such files are replaced by the point's version. Other files in the folder are "
           "never deleted."),
        this);
    overwriteHint->setObjectName(QStringLiteral("overwriteHint"));
    overwriteHint->setWordWrap(true);
    overwriteHint->setForegroundRole(QPalette::PlaceholderText);
    m_paths->setObjectName(QStringLiteral("pathsEdit"));
    m_paths->setPlaceholderText(tr("Optional: paths inside the point, one per line (a folder restores everything "
                                   "under it). Empty: the whole point."));
    m_paths->setFixedHeight(m_paths->fontMetrics().height() * 5);
    m_passphrase->setObjectName(QStringLiteral("passphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);

    auto* target = new QHBoxLayout;
    target->addWidget(m_target, 1);
    target->addWidget(browseButton);
    auto* overwrite = new QVBoxLayout;
    overwrite->setSpacing(2);
    overwrite->addWidget(m_overwrite);
    overwrite->addWidget(overwriteHint);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("From:"), new QLabel(tr("%1 of %2, made %3")
                                             .arg(QDir::toNativeSeparators(point.source), vault.name,
                                                  point.created.toLocalTime().toString(Qt::ISODate)),
                                         this));
    form->addRow(tr("&Target folder:"), target);
    form->addRow(QString(), overwrite);
    form->addRow(tr("&Paths:"), m_paths);
    if (vault.encryption == QLatin1String("customer")) {
        form->addRow(tr("P&assphrase:"), m_passphrase);
    } else {
        m_passphrase->hide();
    }

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Restore"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(600);

    connect(buttons, &QDialogButtonBox::accepted, this, &RestoreDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &RestoreDialog::reject);
    connect(browseButton, &QPushButton::clicked, this, &RestoreDialog::browse);
}

RestoreDialog::~RestoreDialog() = default;

QString RestoreDialog::targetFolder() const
{
    return QDir::fromNativeSeparators(m_target->text().trimmed());
}

bool RestoreDialog::overwrite() const
{
    return m_overwrite->isChecked();
}

QStringList RestoreDialog::paths() const
{
    QStringList paths;
    const QStringList lines = m_paths->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (!line.trimmed().isEmpty()) {
            paths << QDir::fromNativeSeparators(line.trimmed());
        }
    }
    return paths;
}

Backup::KeySource RestoreDialog::key() const
{
    if (m_vault.encryption != QLatin1String("customer")) {
        return {};
    }
    return Backup::KeySource::passphrase(m_passphrase->text().toUtf8());
}

void RestoreDialog::browse()
{
    const QString path = FileDialog::existingDirectory(this, tr("Choose the folder to restore into"), m_target->text());
    if (!path.isEmpty()) {
        m_target->setText(QDir::toNativeSeparators(path));
    }
}

void RestoreDialog::accept()
{
    const QString target = targetFolder();
    if (target.isEmpty()) {
        m_message->showMessage(tr("Choose the folder to restore into."), MessageWidget::Type::Error);
        m_target->setFocus();
        return;
    }
    if (QFileInfo(target).exists() && !QFileInfo(target).isDir()) {
        m_message->showMessage(tr("%1 is a file, not a folder.").arg(QDir::toNativeSeparators(target)),
                               MessageWidget::Type::Error);
        m_target->setFocus();
        return;
    }
    if (m_vault.encryption == QLatin1String("customer") && m_passphrase->text().isEmpty()) {
        m_message->showMessage(tr("Enter the passphrase of vault %1.").arg(m_vault.name), MessageWidget::Type::Error);
        m_passphrase->setFocus();
        return;
    }
    QDialog::accept();
}
