#pragma once

#include "backend/jobs/JobRecord.h"
#include "backend/replication/CopyJob.h"
#include "backend/vaults/PointRecord.h"
#include "backend/vaults/VaultRecord.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QWidget>

#include <optional>

class JobProgressPanel;
class MessageWidget;
class PointModel;
class ReplicationModel;
class QLabel;
class QPushButton;
class QTableView;
class VaultModel;

namespace Core {
class Workspace;
}
namespace Jobs {
class JobRunner;
}
namespace Regions {
class RegionService;
}
namespace Vaults {
class VaultService;
}

// The workspace's vaults and the points of the selected one. Creates and deletes vaults,
// exports recovery keys, and starts backups, restores and checks as jobs on the JobRunner
// (followed in a progress panel with Cancel); storage work never runs on the GUI thread.
class VaultsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VaultsPage)

public:
    VaultsPage(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults,
               Jobs::JobRunner& runner, QWidget* parent = nullptr);

    VaultModel* vaultModel() const { return m_vaultModel; }
    PointModel* pointModel() const { return m_pointModel; }
    ReplicationModel* replicationModel() const { return m_replicationModel; }
    QTableView* replicationView() const { return m_replicationView; }
    QTableView* vaultView() const { return m_vaultView; }
    QTableView* pointView() const { return m_pointView; }
    MessageWidget* messageWidget() const { return m_message; }
    JobProgressPanel* progressPanel() const { return m_progress; }
    // The job started last from this page (0: none yet).
    qint64 lastJobId() const { return m_lastJob; }

    void selectVault(const QString& name);
    void selectPoint(const QString& id);

    void createVault();
    void exportRecoveryKey();
    void backUp();
    void restore();
    void check();
    void deletePoint();
    // Tier and expiry of the selected point (mirrored into its copies in replication targets).
    void editPoint();
    void deleteVault();
    void configureReplication();
    // Stops the selected target's replication (the only target when there is one).
    void stopReplication();
    void createReplica();

private:
    // Stops source -> target in a worker; offers a forced stop when the target region cannot be written.
    void runStopReplication(const QString& source, const QString& targetName, const QString& region, bool force);
    std::optional<Vaults::VaultRecord> selectedVault() const;
    std::optional<Vaults::PointRecord> selectedPoint() const;
    void vaultSelectionChanged();
    void updateActions();
    void updateRecoveryKeyBanner();
    void startJob(qint64 id, const QString& title);
    void jobFinished(qint64 id, const Jobs::JobOutcome& outcome);
    void exportRecoveryKeyOf(const QString& vault);
    // Submits a copy job from source into target (parentId > 0: chained after that job).
    Core::Result<qint64> submitCopy(const QString& source, const QString& target, const QStringList& points,
                                    const Backup::KeySource& key, qint64 parentId = 0,
                                    const Replication::ReplicaOptions& options = {});
    void updateReplicationPanel();

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    Vaults::VaultService& m_vaults;
    Jobs::JobRunner& m_runner;
    VaultModel* m_vaultModel = nullptr;
    PointModel* m_pointModel = nullptr;
    ReplicationModel* m_replicationModel = nullptr;
    QTableView* m_replicationView = nullptr;
    QLabel* m_replicationTitle = nullptr;
    QPushButton* m_configureReplicationButton = nullptr;
    QPushButton* m_stopReplicationButton = nullptr;
    QPushButton* m_createReplicaButton = nullptr;
    MessageWidget* m_message = nullptr;
    MessageWidget* m_keyBanner = nullptr;
    QTableView* m_vaultView = nullptr;
    QTableView* m_pointView = nullptr;
    QLabel* m_pointsTitle = nullptr;
    JobProgressPanel* m_progress = nullptr;
    QPushButton* m_createButton = nullptr;
    QPushButton* m_backupButton = nullptr;
    QPushButton* m_checkButton = nullptr;
    QPushButton* m_exportKeyButton = nullptr;
    QPushButton* m_deleteVaultButton = nullptr;
    QPushButton* m_restoreButton = nullptr;
    QPushButton* m_deletePointButton = nullptr;
    QPushButton* m_pointSettingsButton = nullptr;
    bool m_pointChanging = false; // a tier/expiry change runs on a worker
    QString m_currentVault;
    qint64 m_lastJob = 0;
    // Copies of one point to several regions, reported together when the last one ends.
    struct ReplicaBatch
    {
        QString point;
        QHash<qint64, QString> pending; // job -> region
        QStringList done;
        QStringList failed;
    };
    // Reported from the runner, not the progress panel: the panel may be following
    // another job by the time a batch's copies end.
    QList<ReplicaBatch> m_replicaBatches;
    QSet<qint64> m_batchJobs; // every job a batch ever held: not reported one by one
    // Records the end of a batch's job; shows the batch's summary once all have ended.
    void reportReplicaBatch(qint64 id, const Jobs::JobOutcome& outcome);
};
