#include "backend/replication/VaultCopier.h"

#include "backend/storage/BandwidthLimiter.h"
#include "backend/vault/Crypto.h"
#include "backend/vault/Vault.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QSet>

#include <algorithm>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace Replication {

namespace {

const QString kData = QStringLiteral("data/");
const QString kTrees = QStringLiteral("trees/");
const QString kIndex = QStringLiteral("index/");
const QString kPoints = QStringLiteral("points/");

bool isAddressed(const QString& key)
{
    return key.startsWith(kData) || key.startsWith(kTrees) || key.startsWith(kIndex);
}

// Hex SHA-256 (OpenSSL: SHA-NI where the CPU has it, several times Qt's portable code).
QByteArray sha256Hex(const QByteArray& bytes)
{
    return Backup::Crypto::sha256(bytes).toHex();
}

} // namespace

VaultCopier::VaultCopier(Storage::ObjectStore& source, QString sourcePrefix, Storage::ObjectStore& target,
                         QString targetPrefix)
    : m_source(source)
    , m_sourcePrefix(std::move(sourcePrefix))
    , m_target(target)
    , m_targetPrefix(std::move(targetPrefix))
{ }

VaultCopier::~VaultCopier() = default;

void VaultCopier::setBandwidthLimit(qint64 bytesPerSecond)
{
    if (bytesPerSecond > 0)
        m_limiter = std::make_unique<Storage::BandwidthLimiter>(bytesPerSecond);
    else
        m_limiter.reset();
}

void VaultCopier::setTargetVault(Backup::Vault* vault)
{
    m_targetVault = vault;
}

void VaultCopier::setSourceVault(Backup::Vault* vault)
{
    m_vault = vault;
}

void VaultCopier::setParallel(int transfers)
{
    m_parallel = std::clamp(transfers, 1, 8);
}

bool VaultCopier::matchesAddress(const QString& key, const QByteArray& bytes)
{
    if (!isAddressed(key))
        return true;
    return sha256Hex(bytes) == key.section(QLatin1Char('/'), -1).toLatin1();
}

