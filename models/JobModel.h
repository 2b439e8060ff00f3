#pragma once

#include "backend/jobs/JobRecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace Catalog {
class Catalog;
}
namespace Jobs {
class JobRunner;
}

// The workspace's jobs (newest first): the catalog's records, kept live by the JobRunner's
// signals. Progress arrives many times a second from many jobs, so changed rows are
// collected and announced as one range dataChanged per flush (TransferListModel style).
class JobModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobModel)

public:
    enum Column {
        IdColumn,
        // The job this one is chained after (a backup's copy jobs), empty for none.
        ParentColumn,
        TypeColumn,
        VaultColumn,
        StateColumn,
        ProgressColumn,
        StartedColumn, // local time the job started (empty while queued)
        DurationColumn, // finished - started, or time so far while running
        RateColumn,
        EtaColumn,
        // What the job did ("1,234 files, 2.1 GiB read, 35 MiB new") or why it failed.
        DetailsColumn,
        ColumnCount
    };

    enum Role {
        UnderlyingDataRole = Qt::UserRole,
        JobIdRole,
        // 0..1 for the progress column's bar; -1 when the total is not known yet.
        ProgressFractionRole,
        // True while the job is queued or running (cancel makes sense).
        ActiveRole,
        // The parent job's id (0: none).
        ParentIdRole,
    };

    JobModel(Catalog::Catalog& catalog, Jobs::JobRunner* runner, QObject* parent = nullptr);

    // Re-reads every job from the catalog (e.g. jobs of crossvault-cli).
    void refresh();
    // How long progress updates are collected before one dataChanged; 0 flushes at once.
    void setFlushInterval(int milliseconds);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    std::optional<Jobs::JobRecord> jobFromIndex(const QModelIndex& index) const;
    QModelIndex indexFromId(qint64 id, int column = IdColumn) const;

    static QString stateText(Jobs::JobState state);
    static QString typeText(const QString& type);
    static QString formatRate(double bytesPerSecond);
    static QString formatEta(qint64 seconds);
    static QString progressText(const Jobs::JobRecord& job);
    static QString formatDuration(qint64 seconds);
    // One line from the job's result (or its error) for the Details column.
    static QString detailsText(const Jobs::JobRecord& job);
    static double progressFraction(const Jobs::JobRecord& job);

private:
    void connectRunner();
    void addJob(qint64 id);
    void markDirty(int row);
    void flush();
    Jobs::JobRecord* recordFor(qint64 id);
    QVariant rawValue(const Jobs::JobRecord& job, int column) const;
    QVariant displayValue(const Jobs::JobRecord& job, int column) const;

    Catalog::Catalog& m_catalog;
    QPointer<Jobs::JobRunner> m_runner;
    // Oldest first, so that a new job's append keeps every other position stable; row r of
    // the model is m_jobs[size - 1 - r].
    QList<Jobs::JobRecord> m_jobs;
    QHash<qint64, int> m_positionById;
    int m_dirtyFirst = -1;
    int m_dirtyLast = -1;
    QTimer m_flushTimer;
    QTimer m_clockTimer; // the Duration of running jobs moves on between progress reports
};
