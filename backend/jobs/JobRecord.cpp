#include "backend/jobs/JobRecord.h"

#include <QJsonValue>

namespace Jobs {

namespace {
QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}
} // namespace

QString jobStateName(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QStringLiteral("queued");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Succeeded:
        return QStringLiteral("succeeded");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    case JobState::Partial:
        return QStringLiteral("partial");
    }
    return QStringLiteral("failed");
}

JobState jobStateFromName(const QString& name)
{
    for (JobState s : {JobState::Queued, JobState::Running, JobState::Succeeded, JobState::Failed,
                       JobState::Cancelled, JobState::Partial}) {
        if (jobStateName(s) == name)
            return s;
    }
    return JobState::Failed;
}

bool isFinalState(JobState state)
{
    return state != JobState::Queued && state != JobState::Running;
}

JobOutcome JobOutcome::success(QJsonObject result)
{
    JobOutcome o;
    o.result = std::move(result);
    return o;
}

JobOutcome JobOutcome::failure(const Core::Error& error, QJsonObject result)
{
    JobOutcome o;
    o.state = error.code() == Core::ErrorCode::Cancelled ? JobState::Cancelled : JobState::Failed;
    o.error = error.message();
    o.errorCode = error.code();
    o.result = std::move(result);
    return o;
}

QJsonObject JobProgress::toJson() const
{
    return QJsonObject{
        {QStringLiteral("phase"), phase},
        {QStringLiteral("bytesDone"), bytesDone},
        {QStringLiteral("bytesTotal"), bytesTotal},
        {QStringLiteral("filesDone"), filesDone},
        {QStringLiteral("filesTotal"), filesTotal},
        {QStringLiteral("rate"), qRound64(rate)},
        {QStringLiteral("eta"), eta < 0 ? QJsonValue() : QJsonValue(eta)},
    };
}

QJsonObject JobRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), type},
        {QStringLiteral("vault"), vault},
        {QStringLiteral("description"), description},
        {QStringLiteral("state"), jobStateName(state)},
        {QStringLiteral("parent"), parent > 0 ? QJsonValue(parent) : QJsonValue()},
        {QStringLiteral("created"), isoOrNull(created)},
        {QStringLiteral("started"), isoOrNull(started)},
        {QStringLiteral("finished"), isoOrNull(finished)},
        {QStringLiteral("progress"), progress.toJson()},
        {QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error)},
        {QStringLiteral("result"), result},
    };
}

} // namespace Jobs
