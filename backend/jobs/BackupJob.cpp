#include "backend/jobs/BackupJob.h"

#include "backend/sources/Source.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultRepository.h"
#include "backend/vaults/VaultService.h"

#include <QJsonArray>

namespace Jobs {

BackupJob::BackupJob(Catalog::Catalog& catalog, Vaults::VaultAccess access, std::unique_ptr<Sources::Source> source,
                     Backup::BackupOptions options, QString origin)
    : VaultJob(QStringLiteral("backup"), std::move(access), source->identity())
    , m_catalog(catalog)
    , m_source(std::move(source))
    , m_options(std::move(options))
    , m_origin(std::move(origin))
{
}

BackupJob::~BackupJob() = default;

JobOutcome BackupJob::execute()
{
    const QString vaultName = access().record().name;
    auto lock = lockVault();
    if (!lock)
        return JobOutcome::failure(lock.error());
    reportProgress(Backup::phaseName(Backup::Phase::Scan), 0, 0);
    auto vault = access().open();
    if (!vault)
        return JobOutcome::failure(vault.error());
    m_options.labels.insert(QStringLiteral("origin"), m_origin);
    auto result = vault.value()->backup(*m_source, m_options, progressCallback(), cancelFlag());
    if (!result)
        return JobOutcome::failure(result.error().withContext(tr("Backup of %1 into vault '%2': ").arg(m_source->identity(), vaultName)));

    // Record the point as the vault describes it (times, sizes, source identity).
    Vaults::PointRecord point;
    if (auto info = vault.value()->point(result->pointId)) {
        point = Vaults::VaultService::pointFromInfo(info.value(), access().record());
    } else {
        point.id = result->pointId;
        point.vaultId = access().record().id;
        point.vault = vaultName;
        point.source = m_source->identity();
        point.kind = m_source->kind();
        point.created = QDateTime::currentDateTimeUtc();
        point.logicalBytes = result->logicalBytes;
        point.storedBytesNew = result->storedBytesNew;
        point.files = result->files;
        point.skipped = result->skipped.size();
        point.state = result->partial() ? QStringLiteral("partial") : QStringLiteral("complete");
    }
    point.origin = m_origin;
    if (auto s = Vaults::PointRepository(m_catalog).upsert(point); !s)
        return JobOutcome::failure(s.error().withContext(tr("Point %1 is stored in the vault but the catalog could not record it: ")
                                                             .arg(result->pointId)));
    (void)Vaults::VaultRepository(m_catalog).addStoredBytes(vaultName, result->storedBytesNew);

    QJsonArray skipped;
    for (const Sources::SkippedEntry& e : std::as_const(result->skipped))
        skipped.append(QJsonObject{{QStringLiteral("path"), e.path}, {QStringLiteral("reason"), e.reason}});
    JobOutcome outcome;
    outcome.state = result->partial() ? JobState::Partial : JobState::Succeeded;
    if (result->partial())
        outcome.error = tr("%n file(s) could not be backed up.", nullptr, int(result->skipped.size()));
    outcome.result = QJsonObject{
        {QStringLiteral("point"), result->pointId},
        {QStringLiteral("vault"), vaultName},
        {QStringLiteral("source"), m_source->identity()},
        {QStringLiteral("state"), jobStateName(outcome.state)},
        {QStringLiteral("logicalBytes"), result->logicalBytes},
        {QStringLiteral("storedBytesNew"), result->storedBytesNew},
        {QStringLiteral("files"), result->files},
        {QStringLiteral("filesReused"), result->filesReused},
        {QStringLiteral("seconds"), result->seconds},
        {QStringLiteral("skipped"), skipped},
    };
    return outcome;
}

} // namespace Jobs
