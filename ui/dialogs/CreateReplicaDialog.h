#pragma once

#include "backend/replication/CopyJob.h"
#include "backend/vault/KeySource.h"
#include "backend/vaults/PointRecord.h"
#include "backend/vaults/VaultRecord.h"

#include <QDialog>
#include <QHash>
#include <QList>

class CopyPreviewLabel;
class MessageWidget;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
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

// Creates replicas (backup copies) of one point in one or more other regions: the
// destination regions, ticked in a list (regions already holding a replica of the point are
// disabled with the reason), a name (1–64 letters, digits, '_' or '-', checked as typed), a
// description (at most 255 characters) and an expiry (kept until deleted by default, or
// after N days). Shows what each copy would move and cost. The target vaults (the source's
// replica in each region) are resolved, and created when missing, on a worker; the page
// then runs one copy job per region.
class CreateReplicaDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateReplicaDialog)

public:
    CreateReplicaDialog(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults,
                        const Vaults::VaultRecord& source, const Vaults::PointRecord& point, QWidget* parent = nullptr);
    ~CreateReplicaDialog() override;

    // Valid after the dialog was accepted: one vault per chosen region.
    const QList<Vaults::VaultRecord>& targets() const { return m_targets; }
    // The options of the copy into region: a region holding the source's replication target
    // follows the source's expiry, so no expiry of its own.
    Replication::ReplicaOptions options(const QString& region) const;
    Backup::KeySource key() const;
    // Regions ticked in the list, in its order.
    QStringList chosenRegions() const;
    void setRegionChosen(const QString& region, bool chosen);
    bool isRegionAvailable(const QString& region) const;

    MessageWidget* messageWidget() const { return m_message; }
    QLabel* nameError() const { return m_nameError; }
    CopyPreviewLabel* preview() const { return m_preview; }

    void accept() override;
    void reject() override;

private:
    void regionsChanged();
    // Inline check of name and description; returns the problem, empty when fine.
    QString validateFields();
    void setBusy(bool busy);
    void updateExpiryFields();

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    Vaults::VaultService& m_vaults;
    Vaults::VaultRecord m_source;
    Vaults::PointRecord m_point;
    MessageWidget* m_message = nullptr;
    QListWidget* m_regionList = nullptr;
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
    struct Prepared
    {
        Vaults::VaultRecord target;
        int expireDays = 0;
    };
    QList<Vaults::VaultRecord> m_targets;
    // Region -> the expiry its copy gets, as decided when the copies were prepared.
    QHash<QString, int> m_preparedDays;
    bool m_busy = false;
    // Region -> the source's replication target there: a copy into it follows the source's expiry.
    QHash<QString, QString> m_linkTargets;
};
