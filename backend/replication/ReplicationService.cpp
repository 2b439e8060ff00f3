#include "backend/replication/ReplicationService.h"

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"
#include "backend/core/SecretStore.h"
#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/storage/ObjectStore.h"
#include "backend/vault/ReplicationStopMarker.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultRepository.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

#include <algorithm>
#include <memory>

namespace Replication {

namespace {

const QString kLimitKey = QStringLiteral("replication.maxTargetsPerRegion");
const QString kTarget = QStringLiteral("replication-target");
const QString kStandalone = QStringLiteral("standalone");

QDateTime parseTime(const QVariant& v)
{
    if (v.isNull())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    t.setTimeZone(QTimeZone::utc());
    return t;
}

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

} // namespace

ReplicationService::ReplicationService(Core::Workspace& workspace, Regions::RegionService& regions,
                                       Vaults::VaultService& vaults)
    : m_workspace(workspace)
    , m_regions(regions)
    , m_vaults(vaults)
{ }

int ReplicationService::maxTargetsPerRegion() const
{
    QSqlQuery q(m_workspace.catalog().database());
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(kLimitKey);
    if (q.exec() && q.next()) {
        bool ok = false;
        const int v = q.value(0).toString().toInt(&ok);
        if (ok && v > 0)
            return v;
    }
    return kDefaultTargetsPerRegion;
}

Core::Status ReplicationService::setMaxTargetsPerRegion(int limit)
{
    if (limit < 1)
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Replication", "The limit of targets per region must be at least 1, not %1.")
                .arg(limit));
    QSqlQuery q(m_workspace.catalog().database());
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"));
    q.addBindValue(kLimitKey);
    q.addBindValue(QString::number(limit));
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

Core::Result<Vaults::VaultRecord> ReplicationService::vault(const QString& name) const
{
    return Vaults::VaultRepository(m_workspace.catalog()).find(name);
}

Core::Result<QList<ReplicationLink>> ReplicationService::links(const QString& source, bool activeOnly) const
{
    QSqlQuery q(m_workspace.catalog().database());
    QString sql
        = QStringLiteral("SELECT l.id, s.name, t.name, l.region, l.state, l.created, l.stopped FROM replication_links l"
                         " JOIN vaults s ON s.id = l.source JOIN vaults t ON t.id = l.target WHERE 1 = 1");
    if (!source.isEmpty())
        sql += QStringLiteral(" AND s.name = :source");
    if (activeOnly)
        sql += QStringLiteral(" AND l.state = 'active'");
    sql += QStringLiteral(" ORDER BY s.name, l.region");
    q.prepare(sql);
    if (!source.isEmpty())
        q.bindValue(QStringLiteral(":source"), source);
    if (!q.exec())
        return Catalog::queryError(q);
    QList<ReplicationLink> out;
    while (q.next()) {
        ReplicationLink l;
        l.id = q.value(0).toLongLong();
        l.source = q.value(1).toString();
        l.target = q.value(2).toString();
        l.region = q.value(3).toString();
        l.state = q.value(4).toString();
        l.created = parseTime(q.value(5));
        l.stopped = parseTime(q.value(6));
        out << l;
    }
    return out;
}

Core::Result<std::optional<ReplicationLink>> ReplicationService::linkOfTarget(const QString& vault) const
{
    auto all = links({}, true);
    if (!all)
        return all.error();
    for (const ReplicationLink& l : std::as_const(all.value())) {
        if (l.target == vault)
            return std::optional<ReplicationLink>(l);
    }
    return std::optional<ReplicationLink>();
}

Core::Status ReplicationService::checkEnableInRegion(const QString& source, const QString& region) const
{
    auto src = vault(source);
    if (!src)
        return src.error();
    if (src->type == kTarget)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' is a replication target; replicas cannot be replicated again. Replicate its source "
                "vault instead.")
                .arg(source));
    if (src->type != QLatin1String("general"))
        return Core::fail(Core::ErrorCode::Refused,
                          QCoreApplication::translate("Replication",
                                                      "Vault '%1' is a %2 vault; only general backup vaults replicate.")
                              .arg(source, src->type));
    if (!m_regions.find(region))
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Replication", "There is no region named '%1' (--region; see 'region list').")
                .arg(region));
    if (src->region == region)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' is in region '%2': a replication target must be in a different region, or it would "
                "not survive the loss of that region.")
                .arg(source, region));
    auto all = links({}, true);
    if (!all)
        return all.error();
    int inRegion = 0;
    for (const ReplicationLink& l : std::as_const(all.value())) {
        if (l.source == source && l.region == region)
            return Core::fail(
                Core::ErrorCode::Refused,
                QCoreApplication::translate(
                    "Replication",
                    "Vault '%1' already replicates to '%2' in region '%3': one target per region per source.")
                    .arg(source, l.target, region));
        if (l.region == region)
            ++inRegion;
    }
    const int limit = maxTargetsPerRegion();
    if (inRegion >= limit)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Region '%1' already holds %2 replication targets, the workspace's limit per region. Raise it "
                "with 'crossvault-cli replication limit N' or in the console's Settings > Replication.")
                .arg(region)
                .arg(inRegion));
    return {};
}

