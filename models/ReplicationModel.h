#pragma once

#include "backend/jobs/JobRecord.h"
#include "backend/replication/ReplicationService.h"
#include "models/VaultModel.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>

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

// The replication targets of one source vault: region, state, RPO, what is still pending
// and the live progress of a copy job into each target. Re-reads the catalog when a copy
// job of the runner ends, so RPO follows the copies as they land. Also summarises every
// vault's replication role for the Vaults table (VaultModel::setReplication).
class ReplicationModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplicationModel)

public:
    enum Column {
        TargetColumn,
        RegionColumn,
        StateColumn,
        RpoColumn,
        PendingColumn,
        ProgressColumn,
        ColumnCount
    };

    enum Role {
        UnderlyingDataRole = Qt::UserRole,
        TargetNameRole,
        // 0..1 while a copy into the target runs; -1 otherwise (ProgressDelegate).
        ProgressFractionRole,
        // The copy job running or queued into the target, 0: none.
        JobIdRole,
    };

    ReplicationModel(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults,
                     Jobs::JobRunner* runner, QObject* parent = nullptr);

    // The source vault whose targets are listed (empty: none).
    void setVault(const QString& vault);
    const QString& vault() const { return m_vault; }
    // Re-reads links, points and RPO from the catalog.
    void refresh();

    // The selected vault's role: "source", "target" (then sourceVault() says of whom) or "".
    const QString& role() const { return m_role; }
    const QString& sourceVault() const { return m_source; }
    // Every vault's replication summary, as of the last refresh().
    const QHash<QString, VaultModel::Replication>& summaries() const { return m_summaries; }
    std::optional<Replication::TargetStatus> targetFromIndex(const QModelIndex& index) const;
    QModelIndex indexFromTarget(const QString& target, int column = TargetColumn) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "in sync", "behind by 2 h", "never synced", "stopped"…
    static QString rpoText(const Replication::TargetStatus& status);
    static QString durationText(qint64 seconds);
    static QString stateText(const QString& state);

signals:
    // After every refresh(): the summaries and the selected vault's role may have changed.
    void refreshed();

private:
    struct ActiveCopy
    {
        qint64 job = 0;
        Jobs::JobProgress progress;
        bool running = false;
    };

    void connectRunner();
    void jobQueued(qint64 id);
    void jobProgress(qint64 id, const Jobs::JobProgress& progress);
    void jobFinished(qint64 id);
    int rowOf(const QString& target) const;
    void computeSummaries(Replication::ReplicationService& service);
    QVariant displayValue(const Replication::TargetStatus& status, int column) const;

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    Vaults::VaultService& m_vaults;
    QPointer<Jobs::JobRunner> m_runner;
    QString m_vault;
    QString m_role;
    QString m_source;
    QList<Replication::TargetStatus> m_rows;
    QHash<QString, ActiveCopy> m_active; // by target vault
    QHash<QString, VaultModel::Replication> m_summaries;
};
