#pragma once

#include "backend/vault/KeySource.h"
#include "backend/vaults/VaultRecord.h"

#include <QDialog>

class MessageWidget;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;

// What to back up into a vault: a folder (with exclude patterns) or an SQLite database
// file, and for a customer-key vault its passphrase. Checks the source exists inline; the
// backup itself runs as a job.
class BackupDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupDialog)

public:
    explicit BackupDialog(const Vaults::VaultRecord& vault, QWidget* parent = nullptr);
    ~BackupDialog() override;

    bool isSqlite() const;
    QString sourcePath() const;
    QStringList excludePatterns() const;
    // The passphrase typed for a customer-key vault; null for managed vaults.
    Backup::KeySource key() const;
    MessageWidget* messageWidget() const { return m_message; }

    void accept() override;

private:
    void browse();
    void kindChanged();

    Vaults::VaultRecord m_vault;
    MessageWidget* m_message = nullptr;
    QRadioButton* m_folder = nullptr;
    QRadioButton* m_sqlite = nullptr;
    QLineEdit* m_source = nullptr;
    QPlainTextEdit* m_excludes = nullptr;
    QLineEdit* m_passphrase = nullptr;
};