Core::Status ReplicationService::checkEnable(const QString& source, const QString& target) const
{
    auto src = vault(source);
    if (!src)
        return src.error();
    auto dst = vault(target);
    if (!dst)
        return dst.error();
    if (source == target)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Replication", "Vault '%1' cannot replicate to itself.").arg(source));
    if (auto s = checkEnableInRegion(source, dst->region); !s)
        return s;
    if (dst->encryption != src->encryption)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' uses %2 encryption but '%3' uses %4: replication copies the stored, encrypted bytes "
                "as they are, so the target must use the source's encryption method and key.")
                .arg(source, src->encryption, target, dst->encryption));
    if (dst->type != kTarget)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' is a %2 vault; a replication target must be a replication-target vault created "
                "from the source (use --create-target NAME --region R).")
                .arg(target, dst->type));
    auto owner = linkOfTarget(target);
    if (!owner)
        return owner.error();
    if (owner.value() && owner.value()->source != source)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Replication", "Vault '%1' is already the replication target of '%2'.")
                .arg(target, owner.value()->source));
    // The target must carry the source's key material (made by createTarget): it is copied
    // byte for byte and opened with the same key.
    auto store = m_regions.openStore(dst->region);
    if (!store)
        return store.error();
    auto info = Backup::Vault::peek(*store.value(), dst->prefix());
    if (!info)
        return info.error().withContext(QCoreApplication::translate("Replication", "Vault '%1': ").arg(target));
    if (info->replicaOf != src->uid)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' was not created as a replica of '%2' (different key material), so '%2''s encrypted "
                "data could not be opened there; use --create-target NAME --region R.")
                .arg(target, source));
    // Stopped from another workspace (or before this one imported it): final everywhere.
    auto stopped = Backup::ReplicationStopMarker::isPresent(*store.value(), dst->prefix());
    if (!stopped)
        return stopped.error().withContext(QCoreApplication::translate("Replication", "Vault '%1': ").arg(target));
    if (stopped.value())
        return Core::fail(Core::ErrorCode::Refused,
                          QCoreApplication::translate(
                              "Replication",
                              "Replication to '%1' was stopped (its storage carries the replication-stopped mark, "
                              "perhaps written by another workspace); a stopped target is never linked again. "
                              "Create a new target instead.")
                              .arg(target));
    return {};
}

Core::Result<ReplicationLink> ReplicationService::enable(const QString& source, const QString& target)
{
    // Every rule, including the target's config in its region, is checked first; the rules
    // the catalog alone decides (one target per region, the per-region limit, one source per
    // target) are checked again under the catalog's writer lock, so two consoles or CLIs
    // enabling at once cannot both link (the partial unique indexes back this up).
    if (auto s = checkEnable(source, target); !s)
        return s.error();
    ReplicationLink link;
    const Core::Status inserted = m_workspace.catalog().transaction([&]() -> Core::Status {
        auto src = vault(source);
        auto dst = vault(target);
        if (!src || !dst)
            return Core::fail(
                Core::ErrorCode::NotFound,
                QCoreApplication::translate("Replication", "Vault '%1' or '%2' disappeared.").arg(source, target));
        if (dst->type != kTarget)
            return Core::fail(Core::ErrorCode::Refused,
                              QCoreApplication::translate("Replication",
                                                          "Vault '%1' is no longer a replication-target "
                                                          "vault (replication to it was stopped).")
                                  .arg(target));
        if (auto s = checkEnableInRegion(source, dst->region); !s)
            return s;
        auto owner = linkOfTarget(target);
        if (!owner)
            return owner.error();
        if (owner.value())
            return Core::fail(
                Core::ErrorCode::Refused,
                QCoreApplication::translate("Replication", "Vault '%1' is already the replication target of '%2'.")
                    .arg(target, owner.value()->source));
        QSqlQuery q(m_workspace.catalog().database());
        q.prepare(QStringLiteral(
            "INSERT INTO replication_links (source, target, region, state, created) VALUES (?, ?, ?, 'active', ?)"));
        q.addBindValue(src->id);
        q.addBindValue(dst->id);
        q.addBindValue(dst->region);
        q.addBindValue(now());
        if (!q.exec())
            return Catalog::queryError(q);
        link.id = q.lastInsertId().toLongLong();
        link.region = dst->region;
        return {};
    });
    if (!inserted)
        return inserted.error();
    link.source = source;
    link.target = target;
    link.created = QDateTime::currentDateTimeUtc();
    return link;
}

