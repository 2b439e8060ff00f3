#include "backend/jobs/JobRepository.h"

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>
#include <QVariant>

#include <cerrno>
#include <signal.h>

namespace Jobs {

namespace {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QDateTime parseTime(const QVariant& v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    t.setTimeSpec(Qt::UTC);
    return t;
}

QVariant timeOrNull(const QDateTime& t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

const QString selectColumns = QStringLiteral(
    "SELECT id, type, vault, description, state, parent, created, started, finished, phase, bytes_done, "
    "bytes_total, files_done, files_total, rate, eta, error, result, pid, cancel_requested FROM jobs ");

JobRecord fromRow(const QSqlQuery& q)
{
    JobRecord r;
    r.id = q.value(0).toLongLong();
    r.type = q.value(1).toString();
    r.vault = q.value(2).toString();
    r.description = q.value(3).toString();
    r.state = jobStateFromName(q.value(4).toString());
    r.parent = q.value(5).toLongLong();
    r.created = parseTime(q.value(6));
    r.started = parseTime(q.value(7));
    r.finished = parseTime(q.value(8));
    r.progress.phase = q.value(9).toString();
    r.progress.bytesDone = q.value(10).toLongLong();
    r.progress.bytesTotal = q.value(11).toLongLong();
    r.progress.filesDone = q.value(12).toLongLong();
    r.progress.filesTotal = q.value(13).toLongLong();
    r.progress.rate = q.value(14).toDouble();
    r.progress.eta = q.value(15).isNull() ? -1 : q.value(15).toLongLong();
    r.error = q.value(16).toString();
    r.result = QJsonDocument::fromJson(q.value(17).toString().toUtf8()).object();
    r.pid = q.value(18).toLongLong();
    r.cancelRequested = q.value(19).toBool();
    return r;
}

Core::Error notFound(qint64 id)
{
    return Core::fail(Core::ErrorCode::NotFound,
                      QCoreApplication::translate("Jobs", "There is no job with id %1 (see 'jobs list').").arg(id));
}

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

} // namespace

JobRepository::JobRepository(Catalog::Catalog& catalog)
    : m_catalog(catalog)
{
}

Core::Result<JobRecord> JobRepository::insert(JobRecord record)
{
    record.created = QDateTime::currentDateTimeUtc();
    record.pid = QCoreApplication::applicationPid();
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("INSERT INTO jobs (type, vault, description, state, parent, created, pid, host, result) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(Catalog::notNull(record.type));
    q.addBindValue(Catalog::notNull(record.vault));
    q.addBindValue(Catalog::notNull(record.description));
    q.addBindValue(jobStateName(record.state));
    q.addBindValue(record.parent > 0 ? QVariant(record.parent) : QVariant());
    q.addBindValue(timeOrNull(record.created));
    q.addBindValue(record.pid);
    q.addBindValue(QSysInfo::machineHostName());
    q.addBindValue(QString::fromUtf8(QJsonDocument(record.result).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return Catalog::queryError(q);
    record.id = q.lastInsertId().toLongLong();
    return record;
}

Core::Result<JobRecord> JobRepository::find(qint64 id) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(selectColumns + QStringLiteral("WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Catalog::queryError(q);
    if (!q.next())
        return notFound(id);
    return fromRow(q);
}

Core::Result<QList<JobRecord>> JobRepository::list(const QString& state, const QString& type) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(selectColumns + QStringLiteral("WHERE (? = '' OR state = ?) AND (? = '' OR type = ?) ORDER BY id DESC"));
    const QString s = state.isNull() ? QString(QLatin1String("")) : state;
    const QString t = type.isNull() ? QString(QLatin1String("")) : type;
    q.addBindValue(s);
    q.addBindValue(s);
    q.addBindValue(t);
    q.addBindValue(t);
    if (!q.exec())
        return Catalog::queryError(q);
    QList<JobRecord> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Core::Status JobRepository::markRunning(qint64 id)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE jobs SET state = 'running', started = ?, pid = ?, host = ? WHERE id = ?"));
    q.addBindValue(now());
    q.addBindValue(QCoreApplication::applicationPid());
    q.addBindValue(QSysInfo::machineHostName());
    q.addBindValue(id);
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

Core::Result<bool> JobRepository::updateProgress(qint64 id, const JobProgress& p)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE jobs SET phase = ?, bytes_done = ?, bytes_total = ?, files_done = ?, files_total = ?, "
                             "rate = ?, eta = ? WHERE id = ? RETURNING cancel_requested"));
    q.addBindValue(Catalog::notNull(p.phase));
    q.addBindValue(p.bytesDone);
    q.addBindValue(p.bytesTotal);
    q.addBindValue(p.filesDone);
    q.addBindValue(p.filesTotal);
    q.addBindValue(p.rate);
    q.addBindValue(p.eta < 0 ? QVariant() : QVariant(p.eta));
    q.addBindValue(id);
    if (!q.exec())
        return Catalog::queryError(q);
    return q.next() && q.value(0).toBool();
}

Core::Status JobRepository::finish(qint64 id, const JobOutcome& outcome)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE jobs SET state = ?, finished = ?, error = ?, result = ?, eta = NULL, "
                             "started = coalesce(started, ?) WHERE id = ?"));
    const QString t = now();
    q.addBindValue(jobStateName(outcome.state));
    q.addBindValue(t);
    q.addBindValue(Catalog::notNull(outcome.error));
    q.addBindValue(QString::fromUtf8(QJsonDocument(outcome.result).toJson(QJsonDocument::Compact)));
    q.addBindValue(t);
    q.addBindValue(id);
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

Core::Status JobRepository::requestCancel(qint64 id)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE jobs SET cancel_requested = 1 WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Catalog::queryError(q);
    if (q.numRowsAffected() == 0)
        return notFound(id);
    return {};
}

Core::Result<int> JobRepository::reconcileOrphans()
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("SELECT id, pid FROM jobs WHERE state IN ('queued', 'running') AND host = ?"));
    q.addBindValue(QSysInfo::machineHostName());
    if (!q.exec())
        return Catalog::queryError(q);
    QList<QPair<qint64, qint64>> dead;
    while (q.next()) {
        const qint64 pid = q.value(1).toLongLong();
        if (!processAlive(pid))
            dead.append({q.value(0).toLongLong(), pid});
    }
    q.finish();
    for (const auto& [id, pid] : std::as_const(dead)) {
        JobOutcome outcome;
        outcome.state = JobState::Failed;
        outcome.error = QCoreApplication::translate("Jobs", "Interrupted: the process that ran this job (pid %1) ended before it finished.")
                            .arg(pid);
        if (auto s = finish(id, outcome); !s)
            return s.error();
    }
    return static_cast<int>(dead.size());
}

} // namespace Jobs
