#include "backend/vault/VaultChecker.h"

#include "backend/storage/ObjectStore.h"
#include "backend/vault/Crypto.h"
#include "backend/vault/VaultEngine.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace Backup {

namespace {
// A partly used pack is rewritten when more than this share of it is dead.
constexpr double kRepackDeadShare = 0.3;
} // namespace

VaultChecker::VaultChecker(VaultEngine& engine, const ProgressCallback& progress, const std::atomic_bool& cancel)
    : m_engine(engine)
    , m_progress(progress)
    , m_cancel(cancel)
{ }

Core::Error VaultChecker::cancelled() const
{
    return Core::fail(Core::ErrorCode::Cancelled, QCoreApplication::translate("Backup::Vault", "cancelled"));
}

void VaultChecker::issue(const QString& key, const QString& problem)
{
    m_issues.append(CheckIssue {m_engine.objectKey(key), problem});
}

void VaultChecker::report(qint64 done, qint64 total)
{
    if (m_progress)
        m_progress(Progress {Phase::Verify, done, total, 0, 0});
}

Core::Status VaultChecker::survey()
{
    auto listed = m_engine.store().list(m_engine.prefix());
    if (!listed)
        return listed.error();
    for (const Storage::ObjectInfo& o : listed.value())
        m_objects.insert(o.key.mid(m_engine.prefix().size()), o.size);

    // config: the engine verified its MAC when it opened the vault; re-read it now.
    auto info = VaultEngine::peek(m_engine.store(), m_engine.prefix());
    if (!info)
        issue(VaultFormat::configKey(), info.error().message());
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        if (!it.key().startsWith(VaultFormat::keysFolder()))
            continue;
        auto data = m_engine.store().get(m_engine.objectKey(it.key()));
        if (!data) {
            issue(it.key(), data.error().message());
            continue;
        }
        const QJsonObject o = QJsonDocument::fromJson(data.value()).object();
        if (o.value(QStringLiteral("kind")).toString().isEmpty()
            || o.value(QStringLiteral("wrapped")).toString().isEmpty())
            issue(it.key(), QCoreApplication::translate("Backup::Vault", "not a valid key object"));
    }

    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        if (m_cancel)
            return cancelled();
        if (!it.key().startsWith(VaultFormat::indexFolder()))
            continue;
        auto plain = m_engine.getDecoded(it.key(), VaultFormat::indexRole(), true);
        if (!plain) {
            issue(it.key(), plain.error().message());
            continue;
        }
        auto packs = VaultFormat::decodeIndex(plain.value());
        if (!packs) {
            issue(it.key(), QCoreApplication::translate("Backup::Vault", "it is not a valid index"));
            continue;
        }
        m_indexes.insert(it.key(), packs.value());
    }
    for (auto it = m_indexes.cbegin(); it != m_indexes.cend(); ++it) {
        for (const IndexPack& p : it.value()) {
            if (!m_packs.contains(p.packId))
                m_packs.insert(p.packId, &p);
            for (const ChunkRecord& c : p.chunks)
                if (!m_chunkPack.contains(c.id))
                    m_chunkPack.insert(c.id, p.packId);
        }
    }

    // Every indexed pack must exist with the size the index records.
    for (auto it = m_packs.cbegin(); it != m_packs.cend(); ++it) {
        const QString key = VaultFormat::packKey(it.key());
        const IndexPack& p = *it.value();
        const auto found = m_objects.constFind(key);
        if (found == m_objects.cend()) {
            issue(key, QCoreApplication::translate("Backup::Vault", "missing (an index lists it)"));
            continue;
        }
        qint64 end = 0;
        for (const ChunkRecord& c : p.chunks)
            end = std::max<qint64>(end, qint64(c.offset) + c.length);
        if (found.value() < end || found.value() != p.packSize)
            issue(
                key,
                QCoreApplication::translate(
                    "Backup::Vault", "its size %1 differs from the %2 bytes the index records (truncated or modified)")
                    .arg(found.value())
                    .arg(p.packSize));
    }
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        if (m_cancel)
            return cancelled();
        if (!it.key().startsWith(VaultFormat::pointsFolder()))
            continue;
        const QString id = it.key().mid(VaultFormat::pointsFolder().size());
        auto point = m_engine.loadPoint(id);
        if (!point) {
            // Name the object that is actually damaged (the point or its tree).
            const QString message = point.error().message();
            issue(it.key(), message);
            continue;
        }
        ++m_points;
        qint64 missing = 0;
        for (const TreeEntry& e : point->second) {
            for (qsizetype i = 0; i < e.chunkCount(); ++i) {
                const QByteArray c = e.chunk(i);
                m_usedChunks.insert(c);
                if (!m_chunkPack.contains(c))
                    ++missing;
            }
        }
        if (missing > 0)
            issue(it.key(),
                  QCoreApplication::translate("Backup::Vault",
                                              "%n chunk(s) of this point are in no index (their data is lost)", nullptr,
                                              int(missing)));
        // Remember the tree key the point uses.
        auto plainPoint = m_engine.getDecoded(it.key(), VaultFormat::pointRole(id), false);
        QString treeKey;
        if (plainPoint && VaultFormat::decodePoint(plainPoint.value(), &treeKey))
            m_usedTrees.insert(treeKey);
    }
    return {};
}

