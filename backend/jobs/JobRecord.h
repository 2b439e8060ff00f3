#pragma once

#include "backend/core/Error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Jobs {

enum class JobState {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Partial, // completed with issues (e.g. some unreadable files); the result lists them
};

QString jobStateName(JobState state);
// Unknown names give Failed (a newer build may have written them).
JobState jobStateFromName(const QString& name);
bool isFinalState(JobState state);

// Where a running job is. rate is bytes per second; eta is seconds left, -1 when unknown.
struct JobProgress
{
    QString phase; // "scan", "read", "store", "finalise", "verify"...
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    qint64 filesDone = 0;
    qint64 filesTotal = 0;
    double rate = 0;
    qint64 eta = -1;

    QJsonObject toJson() const;
};

// How a job ended: the final state, an error message for failed / cancelled / partial jobs
// and a result document (the backup's point, the unreadable files...).
struct JobOutcome
{
    JobState state = JobState::Succeeded;
    QString error;
    // For failed jobs: what kind of failure (the CLI maps it onto its exit code).
    Core::ErrorCode errorCode = Core::ErrorCode::Failed;
    QJsonObject result;

    static JobOutcome success(QJsonObject result = {});
    static JobOutcome failure(const Core::Error& error, QJsonObject result = {});
};

// One job as the catalog records it.
struct JobRecord
{
    qint64 id = 0;
    QString type;  // "backup", "restore", "check", "copy"...
    QString vault; // the vault the job works on (jobs on one vault run one at a time)
    QString description;
    JobState state = JobState::Queued;
    qint64 parent = 0; // 0: none
    QDateTime created;
    QDateTime started;
    QDateTime finished;
    JobProgress progress;
    QString error;
    QJsonObject result;
    qint64 pid = 0;
    bool cancelRequested = false;

    // The CLI's job document (../shared/CLI.md): id, type, state, parent, progress, error...
    QJsonObject toJson() const;
};

} // namespace Jobs

Q_DECLARE_METATYPE(Jobs::JobProgress)
Q_DECLARE_METATYPE(Jobs::JobOutcome)
