#pragma once

#include "backend/vault/KeySource.h"
#include "backend/vaults/PointRecord.h"
#include "backend/vaults/VaultRecord.h"

#include <QDialog>

class MessageWidget;
class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

// Where to restore a point: the target folder, whether existing files are overwritten
// (explained next to the checkbox), optionally only some paths, and for a customer-key
// vault its passphrase. The restore itself runs as a job.
class RestoreDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestoreDialog)

public:
    RestoreDialog(const Vaults::VaultRecord& vault, const Vaults::PointRecord& point, QWidget* parent = nullptr);
    ~RestoreDialog() override;

    QString targetFolder() const;
    bool overwrite() const;
    QStringList paths() const;
    Backup::KeySource key() const;
    MessageWidget* messageWidget() const { return m_message; }

    void accept() override;

private:
    void browse();

    Vaults::VaultRecord m_vault;
    MessageWidget* m_message = nullptr;
    QLineEdit* m_target = nullptr;
    QCheckBox* m_overwrite = nullptr;
    QPlainTextEdit* m_paths = nullptr;
    QLineEdit* m_passphrase = nullptr;
};