Core::Result<CheckResult> VaultChecker::check(const CheckOptions& options)
{
    report(0, 0);
    if (auto s = survey(); !s)
        return s.error();
    CheckResult result;
    result.points = m_points;

    result.packsChecked = m_packs.size();
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        const QString& key = it.key();
        bool leftover = false;
        if (key.startsWith(VaultFormat::dataFolder()))
            leftover = !m_packs.contains(VaultFormat::packIdFromKey(key));
        else if (key.startsWith(VaultFormat::treesFolder()))
            leftover = !m_usedTrees.contains(key);
        if (leftover) {
            result.reclaimable.append(m_engine.objectKey(key));
            result.reclaimableBytes += it.value();
        }
    }

    if (options.readData) {
        QList<QByteArray> toRead;
        for (auto it = m_packs.cbegin(); it != m_packs.cend(); ++it)
            if (m_objects.contains(VaultFormat::packKey(it.key())))
                toRead.append(it.key());
        std::sort(toRead.begin(), toRead.end());
        const int percent = std::clamp(options.subsetPercent, 1, 100);
        if (percent < 100) {
            std::shuffle(toRead.begin(), toRead.end(), *QRandomGenerator::global());
            toRead.resize(static_cast<qsizetype>(std::ceil(toRead.size() * percent / 100.0)));
        }
        qint64 total = 0, done = 0;
        for (const QByteArray& id : toRead)
            total += m_objects.value(VaultFormat::packKey(id));
        for (const QByteArray& id : toRead) {
            if (m_cancel)
                return cancelled();
            const QString key = VaultFormat::packKey(id);
            report(done, total);
            done += m_objects.value(key);
            ++result.packsRead;
            auto data = m_engine.store().get(m_engine.objectKey(key));
            if (!data) {
                issue(key, data.error().message());
                continue;
            }
            if (Crypto::sha256(data.value()) != id) {
                issue(key,
                      QCoreApplication::translate("Backup::Vault",
                                                  "its content does not match its name (modified or truncated)"));
                continue;
            }
            qint64 bad = 0;
            for (const ChunkRecord& c : m_packs.value(id)->chunks) {
                if (qint64(c.offset) + c.length > data->size()
                    || !m_engine.codec().decodeChunk(c.id, data->constData() + c.offset, c.length, c.rawLength))
                    ++bad;
            }
            if (bad > 0)
                issue(key,
                      QCoreApplication::translate("Backup::Vault", "%n chunk(s) failed authentication", nullptr,
                                                  int(bad)));
        }
        report(total, total);
    }
    result.errors = m_issues;
    return result;
}