Core::Result<Vaults::VaultRecord> ReplicationService::createTarget(const QString& source, const QString& name,
                                                                   const QString& region, const QString& description,
                                                                   const Backup::KeySource& key, const QString& label)
{
    auto access = m_vaults.access(source, key);
    if (!access)
        return access.error();
    Vaults::NewVault spec;
    spec.name = name;
    spec.region = region;
    spec.type = kTarget;
    spec.description = description;
    spec.label = label;
    if (auto s = m_vaults.validate(spec); !s)
        return s.error();
    auto opened = access->open();
    if (!opened)
        return opened.error();
    auto store = m_regions.openStore(region);
    if (!store)
        return store.error();
    Vaults::VaultRecord record;
    record.name = name;
    record.region = region;
    record.type = kTarget;
    record.encryption = access->record().encryption;
    record.description = description;
    record.label = label;
    auto replica = Backup::Vault::createReplicaOf(*opened.value(), *store.value(), record.prefix());
    if (!replica)
        return replica.error().withContext(
            QCoreApplication::translate("Replication", "Creating replica vault '%1' in region '%2': ")
                .arg(name, region));
    record.uid = replica.value()->info().id;
    if (record.encryption == QLatin1String("managed")) {
        if (auto s
            = m_workspace.secrets().store(Vaults::VaultService::managedKeyId(name), replica.value()->managedKey());
            !s)
            return s.error().withContext(
                QCoreApplication::translate("Replication",
                                            "Vault '%1' was created but its managed key could not be kept: ")
                    .arg(name));
        record.recoveryKeyExported = access->record().recoveryKeyExported;
    }
    if (auto bytes = replica.value()->storedBytes())
        record.storedBytes = bytes.value();
    auto inserted = Vaults::VaultRepository(m_workspace.catalog()).insert(record);
    if (!inserted)
        return inserted.error();
    m_vaults.reload();
    return inserted;
}

Core::Result<ReplicationLink> ReplicationService::createTargetAndEnable(const QString& source, const QString& name,
                                                                        const QString& region,
                                                                        const QString& description,
                                                                        const Backup::KeySource& key,
                                                                        const QString& label)
{
    if (auto s = checkEnableInRegion(source, region); !s)
        return s.error();
    auto made = createTarget(source, name, region, description, key, label);
    if (!made)
        return made.error();
    auto link = enable(source, name);
    if (link)
        return link;
    if (auto removed = m_vaults.remove(name); !removed)
        return link.error().withContext(
            QCoreApplication::translate("Replication",
                                        "Vault '%1' was created for the link but could not be removed again (%2): ")
                .arg(name, removed.error().message()));
    return link.error();
}

Core::Result<QList<TargetCandidate>> ReplicationService::targetCandidates(const QString& source,
                                                                          const QString& region) const
{
    auto all = Vaults::VaultRepository(m_workspace.catalog()).all();
    if (!all)
        return all.error();
    QList<TargetCandidate> out;
    for (const Vaults::VaultRecord& v : std::as_const(all.value())) {
        if (v.region != region || v.name == source)
            continue;
        TargetCandidate c;
        c.vault = v.name;
        const Core::Status ok = checkEnable(source, v.name);
        c.eligible = bool(ok);
        if (!ok)
            c.reason = ok.error().message();
        out << c;
    }
    return out;
}

Core::Result<StopOutcome> ReplicationService::markStopped(const Vaults::VaultRecord& source,
                                                          const Vaults::VaultRecord& target, bool force,
                                                          std::unique_ptr<Storage::ObjectStore>& store) const
{
    // The target's own storage learns of the stop first, so a workspace importing it later
    // sees a standalone vault, not a replication target it could link again. When the region
    // cannot be written, nothing changes, unless forced (a region that is lost for good must
    // not keep its link forever).
    StopOutcome outcome;
    Core::Status marked;
    if (auto opened = m_regions.openStore(target.region)) {
        store = std::move(opened.value());
        marked = Backup::ReplicationStopMarker::write(*store, target.prefix(), source.uid,
                                                      QDateTime::currentDateTimeUtc());
    } else {
        marked = opened.error();
    }
    if (!marked) {
        if (!force)
            return Core::fail(
                Core::ErrorCode::Unreachable,
                QCoreApplication::translate(
                    "Replication",
                    "Replication was not stopped: the target's region '%1' could not be written (%2). Stopping "
                    "leaves a mark in the target's storage so that no workspace links it again; retry when the "
                    "region is reachable, or stop in this workspace only (--force) if it is lost for good.")
                    .arg(target.region, marked.error().message()));
        outcome.markerWritten = false;
        outcome.markerError = marked.error().message();
    }
    return outcome;
}

