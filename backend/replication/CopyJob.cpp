#include "backend/replication/CopyJob.h"

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"
#include "backend/replication/ReplicationService.h"
#include "backend/replication/VaultCopier.h"
#include "backend/vault/ReplicationStopMarker.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultRepository.h"

#include "backend/storage/LocalObjectStore.h"
#include "backend/storage/ObjectStore.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Replication {

namespace {

// A write into a local region goes through a ".cv-tmp-*" file renamed into place; a copy
// killed mid-write leaves it behind. The store never lists such files as objects, so they
// only take space: remove those below the vault that nobody has written to for a while (a
// live writer renames its file within one put).
constexpr qint64 kLeftoverAgeSeconds = 300;

int removeTempLeftovers(Storage::ObjectStore& store, const QString& prefix)
{
    auto* local = dynamic_cast<Storage::LocalObjectStore*>(&store);
    if (!local)
        return 0;
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-kLeftoverAgeSeconds);
    int removed = 0;
    QDirIterator it(local->root() + QLatin1Char('/') + prefix, {QStringLiteral(".cv-tmp-*")},
                    QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (it.fileInfo().lastModified().toUTC() < before && QFile::remove(it.filePath()))
            ++removed;
    }
    return removed;
}

} // namespace

bool selectionPays(Catalog::Catalog& catalog, const QString& sourceVault, const QStringList& points)
{
    const auto all = Vaults::PointRepository(catalog).list(sourceVault);
    return !all || std::any_of(all->cbegin(), all->cend(), [&](const Vaults::PointRecord& p) {
        return !points.contains(p.id);
    });
}

CopyJob::CopyJob(Catalog::Catalog& catalog, Vaults::VaultAccess source, Vaults::VaultAccess target, QStringList points,
                 ReplicaOptions options)
    : Jobs::Job(QStringLiteral("copy"), target.record().name,
                tr("%1 → %2 (%3)").arg(source.record().name, target.record().name, target.record().region))
    , m_catalog(catalog)
    , m_source(std::move(source))
    , m_target(std::move(target))
    , m_points(std::move(points))
    , m_options(std::move(options))
{ }

CopyJob::~CopyJob() = default;

void CopyJob::parentFinished(const Jobs::JobOutcome& parentOutcome)
{
    const QString point = parentOutcome.result.value(QStringLiteral("point")).toString();
    if (m_points.isEmpty() && !point.isEmpty())
        m_points << point;
}

bool CopyJob::linkWasStopped(const QString& source, const QString& target) const
{
    // Links between the two vaults, if any: stopped when there are some and none is active
    // (a copy into a vault no link ever joined, such as backup --copy-to, is not affected).
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("SELECT l.state FROM replication_links l JOIN vaults s ON s.id = l.source"
                             " JOIN vaults t ON t.id = l.target WHERE s.name = ? AND t.name = ?"));
    q.addBindValue(source);
    q.addBindValue(target);
    if (!q.exec())
        return false;
    bool any = false;
    while (q.next()) {
        if (q.value(0).toString() == QLatin1String("active"))
            return false;
        any = true;
    }
    return any;
}

Core::Result<bool> CopyJob::linkIsActive(const QString& source, const QString& target) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(
        QStringLiteral("SELECT 1 FROM replication_links l JOIN vaults s ON s.id = l.source"
                       " JOIN vaults t ON t.id = l.target WHERE s.name = ? AND t.name = ? AND l.state = 'active'"));
    q.addBindValue(source);
    q.addBindValue(target);
    if (!q.exec())
        return Catalog::queryError(q);
    return q.next();
}

