#include "models/JobModel.h"

#include "backend/core/Units.h"
#include "backend/jobs/JobRepository.h"
#include "backend/jobs/JobRunner.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>

namespace {

constexpr int kDefaultFlushMs = 200;

} // namespace

namespace {

// Seconds from start to finish, or to now while running; -1 before the start.
qint64 durationSeconds(const Jobs::JobRecord& job)
{
    if (!job.started.isValid()) {
        return -1;
    }
    const QDateTime end = job.finished.isValid() ? job.finished : QDateTime::currentDateTimeUtc();
    return std::max<qint64>(0, job.started.secsTo(end));
}

} // namespace

JobModel::JobModel(Catalog::Catalog& catalog, Jobs::JobRunner* runner, QObject* parent)
    : QAbstractTableModel(parent)
    , m_catalog(catalog)
    , m_runner(runner)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kDefaultFlushMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &JobModel::flush);
    m_clockTimer.setInterval(1000);
    connect(&m_clockTimer, &QTimer::timeout, this, [this] {
        for (int row = 0; row < rowCount(); ++row) {
            if (m_jobs.at(m_jobs.size() - 1 - row).state == Jobs::JobState::Running) {
                markDirty(row);
            }
        }
    });
    m_clockTimer.start();
    connectRunner();
    refresh();
}

void JobModel::setFlushInterval(int milliseconds)
{
    m_flushTimer.setInterval(std::max(0, milliseconds));
}

void JobModel::connectRunner()
{
    if (!m_runner) {
        return;
    }
    using Jobs::JobRunner;
    connect(m_runner, &JobRunner::jobQueued, this, &JobModel::addJob);
    connect(m_runner, &JobRunner::jobStarted, this, [this](qint64 id) {
        if (Jobs::JobRecord* job = recordFor(id)) {
            job->state = Jobs::JobState::Running;
            job->started = QDateTime::currentDateTimeUtc();
            markDirty(int(m_jobs.size()) - 1 - m_positionById.value(id));
        }
    });
    connect(m_runner, &JobRunner::jobProgress, this, [this](qint64 id, const Jobs::JobProgress& progress) {
        if (Jobs::JobRecord* job = recordFor(id)) {
            job->progress = progress;
            markDirty(int(m_jobs.size()) - 1 - m_positionById.value(id));
        }
    });
    connect(m_runner, &JobRunner::jobFinished, this, [this](qint64 id, const Jobs::JobOutcome& outcome) {
        if (Jobs::JobRecord* job = recordFor(id)) {
            job->state = outcome.state;
            job->error = outcome.error;
            job->result = outcome.result;
            job->finished = QDateTime::currentDateTimeUtc();
            if (outcome.state == Jobs::JobState::Succeeded && job->progress.bytesTotal > 0) {
                job->progress.bytesDone = job->progress.bytesTotal;
            }
            job->progress.eta = -1;
            markDirty(int(m_jobs.size()) - 1 - m_positionById.value(id));
            flush(); // the end of a job is shown at once, not batched
        }
    });
}

void JobModel::refresh()
{
    Core::Result<QList<Jobs::JobRecord>> listed = Jobs::JobRepository(m_catalog).list();
    QList<Jobs::JobRecord> jobs = listed ? listed.value() : QList<Jobs::JobRecord>();
    std::reverse(jobs.begin(), jobs.end()); // the repository lists newest first
    m_flushTimer.stop();
    m_dirtyFirst = m_dirtyLast = -1;
    beginResetModel();
    m_jobs = jobs;
    m_positionById.clear();
    for (int i = 0; i < m_jobs.size(); ++i) {
        m_positionById.insert(m_jobs.at(i).id, i);
    }
    // Jobs of this process that are still running know more than the catalog's throttled copy.
    if (m_runner) {
        for (Jobs::JobRecord& job : m_jobs) {
            if (const Jobs::Job* live = m_runner->job(job.id); live && !Jobs::isFinalState(job.state)) {
                job.progress = live->progress();
            }
        }
    }
    endResetModel();
}

void JobModel::addJob(qint64 id)
{
    if (m_positionById.contains(id)) {
        return;
    }
    Core::Result<Jobs::JobRecord> found = Jobs::JobRepository(m_catalog).find(id);
    Jobs::JobRecord record;
    if (found) {
        record = found.value();
    } else {
        record.id = id;
        record.created = QDateTime::currentDateTimeUtc();
        if (m_runner) {
            if (const Jobs::Job* job = m_runner->job(id)) {
                record.type = job->type();
                record.vault = job->vault();
                record.description = job->description();
            }
        }
    }
    // Rows below shift by one; flush pending changes first so their row numbers stay right.
    flush();
    beginInsertRows({}, 0, 0);
    m_positionById.insert(id, int(m_jobs.size()));
    m_jobs.append(record);
    endInsertRows();
}