Core::Result<CopyPlan> VaultCopier::plan(const QStringList& pointIds)
{
    // Listed in the reverse of the order a backup writes (packs, trees, index, then points):
    // a backup running meanwhile cannot give the copy an index or point object whose packs
    // the listing missed, since those were written, and are listed, before it.
    Core::Result<QList<Storage::ObjectInfo>> sourceObjects = QList<Storage::ObjectInfo>();
    for (const QString& folder : {kPoints, kIndex, kTrees, kData}) {
        auto listed = m_source.list(m_sourcePrefix + folder);
        if (!listed)
            return listed.error().withContext(
                QCoreApplication::translate("Replication", "Cannot list the source vault (%1): ").arg(m_source.describe()));
        sourceObjects->append(listed.value());
    }
    auto targetObjects = m_target.list(m_targetPrefix);
    if (!targetObjects)
        return targetObjects.error().withContext(
            QCoreApplication::translate("Replication", "Cannot list the target vault (%1): ").arg(m_target.describe()));

    QHash<QString, qint64> present;
    for (const Storage::ObjectInfo& o : std::as_const(targetObjects.value()))
        present.insert(o.key.mid(m_targetPrefix.size()), o.size);

    const QSet<QString> wanted(pointIds.cbegin(), pointIds.cend());
    QSet<QString> found;
    CopyPlan plan;
    // With the vault: only what the points reference, and index objects made for it.
    std::optional<QSet<QString>> needed;
    if (m_vault) {
        for (const Storage::ObjectInfo& o : std::as_const(sourceObjects.value()))
            if (o.key.mid(m_sourcePrefix.size()).startsWith(kPoints))
                found.insert(o.key.mid(m_sourcePrefix.size() + kPoints.size()));
        for (const QString& id : pointIds)
            if (!found.contains(id))
                return Core::fail(
                    Core::ErrorCode::NotFound,
                    QCoreApplication::translate("Replication", "Point %1 is not in the source vault (%2).")
                        .arg(id, m_source.describe()));
        const std::atomic_bool noCancel {false};
        QSet<QByteArray> indexed;
        if (m_targetVault) {
            auto packs = m_targetVault->indexedPacks(noCancel);
            if (!packs)
                return packs.error().withContext(
                    QCoreApplication::translate("Replication", "Cannot read the target vault's index: "));
            indexed = packs.value();
        }
        auto selection = m_vault->selectForReplica(pointIds, noCancel, indexed);
        if (!selection)
            return selection.error().withContext(
                QCoreApplication::translate("Replication", "Cannot read what the points need from the source vault: "));
        needed.emplace(selection->objects.cbegin(), selection->objects.cend());
        for (const auto& [key, bytes] : std::as_const(selection->indexObjects)) {
            if (present.contains(key))
                continue;
            plan.generated.append({key, bytes});
            plan.bytesToMove += bytes.size();
        }
        found.clear();
    }
    QList<Storage::ObjectInfo> index;
    for (Storage::ObjectInfo o : std::as_const(sourceObjects.value())) {
        o.key = o.key.mid(m_sourcePrefix.size());
        const bool isPoint = o.key.startsWith(kPoints);
        if (isPoint) {
            const QString id = o.key.mid(kPoints.size());
            if (!wanted.contains(id))
                continue;
            found.insert(id);
        } else if (!isAddressed(o.key)) {
            continue; // config and keys/ belong to the replica itself (createReplicaOf wrote them)
        } else if (needed && !needed->remove(o.key)) {
            continue; // not referenced by these points (the generated index replaces index/)
        }
        // Content-addressed objects with the right size are the same object: dedup.
        const auto there = present.constFind(o.key);
        if (there != present.cend() && (isPoint || there.value() == o.size)) {
            plan.bytesAlreadyThere += o.size;
            continue;
        }
        plan.bytesToMove += o.size;
        if (isPoint)
            plan.points << o;
        else if (o.key.startsWith(kIndex))
            index << o;
        else
            plan.missing << o;
    }
    for (const QString& id : pointIds) {
        if (!found.contains(id))
            return Core::fail(Core::ErrorCode::NotFound,
                              QCoreApplication::translate("Replication", "Point %1 is not in the source vault (%2).")
                                  .arg(id, m_source.describe()));
    }
    // What is left in needed is referenced but missing from the source: refuse to publish.
    if (needed && !needed->isEmpty())
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate(
                "Replication",
                "Object %1, needed by the points to copy, is missing from the source vault (%2); run 'check' "
                "on the source vault.")
                .arg(*needed->cbegin(), m_source.describe()));
    // Index objects after the packs they describe.
    plan.missing << index;
    // Made index objects only matter beside something to send (a new pack, tree or point).
    if (needed && plan.missing.isEmpty() && plan.points.isEmpty()) {
        for (const auto& generated : std::as_const(plan.generated))
            plan.bytesToMove -= generated.second.size();
        plan.generated.clear();
    }
    return plan;
}

Core::Status VaultCopier::transfer(const Storage::ObjectInfo& object)
{
    auto bytes = m_source.get(m_sourcePrefix + object.key);
    if (!bytes)
        return bytes.error().withContext(
            QCoreApplication::translate("Replication", "Reading %1 from the source: ").arg(object.key));
    // One hash per object, over the bytes as read: they are the bytes that are sent.
    if (!matchesAddress(object.key, bytes.value()))
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate(
                "Replication", "Source object %1 does not match its content address; run 'check' on the source vault.")
                .arg(object.key));
    return putVerified(object.key, bytes.value());
}

