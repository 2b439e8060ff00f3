#include "backend/jobs/RestoreJob.h"

#include "backend/vault/Vault.h"

#include <QJsonArray>

namespace Jobs {

RestoreJob::RestoreJob(Vaults::VaultAccess access, QString pointId, Backup::RestoreOptions options)
    : VaultJob(QStringLiteral("restore"), std::move(access), pointId + QStringLiteral(" -> ") + options.targetFolder)
    , m_pointId(std::move(pointId))
    , m_options(std::move(options))
{
}

RestoreJob::~RestoreJob() = default;

JobOutcome RestoreJob::execute()
{
    auto lock = lockVault();
    if (!lock)
        return JobOutcome::failure(lock.error());
    reportProgress(Backup::phaseName(Backup::Phase::Scan), 0, 0);
    auto vault = access().open();
    if (!vault)
        return JobOutcome::failure(vault.error());
    auto result = vault.value()->restore(m_pointId, m_options, progressCallback(), cancelFlag());
    if (!result)
        return JobOutcome::failure(result.error().withContext(tr("Restore of point %1: ").arg(m_pointId)));
    QJsonArray problems;
    for (const Sources::SkippedEntry& e : std::as_const(result->problems))
        problems.append(QJsonObject{{QStringLiteral("path"), e.path}, {QStringLiteral("reason"), e.reason}});
    JobOutcome outcome;
    outcome.state = problems.isEmpty() ? JobState::Succeeded : JobState::Partial;
    if (!problems.isEmpty())
        outcome.error = tr("%n item(s) were restored with problems.", nullptr, int(problems.size()));
    outcome.result = QJsonObject{
        {QStringLiteral("point"), m_pointId},
        {QStringLiteral("vault"), access().record().name},
        {QStringLiteral("target"), m_options.targetFolder},
        {QStringLiteral("state"), jobStateName(outcome.state)},
        {QStringLiteral("files"), result->files},
        {QStringLiteral("bytes"), result->bytes},
        {QStringLiteral("problems"), problems},
    };
    return outcome;
}

} // namespace Jobs