Jobs::JobOutcome CopyJob::execute()
{
    const Vaults::VaultRecord& source = m_source.record();
    const Vaults::VaultRecord& target = m_target.record();
    if (m_points.isEmpty())
        return Jobs::JobOutcome::failure(
            Core::fail(Core::ErrorCode::InvalidInput, tr("No point to copy from vault '%1'.").arg(source.name)));
    // A copy queued for a replication link (after a long backup, or by the agent) must not
    // land after the link was stopped: a stopped target never receives points again.
    if (!m_options.manual && linkWasStopped(source.name, target.name))
        return Jobs::JobOutcome::failure(
            Core::fail(Core::ErrorCode::Refused,
                       tr("Replication from '%1' to '%2' was stopped; the queued copy was not made.")
                           .arg(source.name, target.name)));
    // A target whose replication was stopped elsewhere (another workspace wrote the mark)
    // is standalone there: replication copies stop too.
    if (!m_options.manual) {
        auto stopped = Backup::ReplicationStopMarker::isPresent(m_target.store(), target.prefix());
        if (!stopped)
            return Jobs::JobOutcome::failure(stopped.error());
        if (stopped.value())
            return Jobs::JobOutcome::failure(
                Core::fail(Core::ErrorCode::Refused,
                           tr("Replication to '%1' was stopped (its storage carries the replication-stopped mark, "
                              "perhaps written by another workspace); the queued copy was not made. Stop the link "
                              "here too: crossvault-cli replication stop %2 --target %1 --yes")
                               .arg(target.name, source.name)));
    }
    reportProgress(QStringLiteral("plan"), 0, 0);
    // A point the catalog lists but the source vault no longer holds (deleted from another
    // workspace) must not stall every later copy: the others go, the job says which is gone.
    QStringList gone;
    if (auto listed = m_source.store().list(source.prefix() + QStringLiteral("points/"))) {
        QSet<QString> present;
        for (const Storage::ObjectInfo& o : std::as_const(listed.value()))
            present.insert(o.key.section(QLatin1Char('/'), -1));
        for (const QString& id : std::as_const(m_points))
            if (!present.contains(id))
                gone << id;
        if (!gone.isEmpty() && gone.size() == m_points.size())
            return Jobs::JobOutcome::failure(
                Core::fail(Core::ErrorCode::NotFound,
                           tr("Point(s) %1 are not in the source vault '%2' any more; nothing was copied.")
                               .arg(gone.join(QStringLiteral(", ")), source.name)));
        for (const QString& id : std::as_const(gone))
            m_points.removeAll(id);
    }
    removeTempLeftovers(m_target.store(), target.prefix());
    // With the source vault open, the copy sends only the packs and trees these points use
    // (plus index objects for exactly those packs), not every pack of the source. That pays
    // off only when the source holds other points (older, newer or archived ones); opening
    // costs a key derivation and the index, so a copy of every point skips it. Without the
    // key (a customer-key vault copied by the agent) everything the target lacks goes.
    // The target is opened too (same key material): packs its index already lists get no new
    // index records. When either cannot be opened, the plain copy of everything missing runs.
    std::unique_ptr<Backup::Vault> opened;
    std::unique_ptr<Backup::Vault> openedTarget;
    if (selectionPays(m_catalog, source.name, m_points)) {
        auto vault = m_source.open();
        auto targetVault = vault ? m_target.open() : Core::Result<std::unique_ptr<Backup::Vault>>(vault.error());
        if (vault && targetVault) {
            opened = std::move(vault.value());
            openedTarget = std::move(targetVault.value());
        }
    }
    VaultCopier copier(m_source.store(), source.prefix(), m_target.store(), target.prefix());
    if (opened) {
        copier.setSourceVault(opened.get());
        copier.setTargetVault(openedTarget.get());
    }
    copier.setBandwidthLimit(m_bandwidth);
    auto plan = copier.plan(m_points);
    if (!plan)
        return Jobs::JobOutcome::failure(plan.error());
    auto copied = copier.copy(
        plan.value(),
        [this](qint64 bytesDone, qint64 bytesTotal, qint64 objectsDone, qint64 objectsTotal) {
            reportProgress(QStringLiteral("copy"), bytesDone, bytesTotal, objectsDone, objectsTotal);
        },
        cancelFlag());
    if (!copied)
        return Jobs::JobOutcome::failure(
            copied.error().withContext(tr("Copy from '%1' to '%2': ").arg(source.name, target.name)));

    // Record the points (also those a killed earlier run had already published). In an
    // active replication target every copy mirrors its source point, manual or not.
    const Core::Result<bool> mirrored = linkIsActive(source.name, target.name);
    if (!mirrored)
        return Jobs::JobOutcome::failure(mirrored.error().withContext(
            tr("The points were copied to '%1' but could not be recorded: ").arg(target.name)));
    Vaults::PointRepository points(m_catalog);
    QJsonArray ids;
    for (const QString& id : std::as_const(m_points)) {
        auto point = points.find(id, source.name);
        if (!point)
            return Jobs::JobOutcome::failure(point.error().withContext(tr("Point %1 was copied but ").arg(id)));
        QDateTime expires = point->expires; // replication, and any copy into an active target
        if (!mirrored.value() && m_options.expireDays > 0)
            expires = QDateTime::currentDateTimeUtc().addDays(m_options.expireDays);
        else if (!mirrored.value() && m_options.manual)
            expires = {}; // manual copies are kept until deleted unless an expiry is given
        if (auto s = ReplicationService::recordReplica(m_catalog, point.value(), target, expires, m_options.name,
                                                       m_options.description);
            !s)
            return Jobs::JobOutcome::failure(
                s.error().withContext(tr("Point %1 was copied but the catalog could not record it: ").arg(id)));
        ids.append(id);
    }
    (void)Vaults::VaultRepository(m_catalog).addStoredBytes(target.name, copied->bytesSent);
    reportProgress(QStringLiteral("done"), copied->bytesSent, plan->bytesToMove, copied->objectsSent,
                   copied->objectsSent);
    Jobs::JobOutcome outcome = Jobs::JobOutcome::success(QJsonObject {
        {QStringLiteral("source"), source.name},
        {QStringLiteral("target"), target.name},
        {QStringLiteral("region"), target.region},
        {QStringLiteral("points"), ids},
        {QStringLiteral("objectsSent"), copied->objectsSent},
        {QStringLiteral("bytesSent"), copied->bytesSent},
        {QStringLiteral("bytesSkipped"), copied->bytesSkipped},
        // True when only what the points use was sent; false when the source could not be
        // opened (no key) or every point went, and so everything the target lacked.
        {QStringLiteral("pointsOnly"), opened != nullptr},
        {QStringLiteral("seconds"), copied->seconds},
    });
    if (!gone.isEmpty()) {
        outcome.result.insert(QStringLiteral("missingPoints"), QJsonArray::fromStringList(gone));
        outcome.state = Jobs::JobState::Partial;
        outcome.error = tr("Point(s) %1 are not in the source vault '%2' any more and were not copied.")
                            .arg(gone.join(QStringLiteral(", ")), source.name);
    }
    return outcome;
}

} // namespace Replication