Core::Result<StopOutcome> ReplicationService::stop(const QString& source, const QString& target, bool force)
{
    auto all = links(source, false);
    if (!all)
        return all.error();
    const auto link = std::find_if(all->cbegin(), all->cend(), [&](const ReplicationLink& l) {
        return l.target == target && l.state == QLatin1String("active");
    });
    const auto stoppedLink = std::find_if(all->cbegin(), all->cend(), [&](const ReplicationLink& l) {
        return l.target == target && l.state == QLatin1String("stopped");
    });
    if (link == all->cend() && stoppedLink == all->cend())
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate(
                              "Replication", "Vault '%1' does not replicate to '%2' (see 'replication status %1').")
                              .arg(source, target));
    auto src = vault(source);
    auto dst = vault(target);
    if (!src)
        return src.error();
    if (!dst)
        return dst.error();
    std::unique_ptr<Storage::ObjectStore> store;
    if (link == all->cend()) {
        // Stopped already (by a version that left no mark, or a forced stop): stopping again
        // marks the target's storage, so an importing workspace sees it standalone too. The
        // catalog has nothing left to change, so an unreachable region only means the mark
        // is still missing (said, not refused).
        StopOutcome outcome;
        outcome.alreadyStopped = true;
        auto active = linkOfTarget(target);
        if (!active)
            return active.error();
        if (active.value() || dst->type != kStandalone) {
            // The vault has since become (or stayed, after migration 4) the target of
            // another source: its storage must not say it is standalone.
            outcome.markerWritten = false;
            outcome.markerError = active.value()
                ? QCoreApplication::translate("Replication",
                                              "'%1' is now the replication target of '%2', so it is not marked.")
                      .arg(target, active.value()->source)
                : QCoreApplication::translate("Replication", "'%1' is a %2 vault, so it is not marked.")
                      .arg(target, dst->type);
            return outcome;
        }
        auto opened = m_regions.openStore(dst->region);
        if (opened) {
            auto present = Backup::ReplicationStopMarker::isPresent(*opened.value(), dst->prefix());
            if (present && present.value())
                return outcome;
        }
        auto marked = markStopped(src.value(), dst.value(), true, store);
        if (!marked)
            return marked.error();
        marked->alreadyStopped = true;
        return marked;
    }
    auto outcome = markStopped(src.value(), dst.value(), force, store);
    if (!outcome)
        return outcome.error();
    const qint64 linkId = link->id;
    bool stoppedMeanwhile = false;
    const Core::Status recorded = m_workspace.catalog().transaction([&]() -> Core::Status {
        QSqlQuery q(m_workspace.catalog().database());
        q.prepare(QStringLiteral(
            "UPDATE replication_links SET state = 'stopped', stopped = ? WHERE id = ? AND state = 'active'"));
        q.addBindValue(now());
        q.addBindValue(linkId);
        if (!q.exec())
            return Catalog::queryError(q);
        if (q.numRowsAffected() == 0) {
            stoppedMeanwhile = true; // by another process, which wrote the same mark
            return {};
        }
        QSqlQuery v(m_workspace.catalog().database());
        v.prepare(QStringLiteral("UPDATE vaults SET type = 'standalone' WHERE name = ?"));
        v.addBindValue(target);
        if (!v.exec())
            return Catalog::queryError(v);
        return {};
    });
    if (!recorded) {
        // The link stays active here, so the mark must not say otherwise (best effort).
        if (store && outcome->markerWritten)
            (void)Backup::ReplicationStopMarker::remove(*store, dst->prefix());
        return recorded.error().withContext(
            QCoreApplication::translate("Replication", "Replication was not stopped: "));
    }
    outcome->alreadyStopped = stoppedMeanwhile;
    return outcome;
}