Core::Status VaultCopier::putVerified(const QString& key, const QByteArray& bytes)
{
    if (m_limiter)
        m_limiter->throttle(bytes.size());
    if (auto s = m_target.put(m_targetPrefix + key, bytes); !s)
        return s.error().withContext(QCoreApplication::translate("Replication", "Writing %1 to the target: ").arg(key));
    // Verify on arrival without reading it back: put() is atomic and durable and checks
    // the transfer itself (local: written from these bytes and fsync'ed; S3: the ETag is
    // compared with the body's MD5), so the stored size is what is left to confirm.
    auto arrived = m_target.stat(m_targetPrefix + key);
    if (!arrived)
        return arrived.error().withContext(
            QCoreApplication::translate("Replication", "Checking %1 in the target: ").arg(key));
    if (!arrived->has_value() || arrived->value().size != bytes.size()) {
        (void)m_target.remove(m_targetPrefix + key);
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate(
                "Replication",
                "Object %1 arrived damaged in the target (its size differs); it was removed, run the copy again.")
                .arg(key));
    }
    return {};
}

Core::Result<CopyResult> VaultCopier::copy(const CopyPlan& plan, const CopyProgress& progress,
                                           const std::atomic_bool& cancel)
{
    QElapsedTimer clock;
    clock.start();
    CopyResult result;
    result.bytesSkipped = plan.bytesAlreadyThere;
    const qint64 objectsTotal = plan.missing.size() + plan.generated.size() + plan.points.size();
    QMutex mutex;
    qint64 bytesDone = 0;
    qint64 objectsDone = 0;
    std::optional<Core::Error> firstError;
    std::atomic_bool stop {false};

    auto done = [&](qint64 size) {
        QMutexLocker lock(&mutex);
        bytesDone += size;
        ++objectsDone;
        if (progress)
            progress(bytesDone, plan.bytesToMove, objectsDone, objectsTotal);
    };
    // Runs send(i) for i in [0, count) on up to `parallel` threads; stops at the first error.
    auto runPhase = [&](qsizetype count, int parallel, const std::function<Core::Status(qsizetype)>& send,
                        const std::function<qint64(qsizetype)>& sizeOf) {
        std::atomic<qsizetype> next {0};
        auto worker = [&] {
            while (!stop && !cancel) {
                const qsizetype i = next++;
                if (i >= count)
                    return;
                if (auto s = send(i); !s) {
                    QMutexLocker lock(&mutex);
                    if (!firstError)
                        firstError = s.error();
                    stop = true;
                    return;
                }
                done(sizeOf(i));
            }
        };
        std::vector<std::thread> threads;
        const int threadCount = int(std::min<qsizetype>(parallel, count));
        for (int t = 1; t < threadCount; ++t)
            threads.emplace_back(worker);
        worker();
        for (std::thread& t : threads)
            t.join();
    };
    auto runObjects = [&](const QList<Storage::ObjectInfo>& objects, int parallel) {
        runPhase(
            objects.size(), parallel, [&](qsizetype i) { return transfer(objects.at(i)); },
            [&](qsizetype i) { return objects.at(i).size; });
    };

    if (progress)
        progress(0, plan.bytesToMove, 0, objectsTotal);
    // Packs and trees first, then the index objects that describe them (each phase in
    // parallel, the next only once the previous one is complete), the point objects last:
    // a replica never indexes a pack it lacks, and a point appears only when complete.
    QList<Storage::ObjectInfo> data, index;
    for (const Storage::ObjectInfo& o : plan.missing)
        (o.key.startsWith(kIndex) ? index : data) << o;
    runObjects(data, m_parallel);
    if (!firstError && !cancel)
        runObjects(index, m_parallel);
    if (!firstError && !cancel)
        runPhase(
            plan.generated.size(), m_parallel,
            [&](qsizetype i) { return putVerified(plan.generated.at(i).first, plan.generated.at(i).second); },
            [&](qsizetype i) { return qint64(plan.generated.at(i).second.size()); });
    if (!firstError && !cancel)
        runObjects(plan.points, 1);
    if (firstError)
        return *firstError;
    if (cancel)
        return Core::fail(
            Core::ErrorCode::Cancelled,
            QCoreApplication::translate("Replication",
                                        "Copy cancelled; objects already sent stay and a rerun sends only the rest."));
    result.objectsSent = objectsDone;
    result.bytesSent = bytesDone;
    for (const Storage::ObjectInfo& p : plan.points)
        result.points << p.key.mid(kPoints.size());
    result.seconds = double(clock.elapsed()) / 1000.0;
    return result;
}

} // namespace Replication
