#include "models/ReplicationModel.h"

#include "backend/core/Units.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/vaults/VaultService.h"

#include <QBrush>
#include <QColor>

ReplicationModel::ReplicationModel(Core::Workspace& workspace, Regions::RegionService& regions,
                                   Vaults::VaultService& vaults, Jobs::JobRunner* runner, QObject* parent)
    : QAbstractTableModel(parent)
    , m_workspace(workspace)
    , m_regions(regions)
    , m_vaults(vaults)
    , m_runner(runner)
{
    connectRunner();
    refresh();
}

void ReplicationModel::connectRunner()
{
    if (!m_runner) {
        return;
    }
    connect(m_runner, &Jobs::JobRunner::jobQueued, this, &ReplicationModel::jobQueued);
    connect(m_runner, &Jobs::JobRunner::jobStarted, this, [this](qint64 id) {
        if (const Jobs::Job* job = m_runner ? m_runner->job(id) : nullptr; job && m_active.contains(job->vault())) {
            m_active[job->vault()].running = true;
            if (const int row = rowOf(job->vault()); row >= 0) {
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        }
    });
    connect(m_runner, &Jobs::JobRunner::jobProgress, this, &ReplicationModel::jobProgress);
    connect(m_runner, &Jobs::JobRunner::jobFinished, this, [this](qint64 id, const Jobs::JobOutcome&) { jobFinished(id); });
}

void ReplicationModel::jobQueued(qint64 id)
{
    const Jobs::Job* job = m_runner ? m_runner->job(id) : nullptr;
    if (!job || job->type() != QLatin1String("copy")) {
        return;
    }
    m_active.insert(job->vault(), ActiveCopy{id, {}, false});
    if (const int row = rowOf(job->vault()); row >= 0) {
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void ReplicationModel::jobProgress(qint64 id, const Jobs::JobProgress& progress)
{
    const Jobs::Job* job = m_runner ? m_runner->job(id) : nullptr;
    if (!job || job->type() != QLatin1String("copy")) {
        return;
    }
    ActiveCopy& active = m_active[job->vault()];
    active.job = id;
    active.running = true;
    active.progress = progress;
    if (const int row = rowOf(job->vault()); row >= 0) {
        emit dataChanged(index(row, ProgressColumn), index(row, ProgressColumn));
    }
}

void ReplicationModel::jobFinished(qint64 id)
{
    const Jobs::Job* job = m_runner ? m_runner->job(id) : nullptr;
    if (!job) {
        return;
    }
    if (job->type() == QLatin1String("copy")) {
        if (m_active.value(job->vault()).job == id) {
            m_active.remove(job->vault());
        }
        refresh(); // the copy's points landed: RPO and pending change
    } else if (job->type() == QLatin1String("backup")) {
        refresh(); // a new source point: targets fall behind until its copy lands
    }
}

void ReplicationModel::setVault(const QString& vault)
{
    if (vault == m_vault) {
        return;
    }
    m_vault = vault;
    refresh();
}

void ReplicationModel::refresh()
{
    Replication::ReplicationService service(m_workspace, m_regions, m_vaults);
    QList<Replication::TargetStatus> rows;
    m_role.clear();
    m_source.clear();
    if (!m_vault.isEmpty()) {
        if (auto status = service.status(m_vault)) {
            rows = status.value();
        }
        if (auto owner = service.linkOfTarget(m_vault); owner && owner.value()) {
            m_role = QStringLiteral("target");
            m_source = owner.value()->source;
        } else {
            for (const Replication::TargetStatus& t : std::as_const(rows)) {
                if (t.state == QLatin1String("active")) {
                    m_role = QStringLiteral("source");
                }
            }
        }
    }
    beginResetModel();
    m_rows = rows;
    endResetModel();
    computeSummaries(service);
    emit refreshed();
}

void ReplicationModel::computeSummaries(Replication::ReplicationService& service)
{
    QHash<QString, VaultModel::Replication> out;
    auto links = service.links();
    if (!links) {
        m_summaries = out;
        return;
    }
    QHash<QString, QList<Replication::ReplicationLink>> bySource;
    for (const Replication::ReplicationLink& l : std::as_const(links.value())) {
        if (l.state == QLatin1String("active")) {
            bySource[l.source].append(l);
            out.insert(l.target, {QStringLiteral("target"), tr("Target of %1").arg(l.source),
                                  tr("Replica of %1: only copies from the source write into it; its points follow the "
                                     "source's expiry.")
                                      .arg(l.source)});
        } else if (!out.contains(l.target)) {
            out.insert(l.target, {QString(), tr("Standalone (was target of %1)").arg(l.source),
                                  tr("Replication from %1 was stopped on %2; the vault keeps its points and their "
                                     "inherited expiry.")
                                      .arg(l.source, l.stopped.toLocalTime().toString(Qt::ISODate))});
        }
    }
    for (auto it = bySource.cbegin(); it != bySource.cend(); ++it) {
        auto status = service.status(it.key());
        QStringList rpos;
        QStringList lines;
        if (status) {
            for (const Replication::TargetStatus& t : std::as_const(status.value())) {
                if (t.state != QLatin1String("active")) {
                    continue;
                }
                rpos << rpoText(t);
                lines << tr("%1 in %2: %3").arg(t.vault, t.region, rpoText(t));
            }
        }
        // A target that is behind decides what the table says; the tooltip lists them all.
        QString worst = rpos.isEmpty() ? QString() : rpos.constFirst();
        for (const Replication::TargetStatus& t : status ? status.value() : QList<Replication::TargetStatus>{}) {
            if (t.state == QLatin1String("active") && (t.pendingPoints > 0 || t.lagSeconds < 0)) {
                worst = rpoText(t);
                break;
            }
        }
        out.insert(it.key(), {QStringLiteral("source"),
                              tr("→ %n target(s): %1", nullptr, int(it->size())).arg(worst),
                              lines.join(QLatin1Char('\n'))});
    }
    m_summaries = out;
}

int ReplicationModel::rowOf(const QString& target) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).vault == target) {
            return row;
        }
    }
    return -1;
}