Core::Status ReplicationService::checkDeletable(const QString& name) const
{
    auto all = links(name, true);
    if (!all)
        return all.error();
    if (!all->isEmpty())
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' replicates to '%2'; a source vault cannot be deleted while it replicates. Stop "
                "replication first: crossvault-cli replication stop %1 --target %2 --yes")
                .arg(name, all->constFirst().target));
    // Deleting an active target would end its link behind the operator's back (the catalog
    // drops the link with the vault); stopping replication first makes that a decision.
    return refuseForActiveTarget(
        name,
        QT_TRANSLATE_NOOP("Replication",
                          "Vault '%1' is the replication target of '%2'; deleting it would end that replication. "
                          "Stop replication first: crossvault-cli replication stop %2 --target %1 --yes"));
}

Core::Status ReplicationService::refuseForActiveTarget(const QString& name, const char* message) const
{
    auto owner = linkOfTarget(name);
    if (!owner)
        return owner.error();
    if (owner.value())
        return Core::fail(Core::ErrorCode::Refused,
                          QCoreApplication::translate("Replication", message).arg(name, owner.value()->source));
    return {};
}

Core::Status ReplicationService::checkBackupAllowed(const QString& name) const
{
    auto v = vault(name);
    if (!v)
        return v.error();
    if (v->type == kTarget)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' is a replication-target vault and read-only: only copies from its source write "
                "into it. Back up into the source vault instead.")
                .arg(name));
    return {};
}

Core::Status ReplicationService::checkPointChangeAllowed(const QString& name) const
{
    return refuseForActiveTarget(
        name,
        QT_TRANSLATE_NOOP("Replication",
                          "Vault '%1' is the replication target of '%2' and read-only: its points mirror the "
                          "source's (deletion, expiry, archive tier). Change the point in '%2', or stop "
                          "replication first."));
}

Core::Result<int> ReplicationService::mirrorPoint(const ReplicationLink& link, const QString& pointId,
                                                  const Backup::KeySource& key)
{
    Vaults::PointRepository repo(m_workspace.catalog());
    auto copy = repo.find(pointId, link.target);
    if (!copy) {
        if (copy.error().code() == Core::ErrorCode::NotFound)
            return 0; // not synced yet (or never will be): nothing to mirror
        return copy.error();
    }
    auto original = repo.find(pointId, link.source);
    if (!original && original.error().code() != Core::ErrorCode::NotFound)
        return original.error();
    // Deleted in the source, or moved to the archive tier (not synced): the copy goes.
    if (!original || original->tier != QLatin1String("standard")) {
        if (auto s = m_vaults.deletePoint(link.target, pointId, key); !s)
            return s.error().withContext(
                QCoreApplication::translate("Replication",
                                            "Removing the copy of point %1 from replication target '%2': ")
                    .arg(pointId, link.target));
        return 1;
    }
    if (copy->expires == original->expires)
        return 0;
    Vaults::PointRecord updated = copy.value();
    updated.expires = original->expires;
    if (auto s = repo.upsert(updated); !s)
        return s.error();
    return 1;
}

Core::Status ReplicationService::deletePoint(const QString& vault, const QString& point, const Backup::KeySource& key)
{
    if (auto s = checkPointChangeAllowed(vault); !s)
        return s;
    if (auto s = m_vaults.deletePoint(vault, point, key); !s)
        return s;
    auto all = links(vault, true);
    if (!all)
        return all.error();
    for (const ReplicationLink& l : std::as_const(all.value()))
        if (auto r = mirrorPoint(l, point, key); !r)
            return r.error();
    return {};
}

Core::Status ReplicationService::setPointTier(const QString& vault, const QString& point, const QString& tier,
                                              const Backup::KeySource& key)
{
    if (tier != QLatin1String("standard") && tier != QLatin1String("archive"))
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Replication", "The tier must be standard or archive, not '%1' (--tier).")
                .arg(tier));
    if (auto s = checkPointChangeAllowed(vault); !s)
        return s;
    Vaults::PointRepository repo(m_workspace.catalog());
    auto p = repo.find(point, vault);
    if (!p)
        return p.error();
    Vaults::PointRecord updated = p.value();
    updated.tier = tier;
    if (auto s = repo.upsert(updated); !s)
        return s;
    auto all = links(vault, true);
    if (!all)
        return all.error();
    for (const ReplicationLink& l : std::as_const(all.value()))
        if (auto r = mirrorPoint(l, point, key); !r)
            return r.error();
    return {};
}

