#pragma once

#include "backend/core/Result.h"
#include "backend/storage/ObjectStore.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace Backup {
class Vault;
}
namespace Storage {
class BandwidthLimiter;
}

namespace Replication {

// What a copy would move: the objects the target lacks (after dedup against everything
// already there) and the point objects to publish last.
struct CopyPlan
{
    QList<Storage::ObjectInfo> missing; // data/, trees/, index/ objects, relative to the vault prefix
    QList<Storage::ObjectInfo> points;  // points/<id> objects the target lacks
    // Index objects made for the target (setSourceVault): key relative to the prefix, bytes.
    QList<std::pair<QString, QByteArray>> generated;
    qint64 bytesToMove = 0;             // sum of the lists: what crosses the network
    qint64 bytesAlreadyThere = 0;       // needed but present in the target (dedup)
    qint64 targetGrowth() const { return bytesToMove; }
};

struct CopyResult
{
    qint64 objectsSent = 0;
    qint64 bytesSent = 0;
    qint64 bytesSkipped = 0;
    QStringList points;
    double seconds = 0;
};

// bytesDone / bytesTotal of the plan, objects likewise.
using CopyProgress = std::function<void(qint64 bytesDone, qint64 bytesTotal, qint64 objectsDone, qint64 objectsTotal)>;

// Copies backup points of one vault to a replica of it (Vault::createReplicaOf: same key
// material) as stored bytes: no decrypt, no re-encrypt. The target is listed once; only
// objects it lacks are sent; every content-addressed object (pack, tree and index names are
// SHA-256 addresses) is hashed once as it is read and refused when it does not match its
// name, and its size is checked in the target after the store's own atomic, verified put
// (no read-back: that doubled the reads and, on S3, the GETs). Data goes first, then index objects, point objects last, so a
// replica point is either complete or absent, and a rerun after a kill sends only what is
// still missing. Stores must be safe to use from several threads (ObjectStore's contract).
class VaultCopier final
{
public:
    VaultCopier(Storage::ObjectStore& source, QString sourcePrefix, Storage::ObjectStore& target, QString targetPrefix);
    ~VaultCopier();
    VaultCopier(const VaultCopier&) = delete;
    VaultCopier& operator=(const VaultCopier&) = delete;

    // 1..8 transfers at a time (default 4: reads, hashing and fsyncs of several objects overlap).
    void setParallel(int transfers);
    // The opened source vault (it must outlive the copier). With it, plan() sends only the
    // trees and packs the requested points reference, plus index objects written for exactly
    // those packs, instead of everything under data/, trees/ and index/.
    void setSourceVault(Backup::Vault* vault);
    // The opened target vault (same key material; must outlive the copier), when it exists:
    // packs its index already lists get no new index records. Without it a selection would
    // re-index every pack of the points on every copy (index objects never dedup).
    void setTargetVault(Backup::Vault* vault);
    // Average upload rate of the copy across its transfers, bytes per second; 0: unlimited.
    void setBandwidthLimit(qint64 bytesPerSecond);

    // Lists both vaults once. pointIds: the points to copy (each must exist in the source;
    // NotFound names it). Without a source vault everything the source stores under data/,
    // trees/ and index/ is considered needed: the points share it through dedup.
    Core::Result<CopyPlan> plan(const QStringList& pointIds);
    Core::Result<CopyResult> copy(const CopyPlan& plan, const CopyProgress& progress, const std::atomic_bool& cancel);

    // True when bytes match the content address in key (data/xx/<sha256>, trees/<sha256>,
    // index/<sha256>); keys without an address give true.
    static bool matchesAddress(const QString& key, const QByteArray& bytes);

private:
    Core::Status transfer(const Storage::ObjectInfo& object);
    Core::Status putVerified(const QString& key, const QByteArray& bytes);

    Storage::ObjectStore& m_source;
    QString m_sourcePrefix;
    Storage::ObjectStore& m_target;
    QString m_targetPrefix;
    int m_parallel = 4;
    Backup::Vault* m_targetVault = nullptr;
    Backup::Vault* m_vault = nullptr;
    std::unique_ptr<Storage::BandwidthLimiter> m_limiter;
};

} // namespace Replication
