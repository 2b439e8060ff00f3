// VaultCopier on real local stores and real vaults: a replica restores byte-identical,
// only what the target lacks is sent, objects are verified, an interrupted copy leaves no
// point and a rerun sends only the rest, a damaged source object is refused by name.

#include "backend/replication/VaultCopier.h"
#include "backend/sources/FolderSource.h"
#include "backend/storage/LocalObjectStore.h"
#include "backend/vault/Vault.h"
#include "tests/support/TreeCompare.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using Replication::VaultCopier;

namespace {

const QString kPrefix = QStringLiteral("vaults/v/");

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator gen(seed);
    QByteArray out(size, Qt::Uninitialized);
    for (qsizetype i = 0; i + 4 <= size; i += 4) {
        const quint32 v = gen.generate();
        memcpy(out.data() + i, &v, 4);
    }
    return out;
}

} // namespace

class TestVaultCopier final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Storage::LocalObjectStore> m_sourceStore;
    std::unique_ptr<Storage::LocalObjectStore> m_targetStore;
    std::unique_ptr<Backup::Vault> m_source;
    std::unique_ptr<Backup::Vault> m_target;
    QString m_data;

    QString backup()
    {
        Sources::FolderSource src(m_data);
        std::atomic_bool cancel{false};
        auto r = m_source->backup(src, {}, {}, cancel);
        if (!r)
            qWarning() << r.error().message();
        return r ? r->pointId : QString();
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString root = m_dir.filePath(QString::number(QRandomGenerator::global()->generate()));
        m_data = root + QStringLiteral("/data");
        writeFile(m_data + QStringLiteral("/a.txt"), "replicate me\n");
        writeFile(m_data + QStringLiteral("/big/random.bin"), randomBytes(6 * 1024 * 1024, 7));
        m_sourceStore = std::make_unique<Storage::LocalObjectStore>(root + QStringLiteral("/region-a"));
        m_targetStore = std::make_unique<Storage::LocalObjectStore>(root + QStringLiteral("/region-b"));
        Backup::CreateOptions options;
        // Small chunks and packs: several packs, so transfers run in parallel.
        options.chunker.minSize = 64 * 1024;
        options.chunker.avgSize = 128 * 1024;
        options.chunker.maxSize = 512 * 1024;
        options.packSize = 1024 * 1024;
        auto created = Backup::Vault::create(*m_sourceStore, kPrefix, options);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message()));
        m_source = std::move(created.value());
        auto replica = Backup::Vault::createReplicaOf(*m_source, *m_targetStore, kPrefix);
        QVERIFY2(replica, replica ? "" : qPrintable(replica.error().message()));
        m_target = std::move(replica.value());
    }

    void replicaRestoresByteIdenticalAndMatchesTheSource()
    {
        const QString point = backup();
        QVERIFY(!point.isEmpty());
        VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
        auto plan = copier.plan({point});
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message()));
        QCOMPARE(plan->points.size(), 1);
        QVERIFY(plan->missing.size() > 3);
        std::atomic_bool cancel{false};
        qint64 lastDone = -1;
        auto copied = copier.copy(plan.value(), [&](qint64 done, qint64, qint64, qint64) { lastDone = done; }, cancel);
        QVERIFY2(copied, copied ? "" : qPrintable(copied.error().message()));
        QCOMPARE(copied->bytesSent, plan->bytesToMove);
        QCOMPARE(lastDone, plan->bytesToMove);
        QCOMPARE(copied->points, QStringList{point});

        // Every object of the source's data is in the target with the same bytes.
        auto sourceObjects = m_sourceStore->list(kPrefix + QStringLiteral("data/"));
        QVERIFY(sourceObjects && !sourceObjects->isEmpty());
        for (const Storage::ObjectInfo& o : std::as_const(sourceObjects.value())) {
            auto a = m_sourceStore->get(o.key);
            auto b = m_targetStore->get(o.key);
            QVERIFY2(b, qPrintable(o.key));
            QCOMPARE(QCryptographicHash::hash(b.value(), QCryptographicHash::Sha256),
                     QCryptographicHash::hash(a.value(), QCryptographicHash::Sha256));
        }

        // The replica opens with the source's key, lists the point and restores it.
        auto reopened = Backup::Vault::open(*m_targetStore, kPrefix, Backup::KeySource::managedKey(m_source->managedKey()));
        QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().message()));
        auto points = reopened.value()->points();
        QVERIFY(points);
        QCOMPARE(points->size(), 1);
        Backup::RestoreOptions restore;
        restore.targetFolder = m_dir.filePath(QStringLiteral("restored-") + point);
        auto restored = reopened.value()->restore(point, restore, {}, cancel);
        QVERIFY2(restored, restored ? "" : qPrintable(restored.error().message()));
        const QString diff = TestSupport::compareTrees(m_data, restore.targetFolder);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        std::atomic_bool noCancel{false};
        Backup::CheckOptions check;
        check.readData = true;
        auto checked = reopened.value()->check(check, {}, noCancel);
        QVERIFY2(checked, checked ? "" : qPrintable(checked.error().message()));

        // Nothing left to send.
        auto again = copier.plan({point});
        QVERIFY(again);
        QCOMPARE(again->bytesToMove, qint64(0));
    }

    void incrementalSendsOnlyTheNewPoint()
    {
        const QString first = backup();
        VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
        copier.setBandwidthLimit(1024LL * 1024 * 1024); // limited path, same bytes
        std::atomic_bool cancel{false};
        auto plan = copier.plan({first});
        QVERIFY(plan);
        QVERIFY(copier.copy(plan.value(), {}, cancel));

        writeFile(m_data + QStringLiteral("/new.bin"), randomBytes(512 * 1024, 99));
        Sources::FolderSource src(m_data);
        auto second = m_source->backup(src, {}, {}, cancel);
        QVERIFY(second);
        auto plan2 = copier.plan({second->pointId});
        QVERIFY(plan2);
        QVERIFY2(plan2->bytesAlreadyThere > 6 * 1024 * 1024, "dedup against the points already there");
        auto copied = copier.copy(plan2.value(), {}, cancel);
        QVERIFY(copied);
        QVERIFY2(double(copied->bytesSent) <= 1.2 * double(second->storedBytesNew),
                 qPrintable(QStringLiteral("sent %1, new stored %2").arg(copied->bytesSent).arg(second->storedBytesNew)));
    }

    // Copies of selected points into a target that already indexes their packs write no new
    // index objects (each would be a fresh object: index objects are sealed with a random
    // nonce), and a later point gets records only for its own new packs.
    void repeatedSelectiveCopiesDoNotGrowTheTargetIndex()
    {
        std::atomic_bool cancel {false};
        Sources::FolderSource src(m_data);
        auto first = m_source->backup(src, {}, {}, cancel);
        QVERIFY(first);
        const auto indexObjects = [this] {
            auto listed = m_targetStore->list(kPrefix + QStringLiteral("index/"));
            return listed ? int(listed->size()) : -1;
        };
        const auto copyPoint = [&](const QString& point) -> qint64 {
            VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
            copier.setSourceVault(m_source.get());
            copier.setTargetVault(m_target.get());
            auto plan = copier.plan({point});
            if (!plan)
                return -1;
            auto copied = copier.copy(plan.value(), {}, cancel);
            qint64 indexBytes = 0; // the size of the index objects the copy made
            for (const auto& generated : std::as_const(plan->generated))
                indexBytes += generated.second.size();
            return copied ? indexBytes : -1;
        };
        const qint64 firstIndex = copyPoint(first->pointId); // the first copy indexes all it sends
        QVERIFY(firstIndex > 0);
        const int afterFirst = indexObjects();
        QVERIFY(afterFirst > 0);
        QCOMPARE(copyPoint(first->pointId), qint64(0)); // again: nothing new to index
        QCOMPARE(indexObjects(), afterFirst);

        // The second point shares the first one's ~6 MiB of packs and adds ~1 MiB: its copy
        // indexes the new packs only, not all of them again.
        writeFile(m_data + QStringLiteral("/later.bin"), randomBytes(1024 * 1024, 13));
        auto second = m_source->backup(src, {}, {}, cancel);
        QVERIFY(second);
        const qint64 secondIndex = copyPoint(second->pointId);
        QVERIFY2(secondIndex > 0 && secondIndex * 2 < firstIndex,
                 qPrintable(QStringLiteral("index bytes: first copy %1, second copy %2").arg(firstIndex).arg(secondIndex)));
        QCOMPARE(indexObjects(), afterFirst + 1);

        // The replica still restores the second point byte-identical.
        auto replica = Backup::Vault::open(*m_targetStore, kPrefix, Backup::KeySource::managedKey(m_source->managedKey()));
        QVERIFY(replica);
        Backup::RestoreOptions ro;
        ro.targetFolder = m_dir.filePath(QStringLiteral("restored-second-") + QString::number(QRandomGenerator::global()->generate()));
        auto restored = replica.value()->restore(second->pointId, ro, {}, cancel);
        QVERIFY2(restored, restored ? "" : qPrintable(restored.error().message()));
        const QString diff = TestSupport::compareTrees(m_data, ro.targetFolder);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void selectedPointSendsOnlyWhatItNeeds()
    {
        std::atomic_bool cancel{false};
        Sources::FolderSource src(m_data);
        auto first = m_source->backup(src, {}, {}, cancel);
        QVERIFY(first);
        writeFile(m_data + QStringLiteral("/later.bin"), randomBytes(3 * 1024 * 1024, 11));
        auto second = m_source->backup(src, {}, {}, cancel);
        QVERIFY(second);

        VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
        copier.setSourceVault(m_source.get());
        auto plan = copier.plan({first->pointId});
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message()));
        QVERIFY(!plan->generated.isEmpty());
        auto copied = copier.copy(plan.value(), {}, cancel);
        QVERIFY2(copied, copied ? "" : qPrintable(copied.error().message()));
        // The second point's 3 MiB of new packs stay behind.
        QVERIFY2(double(copied->bytesSent) <= 1.1 * double(first->storedBytesNew),
                 qPrintable(QStringLiteral("sent %1, first point stored %2").arg(copied->bytesSent).arg(first->storedBytesNew)));
        auto again = copier.plan({first->pointId});
        QVERIFY(again);
        QCOMPARE(again->bytesToMove, qint64(0));

        // The replica indexes only packs it holds (check reads all data) and restores the point.
        auto replica = Backup::Vault::open(*m_targetStore, kPrefix, Backup::KeySource::managedKey(m_source->managedKey()));
        QVERIFY(replica);
        Backup::CheckOptions check;
        check.readData = true;
        auto checked = replica.value()->check(check, {}, cancel);
        QVERIFY2(checked, checked ? "" : qPrintable(checked.error().message()));
        QVERIFY2(checked->ok(), qPrintable(checked->ok() ? QString() : checked->errors.constFirst().key + QStringLiteral(": ") + checked->errors.constFirst().problem));
        Backup::RestoreOptions restore;
        restore.targetFolder = m_dir.filePath(QStringLiteral("selected-") + first->pointId);
        QVERIFY(replica.value()->restore(first->pointId, restore, {}, cancel));
        QVERIFY(!QFile::exists(restore.targetFolder + QStringLiteral("/later.bin")));
        QFile restored(restore.targetFolder + QStringLiteral("/big/random.bin"));
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QCOMPARE(restored.readAll(), randomBytes(6 * 1024 * 1024, 7));

        // The second point then sends about its own new data only.
        auto plan2 = copier.plan({second->pointId});
        QVERIFY(plan2);
        auto copied2 = copier.copy(plan2.value(), {}, cancel);
        QVERIFY2(copied2, copied2 ? "" : qPrintable(copied2.error().message()));
        QVERIFY2(double(copied2->bytesSent) <= 1.2 * double(second->storedBytesNew),
                 qPrintable(QStringLiteral("sent %1, new stored %2").arg(copied2->bytesSent).arg(second->storedBytesNew)));
        auto reopened = Backup::Vault::open(*m_targetStore, kPrefix, Backup::KeySource::managedKey(m_source->managedKey()));
        QVERIFY(reopened);
        auto checked2 = reopened.value()->check(check, {}, cancel);
        QVERIFY2(checked2 && checked2->ok(), "replica consistent after the second copy");
        Backup::RestoreOptions restore2;
        restore2.targetFolder = m_dir.filePath(QStringLiteral("selected-") + second->pointId);
        QVERIFY(reopened.value()->restore(second->pointId, restore2, {}, cancel));
        const QString diff = TestSupport::compareTrees(m_data, restore2.targetFolder);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void interruptedCopyPublishesNoPointAndResumes()
    {
        const QString point = backup();
        VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
        copier.setParallel(2);
        auto plan = copier.plan({point});
        QVERIFY(plan);
        std::atomic_bool cancel{false};
        auto stopped = copier.copy(
            plan.value(), [&](qint64, qint64, qint64 objects, qint64) { if (objects >= 2) cancel = true; }, cancel);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code(), Core::ErrorCode::Cancelled);
        auto pointObject = m_targetStore->stat(kPrefix + QStringLiteral("points/") + point);
        QVERIFY(pointObject);
        QVERIFY2(!pointObject->has_value(), "the point is published last");

        auto rest = copier.plan({point});
        QVERIFY(rest);
        QVERIFY(rest->bytesToMove < plan->bytesToMove);
        QVERIFY(rest->bytesAlreadyThere > 0);
        std::atomic_bool go{false};
        auto finished = copier.copy(rest.value(), {}, go);
        QVERIFY2(finished, finished ? "" : qPrintable(finished.error().message()));
        QCOMPARE(finished->bytesSent + rest->bytesAlreadyThere, plan->bytesToMove + plan->bytesAlreadyThere);
        auto reopened = Backup::Vault::open(*m_targetStore, kPrefix, Backup::KeySource::managedKey(m_source->managedKey()));
        QVERIFY(reopened);
        QCOMPARE(reopened.value()->points()->size(), 1);
    }

    void damagedSourceObjectIsRefusedByName()
    {
        const QString point = backup();
        auto packs = m_sourceStore->list(kPrefix + QStringLiteral("data/"));
        QVERIFY(packs && !packs->isEmpty());
        const QString victim = packs->constFirst().key;
        QByteArray bytes = m_sourceStore->get(victim).value();
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
        QVERIFY(m_sourceStore->put(victim, bytes));
        VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
        auto plan = copier.plan({point});
        QVERIFY(plan);
        std::atomic_bool cancel{false};
        auto copied = copier.copy(plan.value(), {}, cancel);
        QVERIFY(!copied);
        QCOMPARE(copied.error().code(), Core::ErrorCode::Corrupt);
        QVERIFY2(copied.error().message().contains(victim.mid(kPrefix.size())), qPrintable(copied.error().message()));
        auto pointObject = m_targetStore->stat(kPrefix + QStringLiteral("points/") + point);
        QVERIFY(pointObject && !pointObject->has_value());
    }

    void unknownPointIsNamed()
    {
        VaultCopier copier(*m_sourceStore, kPrefix, *m_targetStore, kPrefix);
        auto plan = copier.plan({QStringLiteral("20990101T000000Z-deadbeef")});
        QVERIFY(!plan);
        QCOMPARE(plan.error().code(), Core::ErrorCode::NotFound);
        QVERIFY(plan.error().message().contains(QStringLiteral("20990101T000000Z-deadbeef")));
    }

    void contentAddresses()
    {
        const QByteArray bytes("stored");
        const QString hex = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QVERIFY(VaultCopier::matchesAddress(QStringLiteral("data/") + hex.left(2) + QLatin1Char('/') + hex, bytes));
        QVERIFY(VaultCopier::matchesAddress(QStringLiteral("index/") + hex, bytes));
        QVERIFY(!VaultCopier::matchesAddress(QStringLiteral("trees/") + hex, QByteArray("other")));
        QVERIFY(VaultCopier::matchesAddress(QStringLiteral("points/x"), QByteArray("anything")));
    }
};

QTEST_GUILESS_MAIN(TestVaultCopier)
#include "tst_vaultcopier.moc"