Core::Status ReplicationService::setPointExpiry(const QString& vault, const QString& point, const QDateTime& expires)
{
    if (auto s = checkPointChangeAllowed(vault); !s)
        return s;
    Vaults::PointRepository repo(m_workspace.catalog());
    auto p = repo.find(point, vault);
    if (!p)
        return p.error();
    if (p->locked && expires.isValid() && (!p->expires.isValid() || expires < p->expires))
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Replication",
                                        "Point '%1' of vault '%2' is locked; its expiry cannot be brought forward.")
                .arg(point, vault));
    Vaults::PointRecord updated = p.value();
    updated.expires = expires.isValid() ? expires.toUTC() : QDateTime();
    if (auto s = repo.upsert(updated); !s)
        return s;
    auto all = links(vault, true);
    if (!all)
        return all.error();
    for (const ReplicationLink& l : std::as_const(all.value()))
        if (auto r = mirrorPoint(l, point, Backup::KeySource()); !r)
            return r.error();
    return {};
}

Core::Result<int> ReplicationService::reconcileTargets(const QString& source, const Backup::KeySource& key)
{
    auto all = links(source, true);
    if (!all)
        return all.error();
    Vaults::PointRepository repo(m_workspace.catalog());
    int changed = 0;
    for (const ReplicationLink& l : std::as_const(all.value())) {
        auto copies = repo.list(l.target);
        if (!copies)
            return copies.error();
        QSet<QString> recorded;
        for (const Vaults::PointRecord& c : std::as_const(copies.value())) {
            recorded.insert(c.id);
            auto r = mirrorPoint(l, c.id, key);
            if (!r)
                return r.error();
            changed += r.value();
        }
        auto removed = removeUnrecordedCopies(l, recorded);
        if (!removed)
            return removed.error();
        changed += removed.value();
    }
    return changed;
}

Core::Result<int> ReplicationService::removeUnrecordedCopies(const ReplicationLink& link, const QSet<QString>& recorded)
{
    // A copy killed after publishing a point but before recording it leaves the point in the
    // target only. While its source point lives, the next copy records it; once the source
    // point is gone or archived, nothing would, so it is removed here (the point object only:
    // its data goes with the target's next prune, as for any deleted point). "Gone" is read
    // from the source vault's storage, not this catalog: another workspace sharing the vaults
    // may hold points this one never recorded, and their copies are not ours to remove.
    auto src = vault(link.source);
    if (!src)
        return src.error();
    auto dst = vault(link.target);
    if (!dst)
        return dst.error();
    auto store = m_regions.openStore(dst->region);
    if (!store)
        return store.error();
    auto stopped = Backup::ReplicationStopMarker::isPresent(*store.value(), dst->prefix());
    if (!stopped)
        return stopped.error();
    if (stopped.value())
        return 0; // stopped from another workspace: the vault is standalone, its points not ours
    auto pointIds = [](Storage::ObjectStore& in, const QString& folder) -> Core::Result<QSet<QString>> {
        auto listed = in.list(folder);
        if (!listed)
            return listed.error();
        QSet<QString> ids;
        for (const Storage::ObjectInfo& o : std::as_const(listed.value())) {
            const QString id = o.key.mid(folder.size());
            if (!id.isEmpty() && !id.contains(QLatin1Char('/')))
                ids.insert(id);
        }
        return ids;
    };
    const QString folder = dst->prefix() + QStringLiteral("points/");
    auto inTarget = pointIds(*store.value(), folder);
    if (!inTarget)
        return inTarget.error().withContext(
            QCoreApplication::translate("Replication", "Listing the points of replication target '%1': ")
                .arg(link.target));
    const QSet<QString> unrecorded = inTarget.value() - recorded;
    if (unrecorded.isEmpty())
        return 0;
    auto sourceStore = m_regions.openStore(src->region);
    if (!sourceStore)
        return sourceStore.error();
    auto inSource = pointIds(*sourceStore.value(), src->prefix() + QStringLiteral("points/"));
    if (!inSource)
        return inSource.error().withContext(
            QCoreApplication::translate("Replication", "Listing the points of source vault '%1': ").arg(link.source));
    Vaults::PointRepository repo(m_workspace.catalog());
    int removed = 0;
    for (const QString& id : unrecorded) {
        if (inSource->contains(id)) {
            auto original = repo.find(id, link.source);
            if (!original && original.error().code() != Core::ErrorCode::NotFound)
                return original.error();
            if (!original || original->tier == QLatin1String("standard"))
                continue; // the next copy of the link records it (or another workspace's point)
        }
        if (auto s = store.value()->remove(folder + id); !s)
            return s.error().withContext(
                QCoreApplication::translate("Replication",
                                            "Removing point %1, left in replication target '%2' by an interrupted "
                                            "copy: ")
                    .arg(id, link.target));
        ++removed;
    }
    return removed;
}