Jobs::JobRecord* JobModel::recordFor(qint64 id)
{
    const auto it = m_positionById.constFind(id);
    return it == m_positionById.constEnd() ? nullptr : &m_jobs[*it];
}

void JobModel::markDirty(int row)
{
    m_dirtyFirst = m_dirtyFirst < 0 ? row : std::min(m_dirtyFirst, row);
    m_dirtyLast = std::max(m_dirtyLast, row);
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

void JobModel::flush()
{
    m_flushTimer.stop();
    if (m_dirtyFirst < 0) {
        return;
    }
    const int first = m_dirtyFirst;
    const int last = m_dirtyLast;
    m_dirtyFirst = m_dirtyLast = -1;
    emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

int JobModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobModel::stateText(Jobs::JobState state)
{
    switch (state) {
    case Jobs::JobState::Queued:
        return tr("Queued");
    case Jobs::JobState::Running:
        return tr("Running");
    case Jobs::JobState::Succeeded:
        return tr("Succeeded");
    case Jobs::JobState::Failed:
        return tr("Failed");
    case Jobs::JobState::Cancelled:
        return tr("Cancelled");
    case Jobs::JobState::Partial:
        return tr("Partly succeeded");
    }
    return {};
}

QString JobModel::typeText(const QString& type)
{
    if (type == QLatin1String("backup")) {
        return tr("Backup");
    }
    if (type == QLatin1String("restore")) {
        return tr("Restore");
    }
    if (type == QLatin1String("check")) {
        return tr("Check");
    }
    if (type == QLatin1String("copy")) {
        return tr("Copy");
    }
    return type;
}

QString JobModel::formatRate(double bytesPerSecond)
{
    if (bytesPerSecond <= 0) {
        return {};
    }
    return tr("%1/s").arg(Core::formatBytes(qint64(bytesPerSecond)));
}

QString JobModel::formatEta(qint64 seconds)
{
    return formatDuration(seconds);
}

QString JobModel::formatDuration(qint64 seconds)
{
    if (seconds < 0) {
        return {};
    }
    if (seconds < 60) {
        return tr("%1 s").arg(seconds);
    }
    if (seconds < 3600) {
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    }
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString JobModel::detailsText(const Jobs::JobRecord& job)
{
    if (!job.error.isEmpty()) {
        return job.error;
    }
    const QJsonObject& r = job.result;
    if (r.isEmpty()) {
        return job.description;
    }
    const QLocale locale;
    if (job.type == QLatin1String("backup")) {
        QString text = tr("%n file(s), %1 read, %2 new", nullptr, r.value(QStringLiteral("files")).toInt())
                           .arg(Core::formatBytes(r.value(QStringLiteral("logicalBytes")).toInteger()),
                                Core::formatBytes(r.value(QStringLiteral("storedBytesNew")).toInteger()));
        if (const qsizetype skipped = r.value(QStringLiteral("skipped")).toArray().size(); skipped > 0) {
            text += tr("; %n skipped (see the job's result)", nullptr, int(skipped));
        }
        return text;
    }
    if (job.type == QLatin1String("restore")) {
        return tr("%n file(s), %1 into %2", nullptr, r.value(QStringLiteral("files")).toInt())
            .arg(Core::formatBytes(r.value(QStringLiteral("bytes")).toInteger()),
                 r.value(QStringLiteral("target")).toString());
    }
    if (job.type == QLatin1String("check")) {
        const qsizetype errors = r.value(QStringLiteral("errors")).toArray().size();
        if (errors > 0) {
            return tr("%n problem(s) found", nullptr, int(errors));
        }
        return r.value(QStringLiteral("readData")).toBool() ? tr("No problems; data read and authenticated")
                                                            : tr("No problems in the structure");
    }
    if (job.type == QLatin1String("copy")) {
        return tr("%n point(s) to %1: %2 sent, %3 already there", nullptr,
                  int(r.value(QStringLiteral("points")).toArray().size()))
            .arg(r.value(QStringLiteral("target")).toString(),
                 Core::formatBytes(r.value(QStringLiteral("bytesSent")).toInteger()),
                 Core::formatBytes(r.value(QStringLiteral("bytesSkipped")).toInteger()));
    }
    return job.description;
}

double JobModel::progressFraction(const Jobs::JobRecord& job)
{
    if (job.state == Jobs::JobState::Succeeded) {
        return 1.0;
    }
    if (job.progress.bytesTotal <= 0) {
        return -1.0;
    }
    return std::clamp(double(job.progress.bytesDone) / double(job.progress.bytesTotal), 0.0, 1.0);
}

QString JobModel::progressText(const Jobs::JobRecord& job)
{
    const double fraction = progressFraction(job);
    if (job.state == Jobs::JobState::Queued) {
        return tr("Waiting");
    }
    if (fraction < 0) {
        return job.progress.phase;
    }
    const QString percent = tr("%1%").arg(qRound(fraction * 100));
    if (Jobs::isFinalState(job.state) || job.progress.bytesTotal <= 0) {
        return percent;
    }
    return tr("%1 — %2 of %3")
        .arg(percent, Core::formatBytes(job.progress.bytesDone), Core::formatBytes(job.progress.bytesTotal));
}

QVariant JobModel::rawValue(const Jobs::JobRecord& job, int column) const
{
    switch (column) {
    case IdColumn:
        return job.id;
    case ParentColumn:
        return job.parent;
    case TypeColumn:
        return job.type;
    case VaultColumn:
        return job.vault;
    case StateColumn:
        return Jobs::jobStateName(job.state);
    case ProgressColumn:
        return progressFraction(job);
    case RateColumn:
        return job.progress.rate;
    case EtaColumn:
        return job.progress.eta;
    case StartedColumn:
        return job.started;
    case DurationColumn:
        return durationSeconds(job);
    case DetailsColumn:
        return detailsText(job);
    default:
        return {};
    }
}

QVariant JobModel::displayValue(const Jobs::JobRecord& job, int column) const
{
    const bool running = job.state == Jobs::JobState::Running;
    switch (column) {
    case IdColumn:
        return QString::number(job.id);
    case ParentColumn:
        return job.parent > 0 ? QString::number(job.parent) : QString();
    case TypeColumn:
        // Chained jobs read as children of their parent ("↳ Copy" after a backup).
        return job.parent > 0 ? tr("↳ %1 after #%2").arg(typeText(job.type)).arg(job.parent) : typeText(job.type);
    case StateColumn:
        return stateText(job.state);
    case ProgressColumn:
        return progressText(job);
    case RateColumn:
        return running ? formatRate(job.progress.rate) : QString();
    case EtaColumn:
        return running ? formatEta(job.progress.eta) : QString();
    case StartedColumn:
        return job.started.isValid() ? QLocale().toString(job.started.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"))
                                     : QString();
    case DurationColumn:
        return formatDuration(durationSeconds(job));
    default:
        return rawValue(job, column);
    }
}

QVariant JobModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Jobs::JobRecord& job = m_jobs.at(m_jobs.size() - 1 - index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(job, index.column());
    case Qt::ToolTipRole:
        if (index.column() == DetailsColumn) {
            const QString details = detailsText(job);
            return job.description.isEmpty() || details == job.description
                ? details
                : job.description + QLatin1Char('\n') + details;
        }
        if (!job.description.isEmpty()) {
            return job.description;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn || index.column() == DetailsColumn) {
            if (job.state == Jobs::JobState::Failed) {
                return QBrush(QColor(0xb4, 0x23, 0x18));
            }
            if (job.state == Jobs::JobState::Partial) {
                return QBrush(QColor(0xb4, 0x53, 0x09));
            }
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == IdColumn || index.column() == ParentColumn || index.column() == RateColumn
            || index.column() == EtaColumn || index.column() == DurationColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case UnderlyingDataRole:
        return rawValue(job, index.column());
    case JobIdRole:
        return job.id;
    case ProgressFractionRole:
        return progressFraction(job);
    case ActiveRole:
        return !Jobs::isFinalState(job.state);
    case ParentIdRole:
        return job.parent;
    default:
        return {};
    }
}

QVariant JobModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case IdColumn:
        return tr("Job");
    case ParentColumn:
        return tr("Parent");
    case TypeColumn:
        return tr("Type");
    case VaultColumn:
        return tr("Vault");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case RateColumn:
        return tr("Rate");
    case EtaColumn:
        return tr("Time left");
    case StartedColumn:
        return tr("Started");
    case DurationColumn:
        return tr("Duration");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}

std::optional<Jobs::JobRecord> JobModel::jobFromIndex(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_jobs.size()) {
        return std::nullopt;
    }
    return m_jobs.at(m_jobs.size() - 1 - index.row());
}

QModelIndex JobModel::indexFromId(qint64 id, int column) const
{
    const auto it = m_positionById.constFind(id);
    return it == m_positionById.constEnd() ? QModelIndex() : index(int(m_jobs.size()) - 1 - *it, column);
}
