#pragma once

#include "backend/core/Result.h"
#include "backend/vault/KeySource.h"
#include "backend/vaults/PointRecord.h"
#include "backend/vaults/VaultRecord.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Catalog {
class Catalog;
}
namespace Core {
class Workspace;
}
namespace Regions {
class RegionService;
}
namespace Storage {
class ObjectStore;
}
namespace Vaults {
class VaultService;
}

namespace Replication {

// A source vault replicating to a target vault in another region.
struct ReplicationLink
{
    qint64 id = 0;
    QString source;
    QString target;
    QString region; // the target's region
    QString state = QStringLiteral("active"); // active | stopped
    QDateTime created;
    QDateTime stopped;
};

// One row of `replication status`: RPO and what is still to send.
struct TargetStatus
{
    QString vault;
    QString region;
    QString state;
    QString newestPoint; // newest replicated point, empty when none yet
    qint64 lagSeconds = -1; // source's newest point time minus the target's newest; -1: nothing replicated
    int pendingPoints = 0;
    qint64 pendingBytes = 0; // stored bytes of the pending points as the source recorded them
};

// What a stop did beyond the catalog.
struct StopOutcome
{
    // The target's storage carries the stop mark (written now, or found there). False for a
    // forced stop whose region could not be written, and for an earlier stop whose mark could
    // not be added or must not be (the vault is another source's target now).
    bool markerWritten = true;
    QString markerError; // why not, then
    bool alreadyStopped = false; // the link was stopped before; only the target's mark was (re)checked
};

// A vault of the target region as the console offers it: eligible, or why not.
struct TargetCandidate
{
    QString vault;
    bool eligible = false;
    QString reason; // the refusal's message when not eligible
};

// A manual copy's options (`copy POINT --to-region R …`).
struct CopyRequest
{
    QString point;
    QString sourceVault; // empty: the point's only vault
    QString region;
    QString vault; // target vault; empty: the replication target in the region, or "<source>-<region>"
    QString name;
    QString description;
    int expireDays = 0; // 0: kept until deleted
    // Set by prepareCopy(): the target is the source's active replication target, so the
    // copy mirrors the source point (its expiry) instead of living on its own.
    bool mirrored = false;
};

// The rules of cross-region replication and its records in the catalog. Every refusal is
// ErrorCode::Refused with the rule in the message (the CLI exits 3); bad values are
// InvalidInput naming the flag. Catalog work only, except createTarget(), which writes the
// replica's config and keys in the target region (call from a worker in the console).
class ReplicationService final
{
public:
    ReplicationService(Core::Workspace& workspace, Regions::RegionService& regions, Vaults::VaultService& vaults);

    static constexpr int kDefaultTargetsPerRegion = 5;
    // Workspace setting "replication.maxTargetsPerRegion".
    int maxTargetsPerRegion() const;
    Core::Status setMaxTargetsPerRegion(int limit);

    Core::Result<QList<ReplicationLink>> links(const QString& source = {}, bool activeOnly = false) const;
    // The active link whose target is vault, if any.
    Core::Result<std::optional<ReplicationLink>> linkOfTarget(const QString& vault) const;

    // Checks every rule for source -> existing target.
    Core::Status checkEnable(const QString& source, const QString& target) const;
    // Checks the rules that do not need the target vault to exist (for --create-target).
    Core::Status checkEnableInRegion(const QString& source, const QString& region) const;
    Core::Result<ReplicationLink> enable(const QString& source, const QString& target);
    // Creates a replica of source (same key material) named name in region, type
    // replication-target (or standalone-free copy target when forCopies). Key: the source's
    // customer key if it has one.
    Core::Result<Vaults::VaultRecord> createTarget(const QString& source, const QString& name, const QString& region,
                                                   const QString& description, const Backup::KeySource& key,
                                                   const QString& label = {});
    // checkEnableInRegion(), createTarget() and enable() in one: when the link cannot be made
    // after all (another process linked the region meanwhile), the vault just created for it
    // is removed again, so a refusal leaves no orphan target behind.
    Core::Result<ReplicationLink> createTargetAndEnable(const QString& source, const QString& name,
                                                        const QString& region, const QString& description,
                                                        const Backup::KeySource& key, const QString& label = {});
    // The vaults of region other than source, each eligible as source's target or with the
    // reason it is not. Reads each vault's config in its region: call from a worker.
    Core::Result<QList<TargetCandidate>> targetCandidates(const QString& source, const QString& region) const;
    // Irreversible: the link stops, the target becomes standalone and keeps its points and
    // their inherited expiry. A replication-stopped mark is written into the target's storage
    // first; when that fails, nothing changes (ErrorCode::Unreachable) unless force, which
    // stops the link in this workspace anyway and says the mark is missing. Stopping a link
    // stopped before (alreadyStopped) writes the mark when it is missing, and changes nothing else.
    Core::Result<StopOutcome> stop(const QString& source, const QString& target, bool force = false);