Core::Result<QList<Vaults::PointRecord>> ReplicationService::pendingPoints(const QString& source,
                                                                           const QString& target) const
{
    Vaults::PointRepository repo(m_workspace.catalog());
    auto sourcePoints = repo.list(source);
    if (!sourcePoints)
        return sourcePoints.error();
    auto targetPoints = repo.list(target);
    if (!targetPoints)
        return targetPoints.error();
    QSet<QString> there;
    for (const Vaults::PointRecord& p : std::as_const(targetPoints.value()))
        there.insert(p.id);
    QList<Vaults::PointRecord> out;
    for (const Vaults::PointRecord& p : std::as_const(sourcePoints.value())) {
        // Archive-tier points are not synced; replicas are not replicated again.
        if (p.tier != QLatin1String("standard") || p.origin == QLatin1String("replica") || there.contains(p.id))
            continue;
        out << p;
    }
    return out;
}

Core::Result<QList<TargetStatus>> ReplicationService::status(const QString& source) const
{
    auto all = links(source, false);
    if (!all)
        return all.error();
    Vaults::PointRepository repo(m_workspace.catalog());
    auto sourcePoints = repo.list(source);
    if (!sourcePoints)
        return sourcePoints.error();
    QDateTime sourceNewest;
    for (const Vaults::PointRecord& p : std::as_const(sourcePoints.value()))
        if (p.tier == QLatin1String("standard") && (!sourceNewest.isValid() || p.created > sourceNewest))
            sourceNewest = p.created;
    QList<TargetStatus> out;
    for (const ReplicationLink& l : std::as_const(all.value())) {
        TargetStatus s;
        s.vault = l.target;
        s.region = l.region;
        s.state = l.state;
        auto targetPoints = repo.list(l.target);
        if (!targetPoints)
            return targetPoints.error();
        QDateTime newest;
        for (const Vaults::PointRecord& p : std::as_const(targetPoints.value())) {
            if (!newest.isValid() || p.created > newest) {
                newest = p.created;
                s.newestPoint = p.id;
            }
        }
        if (newest.isValid())
            s.lagSeconds = std::max<qint64>(0, newest.secsTo(sourceNewest));
        if (l.state == QLatin1String("active")) {
            auto pending = pendingPoints(l.source, l.target);
            if (!pending)
                return pending.error();
            s.pendingPoints = int(pending->size());
            for (const Vaults::PointRecord& p : std::as_const(pending.value()))
                s.pendingBytes += p.storedBytesNew;
        }
        out << s;
    }
    return out;
}

Core::Status ReplicationService::validateReplicaFields(const QString& name, const QString& description, int expireDays)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    if (!name.isNull() && !pattern.match(name).hasMatch())
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate(
                "Replication", "Replica name '%1' is not valid (--name): use 1 to 64 letters, digits, '_' or '-'.")
                .arg(name));
    if (description.size() > 255)
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate(
                "Replication", "The replica description has %1 characters; at most 255 are allowed (--description).")
                .arg(description.size()));
    if (expireDays < 0)
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Replication", "--expire-days must be a positive number of days, not %1.")
                .arg(expireDays));
    return {};
}

