#include "backend/replication/VaultCopier.h"

#include "backend/storage/BandwidthLimiter.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHash>
#include <QMutex>
#include <QSet>

#include <algorithm>
#include <thread>
#include <vector>

namespace Replication {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Replication", text);
}

const QString kData = QStringLiteral("data/");
const QString kTrees = QStringLiteral("trees/");
const QString kIndex = QStringLiteral("index/");
const QString kPoints = QStringLiteral("points/");

QByteArray sha256(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

} // namespace

VaultCopier::VaultCopier(Storage::ObjectStore& source, QString sourcePrefix, Storage::ObjectStore& target,
                         QString targetPrefix)
    : m_source(source)
    , m_sourcePrefix(std::move(sourcePrefix))
    , m_target(target)
    , m_targetPrefix(std::move(targetPrefix))
{
}

VaultCopier::~VaultCopier() = default;

void VaultCopier::setBandwidthLimit(qint64 bytesPerSecond)
{
    if (bytesPerSecond > 0)
        m_limiter = std::make_unique<Storage::BandwidthLimiter>(bytesPerSecond);
    else
        m_limiter.reset();
}

void VaultCopier::setParallel(int transfers)
{
    m_parallel = std::clamp(transfers, 1, 8);
}

bool VaultCopier::matchesAddress(const QString& key, const QByteArray& bytes)
{
    if (!key.startsWith(kData) && !key.startsWith(kTrees) && !key.startsWith(kIndex))
        return true;
    const QString hex = key.section(QLatin1Char('/'), -1);
    return sha256(bytes).toHex() == hex.toLatin1();
}

Core::Result<CopyPlan> VaultCopier::plan(const QStringList& pointIds)
{
    auto sourceObjects = m_source.list(m_sourcePrefix);
    if (!sourceObjects)
        return sourceObjects.error().withContext(tr("Cannot list the source vault (%1): ").arg(m_source.describe()));
    auto targetObjects = m_target.list(m_targetPrefix);
    if (!targetObjects)
        return targetObjects.error().withContext(tr("Cannot list the target vault (%1): ").arg(m_target.describe()));

    QHash<QString, qint64> present;
    for (const Storage::ObjectInfo& o : std::as_const(targetObjects.value()))
        present.insert(o.key.mid(m_targetPrefix.size()), o.size);

    const QSet<QString> wanted(pointIds.cbegin(), pointIds.cend());
    QSet<QString> found;
    CopyPlan plan;
    QList<Storage::ObjectInfo> index;
    for (Storage::ObjectInfo o : std::as_const(sourceObjects.value())) {
        o.key = o.key.mid(m_sourcePrefix.size());
        const bool isPoint = o.key.startsWith(kPoints);
        if (isPoint) {
            const QString id = o.key.mid(kPoints.size());
            if (!wanted.contains(id))
                continue;
            found.insert(id);
        } else if (!o.key.startsWith(kData) && !o.key.startsWith(kTrees) && !o.key.startsWith(kIndex)) {
            continue; // config and keys/ belong to the replica itself (createReplicaOf wrote them)
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
                              tr("Point %1 is not in the source vault (%2).").arg(id, m_source.describe()));
    }
    // Index objects after the packs they describe.
    plan.missing << index;
    return plan;
}

Core::Status VaultCopier::transfer(const Storage::ObjectInfo& object)
{
    auto bytes = m_source.get(m_sourcePrefix + object.key);
    if (!bytes)
        return bytes.error().withContext(tr("Reading %1 from the source: ").arg(object.key));
    if (!matchesAddress(object.key, bytes.value()))
        return Core::fail(Core::ErrorCode::Corrupt,
                          tr("Source object %1 does not match its content address; run 'check' on the source vault.")
                              .arg(object.key));
    const QByteArray expected = sha256(bytes.value());
    if (m_limiter)
        m_limiter->throttle(bytes->size());
    if (auto s = m_target.put(m_targetPrefix + object.key, bytes.value()); !s)
        return s.error().withContext(tr("Writing %1 to the target: ").arg(object.key));
    // Verify on arrival: what the target gives back must be what was sent.
    auto back = m_target.get(m_targetPrefix + object.key);
    if (!back)
        return back.error().withContext(tr("Re-reading %1 from the target: ").arg(object.key));
    if (sha256(back.value()) != expected) {
        (void)m_target.remove(m_targetPrefix + object.key);
        return Core::fail(Core::ErrorCode::Corrupt,
                          tr("Object %1 arrived damaged in the target (SHA-256 differs); it was removed, run the copy again.")
                              .arg(object.key));
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
    const qint64 objectsTotal = plan.missing.size() + plan.points.size();
    QMutex mutex;
    qint64 bytesDone = 0;
    qint64 objectsDone = 0;
    std::optional<Core::Error> firstError;
    std::atomic_bool stop{false};

    auto done = [&](const Storage::ObjectInfo& o) {
        QMutexLocker lock(&mutex);
        bytesDone += o.size;
        ++objectsDone;
        if (progress)
            progress(bytesDone, plan.bytesToMove, objectsDone, objectsTotal);
    };
    auto runPhase = [&](const QList<Storage::ObjectInfo>& objects, int parallel) {
        std::atomic<qsizetype> next{0};
        auto worker = [&] {
            while (!stop && !cancel) {
                const qsizetype i = next++;
                if (i >= objects.size())
                    return;
                if (auto s = transfer(objects.at(i)); !s) {
                    QMutexLocker lock(&mutex);
                    if (!firstError)
                        firstError = s.error();
                    stop = true;
                    return;
                }
                done(objects.at(i));
            }
        };
        std::vector<std::thread> threads;
        const int count = int(std::min<qsizetype>(parallel, objects.size()));
        for (int t = 1; t < count; ++t)
            threads.emplace_back(worker);
        worker();
        for (std::thread& t : threads)
            t.join();
    };

    if (progress)
        progress(0, plan.bytesToMove, 0, objectsTotal);
    // Packs, trees and index objects first (in parallel), the point objects last.
    runPhase(plan.missing, m_parallel);
    if (!firstError && !cancel)
        runPhase(plan.points, 1);
    if (firstError)
        return *firstError;
    if (cancel)
        return Core::fail(Core::ErrorCode::Cancelled,
                          tr("Copy cancelled; objects already sent stay and a rerun sends only the rest."));
    result.objectsSent = objectsDone;
    result.bytesSent = bytesDone;
    for (const Storage::ObjectInfo& p : plan.points)
        result.points << p.key.mid(kPoints.size());
    result.seconds = double(clock.elapsed()) / 1000.0;
    return result;
}

} // namespace Replication