    // Refused while vault replicates to a target, or is the active target of a link (stop
    // replication first in both cases).
    Core::Status checkDeletable(const QString& vault) const;
    // Refused for replication-target vaults: only copies write into them.
    Core::Status checkBackupAllowed(const QString& vault) const;

    // A replication target is read-only: its points mirror the source's. Refused for points
    // of a vault that is the active target of a link.
    Core::Status checkPointChangeAllowed(const QString& vault) const;
    // Changes to a source point, mirrored at once into the copies its active replication
    // targets hold (manual copies elsewhere keep their own life). key opens customer-key
    // vaults (targets share their source's key); touches storage: call from a worker.
    Core::Status deletePoint(const QString& vault, const QString& point, const Backup::KeySource& key = {});
    // tier "archive": the point is no longer synced and its copies in targets are removed.
    Core::Status setPointTier(const QString& vault, const QString& point, const QString& tier,
                              const Backup::KeySource& key = {});
    // Invalid expires: kept until deleted. Targets' copies inherit it.
    Core::Status setPointExpiry(const QString& vault, const QString& point, const QDateTime& expires);
    // Brings source's active targets (every source's when empty) in line with it, for
    // changes made while no console or CLI of this workspace mirrored them: copies whose
    // source point is gone or archived are removed, expiry follows the source. Returns how
    // many copies changed. Point objects in a target that its catalog does not record (a copy
    // killed between publishing and recording) go too once their source point is gone.
    Core::Result<int> reconcileTargets(const QString& source, const Backup::KeySource& key = {});

    // Standard-tier points of source that target does not hold yet, oldest first.
    Core::Result<QList<Vaults::PointRecord>> pendingPoints(const QString& source, const QString& target) const;
    Core::Result<QList<TargetStatus>> status(const QString& source) const;

    // Resolves and checks a manual copy: the point (not a replica, standard tier, at most
    // one replica per destination region), names, and the target vault (existing replica of
    // the point's vault in the region, or a new one to create: then the returned record has id 0).
    Core::Result<Vaults::VaultRecord> prepareCopy(CopyRequest& request) const;
    static Core::Status validateReplicaFields(const QString& name, const QString& description, int expireDays);

    // Records copied points in the target's catalog: origin replica, expiry given or
    // inherited from the source point, name/description for manual copies.
    static Core::Status recordReplica(Catalog::Catalog& catalog, const Vaults::PointRecord& sourcePoint,
                                      const Vaults::VaultRecord& target, const QDateTime& expires, const QString& name,
                                      const QString& description);

private:
    Core::Result<Vaults::VaultRecord> vault(const QString& name) const;
    // Writes target's replication-stopped mark (see stop()); store is left open for an undo.
    Core::Result<StopOutcome> markStopped(const Vaults::VaultRecord& source, const Vaults::VaultRecord& target,
                                          bool force, std::unique_ptr<Storage::ObjectStore>& store) const;
    // Refused with message (translated; %1 the vault, %2 its source) when name is the active
    // target of a link.
    Core::Status refuseForActiveTarget(const QString& name, const char* message) const;
    // Applies a source point's current state (missing: deleted) to link's target.
    Core::Result<int> mirrorPoint(const ReplicationLink& link, const QString& point, const Backup::KeySource& key);
    // Removes point objects of link's target that its catalog does not record and whose
    // source point is gone or archived (published by a copy killed before recording them).
    Core::Result<int> removeUnrecordedCopies(const ReplicationLink& link, const QSet<QString>& recorded);

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    Vaults::VaultService& m_vaults;
};

} // namespace Replication
