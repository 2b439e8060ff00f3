#include "backend/jobs/CheckJob.h"

#include "backend/vault/Vault.h"

#include <QJsonArray>

namespace Jobs {

CheckJob::CheckJob(Vaults::VaultAccess access, Backup::CheckOptions options)
    : VaultJob(QStringLiteral("check"), std::move(access), {})
    , m_options(options)
{
}

CheckJob::~CheckJob() = default;

JobOutcome CheckJob::execute()
{
    const QString vaultName = access().record().name;
    auto lock = lockVault();
    if (!lock)
        return JobOutcome::failure(lock.error());
    reportProgress(Backup::phaseName(Backup::Phase::Verify), 0, 0);
    auto vault = access().open();
    if (!vault)
        return JobOutcome::failure(vault.error());
    auto result = vault.value()->check(m_options, progressCallback(), cancelFlag());
    if (!result)
        return JobOutcome::failure(result.error().withContext(tr("Check of vault '%1': ").arg(vaultName)));
    QJsonArray errors;
    for (const Backup::CheckIssue& i : std::as_const(result->errors))
        errors.append(QJsonObject{{QStringLiteral("key"), i.key}, {QStringLiteral("problem"), i.problem}});
    const QJsonObject doc{
        {QStringLiteral("vault"), vaultName},
        {QStringLiteral("ok"), result->ok()},
        {QStringLiteral("readData"), m_options.readData},
        {QStringLiteral("points"), result->points},
        {QStringLiteral("packsChecked"), result->packsChecked},
        {QStringLiteral("packsRead"), result->packsRead},
        {QStringLiteral("errors"), errors},
        {QStringLiteral("reclaimable"), result->reclaimable.size()},
        {QStringLiteral("reclaimableBytes"), result->reclaimableBytes},
        {QStringLiteral("reclaimableObjects"), QJsonArray::fromStringList(result->reclaimable)},
    };
    if (!result->ok()) {
        const Backup::CheckIssue& first = result->errors.first();
        return JobOutcome::failure(
            Core::fail(Core::ErrorCode::Corrupt, tr("Vault '%1' is damaged: %n missing or corrupt object(s); first: %2: %3", nullptr,
                                                    int(result->errors.size()))
                                                     .arg(vaultName, first.key, first.problem)),
            doc);
    }
    return JobOutcome::success(doc);
}

} // namespace Jobs
