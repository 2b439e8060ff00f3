#pragma once

#include "backend/replication/CopyJob.h"
#include "backend/vault/KeySource.h"
#include "backend/vaults/PointRecord.h"
#include "backend/vaults/VaultRecord.h"

#include <QDialog>

class CopyPreviewLabel;
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

// Creates a replica (a backup copy) of one point in another region: the destination region
// (regions already holding a replica of the point are disabled with the reason), a name
// (1–64 letters, digits, '_' or '-', checked as typed), a description (at most 255
// characters) and an expiry (kept until deleted by default, or after N days). Shows what
// the copy would move and cost. The target vault (the source's replica in the region) is
// resolved, and created when missing, on a worker; the page then runs the copy job.
class CreateReplicaDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateReplicaDialog)

public:
    CreateReplicaDialog(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults,
                        const Vaults::VaultRecord& source, const Vaults::PointRecord& point, QWidget* parent = nullptr);
    ~CreateReplicaDialog() override;

    // Valid after the dialog was accepted.
    const Vaults::VaultRecord& target() const { return m_target; }
    Replication::ReplicaOptions options() const;
    Backup::KeySource key() const;

    MessageWidget* messageWidget() const { return m_message; }
    QLabel* nameError() const { return m_nameError; }
    CopyPreviewLabel* preview() const { return m_preview; }

    void accept() override;
    void reject() override;

private:
    void regionChanged();
    // Inline check of name and description; returns the problem, empty when fine.
    QString validateFields();
    void showError(const QString& message, QWidget* field);
    void setBusy(bool busy);
    void updateExpiryFields();

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    Vaults::VaultService& m_vaults;
    Vaults::VaultRecord m_source;
    Vaults::PointRecord m_point;
    MessageWidget* m_message = nullptr;
    QComboBox* m_region = nullptr;
    QLabel* m_regionHint = nullptr;
    QLineEdit* m_name = nullptr;
    QLabel* m_nameError = nullptr;
    QLineEdit* m_description = nullptr;
    QRadioButton* m_keep = nullptr;
    QRadioButton* m_expire = nullptr;
    QSpinBox* m_days = nullptr;
    QLabel* m_expiryHint = nullptr;
    QLineEdit* m_passphrase = nullptr;
    CopyPreviewLabel* m_preview = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    Vaults::VaultRecord m_target;
    bool m_busy = false;
    // The region holds the source's replication target: the copy follows the source's expiry.
    bool m_mirrored = false;
};
