#include "ui/dialogs/BackupDialog.h"

#include "ui/FileDialog.h"
#include "ui/widgets/MessageWidget.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

BackupDialog::BackupDialog(const Vaults::VaultRecord& vault, QWidget* parent)
    : QDialog(parent)
    , m_vault(vault)
    , m_message(new MessageWidget(this))
    , m_folder(new QRadioButton(tr("A &folder"), this))
    , m_sqlite(new QRadioButton(tr("An &SQLite database file"), this))
    , m_source(new QLineEdit(this))
    , m_excludes(new QPlainTextEdit(this))
    , m_passphrase(new QLineEdit(this))
{
    setObjectName(QStringLiteral("backupDialog"));
    setWindowTitle(tr("Back up into vault %1").arg(vault.name));
    m_message->setObjectName(QStringLiteral("backupMessage"));
    m_folder->setObjectName(QStringLiteral("folderSourceRadio"));
    m_sqlite->setObjectName(QStringLiteral("sqliteSourceRadio"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_folder);
    group->addButton(m_sqlite);
    m_folder->setChecked(true);
    m_source->setObjectName(QStringLiteral("sourceEdit"));
    auto* browseButton = new QPushButton(QIcon(QStringLiteral(":/icons/folder.svg")), tr("&Browse…"), this);
    browseButton->setObjectName(QStringLiteral("browseSourceButton"));
    m_excludes->setObjectName(QStringLiteral("excludeEdit"));
    m_excludes->setPlaceholderText(tr("One pattern per line, e.g.\n*.tmp\ncache/"));
    m_excludes->setFixedHeight(m_excludes->fontMetrics().height() * 5);
    m_passphrase->setObjectName(QStringLiteral("passphraseEdit"));
    m_passphrase->setEchoMode(QLineEdit::Password);

    auto* kinds = new QVBoxLayout;
    kinds->setSpacing(4);
    kinds->addWidget(m_folder);
    kinds->addWidget(m_sqlite);
    auto* source = new QHBoxLayout;
    source->addWidget(m_source, 1);
    source->addWidget(browseButton);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Back up:"), kinds);
    form->addRow(tr("&Source:"), source);
    form->addRow(tr("&Exclude:"), m_excludes);
    if (vault.encryption == QLatin1String("customer")) {
        form->addRow(tr("&Passphrase:"), m_passphrase);
    } else {
        m_passphrase->hide();
    }
    auto* note = new QLabel(tr("The backup runs as a job: follow it below the vault list or on the Jobs page, "
                               "and cancel it there."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Back up"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    connect(buttons, &QDialogButtonBox::accepted, this, &BackupDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &BackupDialog::reject);
    connect(browseButton, &QPushButton::clicked, this, &BackupDialog::browse);
    connect(m_folder, &QRadioButton::toggled, this, &BackupDialog::kindChanged);
    kindChanged();
}

BackupDialog::~BackupDialog() = default;

bool BackupDialog::isSqlite() const
{
    return m_sqlite->isChecked();
}

QString BackupDialog::sourcePath() const
{
    return QDir::fromNativeSeparators(m_source->text().trimmed());
}

QStringList BackupDialog::excludePatterns() const
{
    QStringList patterns;
    const QStringList lines = m_excludes->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (!line.trimmed().isEmpty()) {
            patterns << line.trimmed();
        }
    }
    return patterns;
}

Backup::KeySource BackupDialog::key() const
{
    if (m_vault.encryption != QLatin1String("customer")) {
        return {};
    }
    return Backup::KeySource::passphrase(m_passphrase->text().toUtf8());
}

void BackupDialog::kindChanged()
{
    m_excludes->setEnabled(!isSqlite());
    m_source->setPlaceholderText(isSqlite() ? tr("The database file, e.g. /srv/app/data.sqlite")
                                            : tr("The folder to back up"));
}

void BackupDialog::browse()
{
    const QString path = isSqlite()
        ? FileDialog::openFileName(this, tr("Choose the SQLite database"), m_source->text(),
                                   tr("SQLite databases (*.sqlite *.sqlite3 *.db);;All files (*)"))
        : FileDialog::existingDirectory(this, tr("Choose the folder to back up"), m_source->text());
    if (!path.isEmpty()) {
        m_source->setText(QDir::toNativeSeparators(path));
    }
}

void BackupDialog::accept()
{
    const QString path = sourcePath();
    const QFileInfo info(path);
    if (path.isEmpty()) {
        m_message->showMessage(isSqlite() ? tr("Choose the SQLite database file to back up.")
                                          : tr("Choose the folder to back up."),
                               MessageWidget::Type::Error);
        m_source->setFocus();
        return;
    }
    if (!isSqlite() && !info.isDir()) {
        m_message->showMessage(tr("%1 is not a folder.").arg(QDir::toNativeSeparators(path)), MessageWidget::Type::Error);
        m_source->setFocus();
        return;
    }
    if (isSqlite() && !info.isFile()) {
        m_message->showMessage(tr("%1 is not a file.").arg(QDir::toNativeSeparators(path)), MessageWidget::Type::Error);
        m_source->setFocus();
        return;
    }
    if (m_vault.encryption == QLatin1String("customer") && m_passphrase->text().isEmpty()) {
        m_message->showMessage(tr("Enter the passphrase of vault %1.").arg(m_vault.name), MessageWidget::Type::Error);
        m_passphrase->setFocus();
        return;
    }
    QDialog::accept();
}