Core::Result<Vaults::VaultRecord> ReplicationService::prepareCopy(CopyRequest& request) const
{
    if (auto s = validateReplicaFields(request.name, request.description, request.expireDays); !s)
        return s.error();
    if (!m_regions.find(request.region))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Replication",
                                                      "There is no region named '%1' (--to-region; see 'region list').")
                              .arg(request.region));
    Vaults::PointRepository repo(m_workspace.catalog());
    auto point = repo.find(request.point, request.sourceVault);
    if (!point && request.sourceVault.isEmpty() && point.error().code() != Core::ErrorCode::NotFound) {
        // The id is in several vaults (replicas keep their source's ids): the original is meant.
        auto all = repo.list();
        if (!all)
            return all.error();
        QList<Vaults::PointRecord> originals;
        for (const Vaults::PointRecord& p : std::as_const(all.value()))
            if (p.id == request.point && p.origin != QLatin1String("replica"))
                originals << p;
        if (originals.size() == 1)
            point = originals.constFirst();
    }
    if (!point)
        return point.error();
    request.sourceVault = point->vault;
    auto src = vault(point->vault);
    if (!src)
        return src.error();
    if (point->origin == QLatin1String("replica") || src->type == kTarget)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Point %1 in vault '%2' is a replica; replicas cannot be replicated again. Copy the original "
                "point from its source vault.")
                .arg(request.point, point->vault));
    if (point->tier != QLatin1String("standard"))
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication", "Point %1 is in the archive tier; archive-tier points are not copied to other regions.")
                .arg(request.point));
    if (src->region == request.region)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Replication",
                                        "Point %1 is already in region '%2'; a copy must go to a different region.")
                .arg(request.point, request.region));

    // At most one live replica of a point per destination region (a deleted one may be copied again).
    QSqlQuery q(m_workspace.catalog().database());
    q.prepare(QStringLiteral("SELECT v.name FROM points p JOIN vaults v ON v.id = p.vault"
                             " WHERE p.id = ? AND v.region = ? AND p.origin = 'replica'"));
    q.addBindValue(request.point);
    q.addBindValue(request.region);
    if (!q.exec())
        return Catalog::queryError(q);
    if (q.next())
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Point %1 already has a replica in region '%2' (vault '%3'): at most one replica per destination "
                "region. Delete that replica first to copy it again.")
                .arg(request.point, request.region, q.value(0).toString()));

    // The target: the given vault, the source's replication target in the region, or a new
    // replica vault "<source>-<region>".
    QString targetName = request.vault;
    if (targetName.isEmpty()) {
        auto all = links(src->name, true);
        if (!all)
            return all.error();
        for (const ReplicationLink& l : std::as_const(all.value()))
            if (l.region == request.region)
                targetName = l.target;
    }
    if (targetName.isEmpty())
        targetName = src->name + QLatin1Char('-') + request.region;
    request.vault = targetName;
    // Into the source's active replication target the copy is an early sync: its points
    // mirror the source's, so an expiry of its own would be overwritten by the next
    // reconcile. Say so rather than accept it.
    auto active = links(src->name, true);
    if (!active)
        return active.error();
    request.mirrored = std::any_of(active->cbegin(), active->cend(),
                                   [&](const ReplicationLink& l) { return l.target == targetName; });
    if (request.mirrored && request.expireDays > 0)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' is the replication target of '%2' in region '%3': its copies follow the source "
                "point's expiry, so --expire-days cannot apply there. Set the expiry on point %4 in '%2', or copy "
                "into another vault of the region with --vault NAME.")
                .arg(targetName, src->name, request.region, request.point));
    auto dst = Vaults::VaultRepository(m_workspace.catalog()).find(targetName);
    if (!dst) {
        if (dst.error().code() != Core::ErrorCode::NotFound)
            return dst.error();
        Vaults::VaultRecord fresh;
        fresh.name = targetName;
        fresh.region = request.region;
        fresh.type = kTarget;
        fresh.encryption = src->encryption;
        return fresh; // id 0: to be created
    }
    if (dst->region != request.region)
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Replication", "Vault '%1' is in region '%2', not '%3' (--vault, --to-region).")
                .arg(targetName, dst->region, request.region));
    if (dst->encryption != src->encryption)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' uses %2 encryption but '%3' uses %4: copies keep the stored, encrypted bytes, so the "
                "target must use the source's encryption method and key.")
                .arg(targetName, dst->encryption, src->name, src->encryption));
    auto store = m_regions.openStore(dst->region);
    if (!store)
        return store.error();
    auto info = Backup::Vault::peek(*store.value(), dst->prefix());
    if (!info)
        return info.error().withContext(QCoreApplication::translate("Replication", "Vault '%1': ").arg(targetName));
    if (info->replicaOf != src->uid)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Replication",
                "Vault '%1' was not created as a replica of '%2' (different key material); give another --vault "
                "or none to create one.")
                .arg(targetName, src->name));
    return dst;
}

Core::Status ReplicationService::recordReplica(Catalog::Catalog& catalog, const Vaults::PointRecord& sourcePoint,
                                               const Vaults::VaultRecord& target, const QDateTime& expires,
                                               const QString& name, const QString& description)
{
    Vaults::PointRecord replica = sourcePoint;
    replica.vaultId = target.id;
    replica.vault = target.name;
    replica.origin = QStringLiteral("replica");
    replica.locked = false;
    replica.expires = expires;
    return catalog.transaction([&]() -> Core::Status {
        if (auto s = Vaults::PointRepository(catalog).upsert(replica); !s)
            return s;
        QSqlQuery q(catalog.database());
        q.prepare(
            QStringLiteral("INSERT OR REPLACE INTO replicas (vault, point, source_vault, name, description, created)"
                           " VALUES (?, ?, ?, ?, ?, ?)"));
        q.addBindValue(target.id);
        q.addBindValue(sourcePoint.id);
        q.addBindValue(sourcePoint.vault);
        q.addBindValue(name.isNull() ? QString(QLatin1String("")) : name);
        q.addBindValue(description.isNull() ? QString(QLatin1String("")) : description);
        q.addBindValue(now());
        if (!q.exec())
            return Catalog::queryError(q);
        return {};
    });
}

} // namespace Replication
