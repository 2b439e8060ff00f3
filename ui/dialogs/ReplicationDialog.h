#pragma once

#include "backend/vault/KeySource.h"
#include "backend/vaults/VaultRecord.h"

#include <QDialog>
#include <QStringList>

class CopyPreviewLabel;
class MessageWidget;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QWidget;

namespace Core {
class Workspace;
}
namespace Regions {
class RegionService;
}
namespace Vaults {
class VaultService;
}

// Configures backup vault replication of one source vault: the target region (a different
// one; regions that cannot take a target are disabled with the reason), then an eligible
// vault there or a new target vault (name, description, label; the encryption method is
// the source's, and the dialog says why). Shows what the initial sync would move and cost
// before the operator confirms. Creating the target and the link runs on a worker; the
// page then starts the initial sync (pointsToSync()) as a copy job.
class ReplicationDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplicationDialog)

public:
    ReplicationDialog(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults,
                      const Vaults::VaultRecord& source, QWidget* parent = nullptr);
    ~ReplicationDialog() override;

    // Valid after the dialog was accepted.
    const Vaults::VaultRecord& target() const { return m_target; }
    const QStringList& pointsToSync() const { return m_points; }
    // The source's passphrase for a customer-key vault (opens the target too); null otherwise.
    Backup::KeySource key() const;

    MessageWidget* messageWidget() const { return m_message; }
    CopyPreviewLabel* preview() const { return m_preview; }

    void accept() override;
    // Ignored while the target is being created.
    void reject() override;

private:
    void regionChanged();
    void vaultChanged();
    void loadCandidates(const QString& region);
    void updatePreview();
    QString newVaultName() const;
    void setBusy(bool busy);

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    Vaults::VaultService& m_vaults;
    Vaults::VaultRecord m_source;
    MessageWidget* m_message = nullptr;
    QComboBox* m_region = nullptr;
    QLabel* m_regionHint = nullptr;
    QComboBox* m_vault = nullptr;
    QLabel* m_vaultHint = nullptr;
    QWidget* m_newVaultBox = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_description = nullptr;
    QLineEdit* m_label = nullptr;
    QLineEdit* m_passphrase = nullptr;
    CopyPreviewLabel* m_preview = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    quint64 m_candidateGeneration = 0;
    Vaults::VaultRecord m_target;
    QStringList m_points;
    bool m_busy = false;
};