Core::Result<PruneResult> VaultChecker::prune()
{
    report(0, 0);
    if (auto s = survey(); !s)
        return s.error();
    if (!m_issues.isEmpty())
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Backup::Vault",
                                        "Prune refused: the vault is damaged (%1: %2); run check and repair first")
                .arg(m_issues.first().key, m_issues.first().problem));
    PruneResult result;
    QStringList toRemove;
    QList<IndexPack> keep;
    QList<const IndexPack*> repack;
    bool indexChanged = false;

    for (auto it = m_packs.cbegin(); it != m_packs.cend(); ++it) {
        const IndexPack& p = *it.value();
        qint64 liveBytes = 0;
        qsizetype live = 0;
        for (const ChunkRecord& c : p.chunks) {
            if (m_usedChunks.contains(c.id) && m_chunkPack.value(c.id) == p.packId) {
                ++live;
                liveBytes += c.length;
            }
        }
        if (live == 0) {
            toRemove.append(VaultFormat::packKey(p.packId));
            indexChanged = true;
        } else if (p.packSize > 0 && 1.0 - double(liveBytes) / double(p.packSize) > kRepackDeadShare) {
            repack.append(&p);
            indexChanged = true;
        } else {
            keep.append(p);
        }
    }
    // Orphan packs (a killed backup's) and unused trees.
    for (auto it = m_objects.cbegin(); it != m_objects.cend(); ++it) {
        if (it.key().startsWith(VaultFormat::dataFolder()) && !m_packs.contains(VaultFormat::packIdFromKey(it.key())))
            toRemove.append(it.key());
        else if (it.key().startsWith(VaultFormat::treesFolder()) && !m_usedTrees.contains(it.key()))
            toRemove.append(it.key());
    }

    // Repack live chunks of mostly-dead packs: blobs are copied as stored (no re-encryption).
    QByteArray pack;
    IndexPack records;
    auto flush = [&]() -> Core::Status {
        if (pack.isEmpty())
            return {};
        records.packId = Crypto::sha256(pack);
        records.packSize = pack.size();
        if (auto s = m_engine.put(VaultFormat::packKey(records.packId), pack); !s)
            return s;
        keep.append(records);
        records = IndexPack();
        pack.clear();
        return {};
    };
    for (const IndexPack* p : repack) {
        if (m_cancel)
            return cancelled();
        const QString key = VaultFormat::packKey(p->packId);
        auto data = m_engine.store().get(m_engine.objectKey(key));
        if (!data)
            return m_engine.storeError(data.error(), key);
        for (const ChunkRecord& c : p->chunks) {
            if (!m_usedChunks.contains(c.id) || m_chunkPack.value(c.id) != p->packId)
                continue;
            if (qint64(c.offset) + c.length > data->size())
                return m_engine.corrupt(
                    key, QCoreApplication::translate("Backup::Vault", "it is shorter than the index says (truncated)"));
            if (!pack.isEmpty() && pack.size() + c.length > m_engine.info().packSize)
                if (auto s = flush(); !s)
                    return s.error();
            records.chunks.append(ChunkRecord {c.id, static_cast<quint32>(pack.size()), c.length, c.rawLength});
            pack.append(data->constData() + c.offset, c.length);
        }
        toRemove.append(key);
        ++result.packsRewritten;
    }
    if (auto s = flush(); !s)
        return s.error();

    if (indexChanged) {
        // One consolidated index first, then the old ones go: a crash in between leaves
        // duplicate entries, which are harmless.
        const QByteArray stored
            = m_engine.codec().encodeObject(VaultFormat::encodeIndex(keep), VaultFormat::indexRole());
        const QString newKey = VaultFormat::hashedKey(VaultFormat::indexFolder(), stored);
        if (auto s = m_engine.put(newKey, stored); !s)
            return s.error();
        for (auto it = m_indexes.cbegin(); it != m_indexes.cend(); ++it) {
            if (it.key() == newKey)
                continue;
            if (auto s = m_engine.store().remove(m_engine.objectKey(it.key())); !s)
                return m_engine.storeError(s.error(), it.key());
            ++result.objectsRemoved;
            result.bytesFreed += m_objects.value(it.key());
        }
    }
    for (const QString& key : toRemove) {
        if (m_cancel)
            return cancelled();
        if (auto s = m_engine.store().remove(m_engine.objectKey(key)); !s)
            return m_engine.storeError(s.error(), key);
        ++result.objectsRemoved;
        result.bytesFreed += m_objects.value(key);
    }
    m_engine.resetIndex();
    return result;
}

} // namespace Backup