std::optional<Replication::TargetStatus> ReplicationModel::targetFromIndex(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_rows.size()) {
        return std::nullopt;
    }
    return m_rows.at(index.row());
}

QModelIndex ReplicationModel::indexFromTarget(const QString& target, int column) const
{
    const int row = rowOf(target);
    return row < 0 ? QModelIndex() : index(row, column);
}

int ReplicationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReplicationModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ReplicationModel::durationText(qint64 seconds)
{
    if (seconds < 60) {
        return tr("%n s", nullptr, int(seconds));
    }
    if (seconds < 3600) {
        return tr("%n min", nullptr, int(seconds / 60));
    }
    if (seconds < 48 * 3600) {
        return tr("%n h", nullptr, int(seconds / 3600));
    }
    return tr("%n day(s)", nullptr, int(seconds / 86400));
}

QString ReplicationModel::rpoText(const Replication::TargetStatus& s)
{
    if (s.state == QLatin1String("stopped")) {
        return tr("stopped");
    }
    if (s.pendingPoints == 0) {
        return tr("in sync");
    }
    if (s.lagSeconds < 0) {
        return tr("never synced");
    }
    if (s.lagSeconds == 0) {
        return tr("%n point(s) pending", nullptr, s.pendingPoints);
    }
    return tr("behind by %1").arg(durationText(s.lagSeconds));
}

QString ReplicationModel::stateText(const QString& state)
{
    if (state == QLatin1String("active")) {
        return tr("Active");
    }
    if (state == QLatin1String("stopped")) {
        return tr("Stopped");
    }
    return state;
}

QVariant ReplicationModel::displayValue(const Replication::TargetStatus& s, int column) const
{
    switch (column) {
    case TargetColumn:
        return s.vault;
    case RegionColumn:
        return s.region;
    case StateColumn:
        return stateText(s.state);
    case RpoColumn:
        return rpoText(s);
    case PendingColumn:
        return s.pendingPoints == 0 ? QString()
                                    : tr("%n point(s), %1", nullptr, s.pendingPoints).arg(Core::formatBytes(s.pendingBytes));
    case ProgressColumn: {
        const auto it = m_active.constFind(s.vault);
        if (it == m_active.cend()) {
            return QString();
        }
        if (!it->running) {
            return tr("Copy queued");
        }
        const Jobs::JobProgress& p = it->progress;
        if (p.bytesTotal <= 0) {
            return tr("Copying…");
        }
        return tr("Copying %1 of %2").arg(Core::formatBytes(p.bytesDone), Core::formatBytes(p.bytesTotal));
    }
    default:
        return {};
    }
}

QVariant ReplicationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Replication::TargetStatus& s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(s, index.column());
    case Qt::ToolTipRole:
        if (index.column() == RpoColumn) {
            return tr("Recovery point objective: how much older the newest point in %1 is than the newest "
                      "standard-tier point of %2.")
                .arg(s.vault, m_vault);
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == RpoColumn && s.state == QLatin1String("active") && s.pendingPoints > 0) {
            return QBrush(QColor(0xb4, 0x53, 0x09)); // amber: behind, not an error
        }
        return {};
    case UnderlyingDataRole:
        switch (index.column()) {
        case RpoColumn:
            return s.lagSeconds;
        case PendingColumn:
            return s.pendingPoints;
        case StateColumn:
            return s.state;
        default:
            return displayValue(s, index.column());
        }
    case TargetNameRole:
        return s.vault;
    case ProgressFractionRole: {
        const auto it = m_active.constFind(s.vault);
        if (it == m_active.cend() || it->progress.bytesTotal <= 0) {
            return -1.0;
        }
        return qBound(0.0, double(it->progress.bytesDone) / double(it->progress.bytesTotal), 1.0);
    }
    case JobIdRole:
        return m_active.value(s.vault).job;
    default:
        return {};
    }
}

QVariant ReplicationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case TargetColumn:
        return tr("Target vault");
    case RegionColumn:
        return tr("Region");
    case StateColumn:
        return tr("State");
    case RpoColumn:
        return tr("RPO");
    case PendingColumn:
        return tr("Pending");
    case ProgressColumn:
        return tr("Copy");
    default:
        return {};
    }
}
