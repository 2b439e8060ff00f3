#pragma once

#include "backend/vaults/VaultRecord.h"

#include <QDialog>

class MessageWidget;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace Core {
class Workspace;
}
namespace Regions {
class RegionService;
}
namespace Vaults {
class VaultService;
}

// Creates a vault in a region: name, region, description, label and the encryption method
// (a managed key kept by the workspace, or the customer's passphrase, typed twice). Problems
// show inline; the creation itself (key derivation, the region's storage) runs on a worker.
class CreateVaultDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateVaultDialog)

public:
    CreateVaultDialog(Core::Workspace& workspace, Vaults::VaultService& vaults, Regions::RegionService& regions,
                      QWidget* parent = nullptr);
    ~CreateVaultDialog() override;

    // Valid after the dialog was accepted.
    const Vaults::VaultRecord& createdVault() const { return m_created; }
    MessageWidget* messageWidget() const { return m_message; }

    void accept() override;
    // Ignored while the vault is being created: the worker's result must reach the page.
    void reject() override;

private:
    void encryptionChanged();
    void setBusy(bool busy);

    Core::Workspace& m_workspace;
    Vaults::VaultService& m_vaults;
    MessageWidget* m_message = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_region = nullptr;
    QLineEdit* m_description = nullptr;
    QLineEdit* m_label = nullptr;
    QRadioButton* m_managed = nullptr;
    QRadioButton* m_customer = nullptr;
    QLabel* m_encryptionHint = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_confirm = nullptr;
    QSpinBox* m_compression = nullptr;
    QLabel* m_passphraseLabel = nullptr;
    QLabel* m_confirmLabel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    Vaults::VaultRecord m_created;
    bool m_busy = false;
};
