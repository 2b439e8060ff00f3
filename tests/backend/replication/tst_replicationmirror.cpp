// A replication target mirrors its source's points (issue 5): on a real workspace with
// real local regions and vaults, a source point's deletion, its move to the archive tier
// and its expiry changes reach the target's copy at once through ReplicationService, and
// changes made behind its back are caught up by reconcileTargets() (what `agent --once`
// runs). Points of an active target refuse changes. Manual copies outside a link keep
// their own life. A copy into a local region removes ".cv-tmp-*" leftovers of a killed
// writer that nobody writes any more, keeps fresh ones, and never counts them as objects.

#include "backend/core/Workspace.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/CopyJob.h"
#include "backend/replication/CopyPreview.h"
#include "backend/replication/ReplicationService.h"
#include "backend/replication/VaultCopier.h"
#include "backend/sources/FolderSource.h"
#include "backend/storage/ObjectStore.h"
#include "backend/vault/ReplicationStopMarker.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultService.h"
#include "tests/support/TestWorkspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using Replication::ReplicationService;

class TestReplicationMirror final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSupport::TestWorkspace> m_tw;
    std::unique_ptr<Regions::RegionService> m_regions;
    std::unique_ptr<Vaults::VaultService> m_vaults;
    std::unique_ptr<ReplicationService> m_service;
    QString m_data;
    int m_fileCounter = 0;

    Core::Workspace& ws() { return m_tw->open(); }

    void addRegion(const QString& name)
    {
        Regions::Region r;
        r.name = name;
        r.kind = Regions::Region::kindLocal();
        r.location = m_tw->tempPath(QStringLiteral("regions/") + name);
        auto added = m_regions->add(r);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message()));
    }

    // Runs job on a fresh runner and waits for its end.
    Jobs::JobOutcome run(std::unique_ptr<Jobs::Job> job)
    {
        Jobs::JobRunner runner(ws().catalog());
        QSignalSpy finished(&runner, &Jobs::JobRunner::jobFinished);
        const qint64 id = runner.submit(std::move(job)).value();
        while (finished.isEmpty())
            finished.wait(60000);
        return runner.job(id)->outcome();
    }

    // A backup of a changed folder into vault; returns the new point's id.
    QString backUp(const QString& vault)
    {
        QFile f(m_data + QStringLiteral("/file-%1.txt").arg(++m_fileCounter));
        if (!f.open(QIODevice::WriteOnly))
            return {};
        // Incompressible, so that the copy has bytes to move.
        QByteArray bytes(64 * 1024, Qt::Uninitialized);
        QRandomGenerator gen {quint32(m_fileCounter)};
        gen.fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
        f.write(bytes);
        f.close();
        auto outcome = run(std::make_unique<Jobs::BackupJob>(ws().catalog(), std::move(m_vaults->access(vault).value()),
                                                             std::make_unique<Sources::FolderSource>(m_data)));
        return outcome.result.value(QStringLiteral("point")).toString();
    }

    Jobs::JobOutcome copy(const QString& source, const QString& target, const QStringList& points,
                          Replication::ReplicaOptions options = {})
    {
        return run(std::make_unique<Replication::CopyJob>(ws().catalog(), std::move(m_vaults->access(source).value()),
                                                          std::move(m_vaults->access(target).value()), points,
                                                          options));
    }

    std::optional<Vaults::PointRecord> point(const QString& id, const QString& vault)
    {
        auto p = Vaults::PointRepository(ws().catalog()).find(id, vault);
        return p ? std::optional<Vaults::PointRecord>(p.value()) : std::nullopt;
    }

    bool pointObjectExists(const QString& region, const QString& vault, const QString& id)
    {
        return QFileInfo::exists(
            m_tw->tempPath(QStringLiteral("regions/%1/vaults/%2/points/%3").arg(region, vault, id)));
    }

private slots:
    void initTestCase()
    {
        m_tw = std::make_unique<TestSupport::TestWorkspace>();
        m_regions = std::make_unique<Regions::RegionService>(ws());
        m_vaults = std::make_unique<Vaults::VaultService>(ws(), *m_regions);
        m_service = std::make_unique<ReplicationService>(ws(), *m_regions, *m_vaults);
        addRegion(QStringLiteral("ra"));
        addRegion(QStringLiteral("rb"));
        addRegion(QStringLiteral("rc"));
        m_data = m_tw->tempPath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(m_data));
        Vaults::NewVault spec;
        spec.name = QStringLiteral("src");
        spec.region = QStringLiteral("ra");
        QVERIFY(m_vaults->create(spec));
        QVERIFY(m_service->createTarget(QStringLiteral("src"), QStringLiteral("src-b"), QStringLiteral("rb"),
                                        QStringLiteral("dr copy"), {}, QStringLiteral("dr-site")));
        QCOMPARE(m_vaults->find(QStringLiteral("src-b"))->label, QStringLiteral("dr-site"));
        QVERIFY(m_service->enable(QStringLiteral("src"), QStringLiteral("src-b")));
    }

    void candidatesSayWhyNot()
    {
        // A vault of another key material in the target region is shown, with the reason.
        Vaults::NewVault spec;
        spec.name = QStringLiteral("unrelated");
        spec.region = QStringLiteral("rc");
        QVERIFY(m_vaults->create(spec));
        auto candidates = m_service->targetCandidates(QStringLiteral("src"), QStringLiteral("rc"));
        QVERIFY(candidates);
        QCOMPARE(candidates->size(), 1);
        QCOMPARE(candidates->first().vault, QStringLiteral("unrelated"));
        QVERIFY(!candidates->first().eligible);
        QVERIFY2(candidates->first().reason.contains(QStringLiteral("replication-target")),
                 qPrintable(candidates->first().reason));
        // The region already holding src's target: the existing target is not eligible twice.
        candidates = m_service->targetCandidates(QStringLiteral("src"), QStringLiteral("rb"));
        QVERIFY(candidates && candidates->size() == 1);
        QVERIFY(!candidates->first().eligible);
        QVERIFY(candidates->first().reason.contains(QStringLiteral("one target per region")));
    }

    void previewCountsOnlyWhatMoves()
    {
        const QString p1 = backUp(QStringLiteral("src"));
        QVERIFY(!p1.isEmpty());
        Replication::CopyPreview preview(ws());
        auto fresh = preview.estimate(QStringLiteral("src"), {p1}, QStringLiteral("src-b"), QStringLiteral("rb"));
        QVERIFY2(fresh, fresh ? "" : qPrintable(fresh.error().message()));
        QVERIFY(fresh->bytesToMove > 50000);
        QCOMPARE(fresh->targetGrowth, fresh->bytesToMove);
        QVERIFY(!fresh->price); // local regions link to no price sheet
        QCOMPARE(fresh->priceNote, QStringLiteral("no price sheet: cost not estimated"));
        const Jobs::JobOutcome o = copy(QStringLiteral("src"), QStringLiteral("src-b"), {p1});
        QVERIFY2(o.state == Jobs::JobState::Succeeded, qPrintable(o.error));
        QCOMPARE(o.result.value(QStringLiteral("bytesSent")).toInteger(), fresh->bytesToMove);
        // Everything is there now: nothing would move.
        auto again = preview.estimate(QStringLiteral("src"), {p1}, QStringLiteral("src-b"), QStringLiteral("rb"));
        QVERIFY(again);
        QCOMPARE(again->bytesToMove, qint64(0));
        QVERIFY(again->bytesAlreadyThere > 0);
    }

    void expiryChangesReachTheTarget()
    {
        const auto sourcePoints = Vaults::PointRepository(ws().catalog()).list(QStringLiteral("src"));
        QVERIFY(sourcePoints && !sourcePoints->isEmpty());
        const QString id = sourcePoints->last().id;
        QVERIFY(point(id, QStringLiteral("src-b")));
        const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(10);
        QVERIFY(m_service->setPointExpiry(QStringLiteral("src"), id, expires));
        QCOMPARE(point(id, QStringLiteral("src-b"))->expires.toSecsSinceEpoch(), expires.toSecsSinceEpoch());
        QVERIFY(m_service->setPointExpiry(QStringLiteral("src"), id, {}));
        QVERIFY(!point(id, QStringLiteral("src-b"))->expires.isValid());
    }

    void targetPointsAreReadOnly()
    {
        const auto copies = Vaults::PointRepository(ws().catalog()).list(QStringLiteral("src-b"));
        QVERIFY(copies && !copies->isEmpty());
        const QString id = copies->first().id;
        auto s = m_service->deletePoint(QStringLiteral("src-b"), id);
        QVERIFY(!s);
        QCOMPARE(s.error().code(), Core::ErrorCode::Refused);
        QVERIFY(s.error().message().contains(QStringLiteral("read-only")));
        QCOMPARE(m_service->setPointTier(QStringLiteral("src-b"), id, QStringLiteral("archive")).error().code(),
                 Core::ErrorCode::Refused);
        QCOMPARE(m_service->setPointExpiry(QStringLiteral("src-b"), id, QDateTime::currentDateTimeUtc()).error().code(),
                 Core::ErrorCode::Refused);
        QCOMPARE(m_service->setPointTier(QStringLiteral("src"), id, QStringLiteral("glacier")).error().code(),
                 Core::ErrorCode::InvalidInput);
        QVERIFY(point(id, QStringLiteral("src-b")));
    }

    void archivingRemovesTheReplicaAndStopsSyncingIt()
    {
        const QString id = backUp(QStringLiteral("src"));
        QVERIFY(copy(QStringLiteral("src"), QStringLiteral("src-b"), {id}).state == Jobs::JobState::Succeeded);
        QVERIFY(pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), id));
        QVERIFY(m_service->setPointTier(QStringLiteral("src"), id, QStringLiteral("archive")));
        QCOMPARE(point(id, QStringLiteral("src"))->tier, QStringLiteral("archive"));
        QVERIFY(!point(id, QStringLiteral("src-b")));
        QVERIFY(!pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), id));
        const auto pending = m_service->pendingPoints(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY(pending);
        for (const Vaults::PointRecord& p : pending.value())
            QVERIFY(p.id != id);
    }

    void deletionReachesTheTarget()
    {
        const QString id = backUp(QStringLiteral("src"));
        QVERIFY(copy(QStringLiteral("src"), QStringLiteral("src-b"), {id}).state == Jobs::JobState::Succeeded);
        QVERIFY(point(id, QStringLiteral("src-b")));
        QVERIFY(m_service->deletePoint(QStringLiteral("src"), id));
        QVERIFY(!point(id, QStringLiteral("src")));
        QVERIFY(!point(id, QStringLiteral("src-b")));
        QVERIFY(!pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), id));
    }

    void reconcileCatchesUpChangesMadeElsewhere()
    {
        const QString gone = backUp(QStringLiteral("src"));
        const QString archived = backUp(QStringLiteral("src"));
        const QString expiring = backUp(QStringLiteral("src"));
        QVERIFY(copy(QStringLiteral("src"), QStringLiteral("src-b"), {gone, archived, expiring}).state
                == Jobs::JobState::Succeeded);
        // Another tool changed the source without mirroring (only the source's records).
        Vaults::PointRepository repo(ws().catalog());
        QVERIFY(m_vaults->deletePoint(QStringLiteral("src"), gone));
        Vaults::PointRecord a = point(archived, QStringLiteral("src")).value();
        a.tier = QStringLiteral("archive");
        QVERIFY(repo.upsert(a));
        Vaults::PointRecord e = point(expiring, QStringLiteral("src")).value();
        e.expires = QDateTime::currentDateTimeUtc().addDays(3);
        QVERIFY(repo.upsert(e));
        QVERIFY(point(gone, QStringLiteral("src-b")) && point(archived, QStringLiteral("src-b")));

        auto changed = m_service->reconcileTargets(QStringLiteral("src"));
        QVERIFY2(changed, changed ? "" : qPrintable(changed.error().message()));
        QCOMPARE(changed.value(), 3);
        QVERIFY(!point(gone, QStringLiteral("src-b")));
        QVERIFY(!point(archived, QStringLiteral("src-b")));
        QCOMPARE(point(expiring, QStringLiteral("src-b"))->expires.toSecsSinceEpoch(), e.expires.toSecsSinceEpoch());
        QCOMPARE(m_service->reconcileTargets({}).value(), 0); // idempotent
    }

    void copiesLeftUnrecordedByAKilledCopyDoNotOutliveTheirSource()
    {
        // A copy killed after publishing its points but before the catalog recorded them:
        // the target holds the point objects, the target's catalog knows nothing of them.
        const QString deleted = backUp(QStringLiteral("src"));
        const QString kept = backUp(QStringLiteral("src"));
        auto sourceStore = m_regions->openStore(QStringLiteral("ra"));
        auto targetStore = m_regions->openStore(QStringLiteral("rb"));
        QVERIFY(sourceStore && targetStore);
        Replication::VaultCopier copier(*sourceStore.value(), QStringLiteral("vaults/src/"), *targetStore.value(),
                                        QStringLiteral("vaults/src-b/"));
        auto plan = copier.plan({deleted, kept});
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message()));
        const std::atomic_bool cancel {false};
        QVERIFY(copier.copy(plan.value(), {}, cancel));
        QVERIFY(pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), deleted));
        QVERIFY(!point(deleted, QStringLiteral("src-b")));
        // Meanwhile the source point is deleted where nobody mirrors it.
        QVERIFY(m_vaults->deletePoint(QStringLiteral("src"), deleted));
        // A point another workspace sharing the vaults backed up and copied: in both vaults'
        // storage, in neither of this catalog's lists. Not this workspace's to remove.
        const QString foreign = backUp(QStringLiteral("src"));
        // And one whose source point this workspace archived after the killed copy.
        const QString archived = backUp(QStringLiteral("src"));
        auto more = copier.plan({foreign, archived});
        QVERIFY(more);
        QVERIFY(copier.copy(more.value(), {}, cancel));
        Vaults::PointRepository repo(ws().catalog());
        QVERIFY(repo.remove(point(foreign, QStringLiteral("src"))->vaultId, foreign));
        Vaults::PointRecord a = point(archived, QStringLiteral("src")).value();
        a.tier = QStringLiteral("archive");
        QVERIFY(repo.upsert(a));

        auto changed = m_service->reconcileTargets(QStringLiteral("src"));
        QVERIFY2(changed, changed ? "" : qPrintable(changed.error().message()));
        QCOMPARE(changed.value(), 2);
        QVERIFY2(!pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), deleted),
                 "a copy whose source point is gone is removed from the target");
        QVERIFY2(!pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), archived),
                 "a copy whose source point was archived is removed from the target");
        QVERIFY2(pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), foreign),
                 "a point the source vault's storage still holds is kept, whoever's it is");
        QVERIFY2(pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), kept),
                 "a copy whose source point lives stays, for the next copy to record");
        // The next copy of the link records the surviving one without sending it again.
        const auto pending = m_service->pendingPoints(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY(pending && pending->size() == 1 && pending->first().id == kept);
        const Jobs::JobOutcome o = copy(QStringLiteral("src"), QStringLiteral("src-b"), {kept});
        QVERIFY2(o.state == Jobs::JobState::Succeeded, qPrintable(o.error));
        QCOMPARE(o.result.value(QStringLiteral("bytesSent")).toInteger(), qint64(0));
        QVERIFY(point(kept, QStringLiteral("src-b")));
    }

    void aManualCopyIntoTheActiveTargetMirrorsTheSource()
    {
        const QString id = backUp(QStringLiteral("src"));
        const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(7);
        QVERIFY(m_service->setPointExpiry(QStringLiteral("src"), id, expires));
        // An expiry of its own would be overwritten by the next reconcile: refused, saying why.
        Replication::CopyRequest request;
        request.point = id;
        request.region = QStringLiteral("rb");
        request.expireDays = 30;
        auto refused = m_service->prepareCopy(request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), Core::ErrorCode::Refused);
        QVERIFY2(refused.error().message().contains(QStringLiteral("follow the source point's expiry")),
                 qPrintable(refused.error().message()));
        // Without one it is an early sync: named, but with the source's expiry, which stays.
        request.expireDays = 0;
        request.name = QStringLiteral("early");
        auto target = m_service->prepareCopy(request);
        QVERIFY2(target, target ? "" : qPrintable(target.error().message()));
        QCOMPARE(target->name, QStringLiteral("src-b"));
        QVERIFY(request.mirrored);
        Replication::ReplicaOptions manual;
        manual.manual = true;
        manual.name = request.name;
        QVERIFY(copy(QStringLiteral("src"), QStringLiteral("src-b"), {id}, manual).state == Jobs::JobState::Succeeded);
        QCOMPARE(point(id, QStringLiteral("src-b"))->expires.toSecsSinceEpoch(), expires.toSecsSinceEpoch());
        QCOMPARE(m_service->reconcileTargets(QStringLiteral("src")).value(), 0);
    }

    void manualCopiesOutsideALinkKeepTheirLife()
    {
        const QString id = backUp(QStringLiteral("src"));
        QVERIFY(m_service->createTarget(QStringLiteral("src"), QStringLiteral("src-rc"), QStringLiteral("rc"), {}, {}));
        Replication::ReplicaOptions manual;
        manual.manual = true;
        manual.name = QStringLiteral("audit");
        QVERIFY(copy(QStringLiteral("src"), QStringLiteral("src-rc"), {id}, manual).state == Jobs::JobState::Succeeded);
        QVERIFY(m_service->setPointExpiry(QStringLiteral("src"), id, QDateTime::currentDateTimeUtc().addDays(1)));
        QVERIFY(m_service->deletePoint(QStringLiteral("src"), id));
        auto kept = point(id, QStringLiteral("src-rc"));
        QVERIFY2(kept, "a manual copy is permanent unless its own expiry is set");
        QVERIFY(!kept->expires.isValid());
    }

    void aStopMarkedElsewhereEndsReplicationCopies()
    {
        // Another workspace stopped the link and wrote the mark: this one's replication copies
        // are refused and reconcile leaves the (now standalone) vault's points alone.
        auto store = m_regions->openStore(QStringLiteral("rb"));
        QVERIFY(store);
        QVERIFY(Backup::ReplicationStopMarker::write(*store.value(), QStringLiteral("vaults/src-b/"),
                                                     QStringLiteral("someone-else"), QDateTime::currentDateTimeUtc()));
        const QString id = backUp(QStringLiteral("src"));
        const Jobs::JobOutcome refused = copy(QStringLiteral("src"), QStringLiteral("src-b"), {id});
        QCOMPARE(refused.state, Jobs::JobState::Failed);
        QVERIFY2(refused.error.contains(QStringLiteral("replication-stopped")), qPrintable(refused.error));
        QVERIFY(!pointObjectExists(QStringLiteral("rb"), QStringLiteral("src-b"), id));
        auto reconciled = m_service->reconcileTargets(QStringLiteral("src"));
        QVERIFY2(reconciled, reconciled ? "" : qPrintable(reconciled.error().message()));
        QVERIFY(Backup::ReplicationStopMarker::remove(*store.value(), QStringLiteral("vaults/src-b/")));
    }

    void leftoverTemporariesAreNotObjectsAndAreCleaned()
    {
        // What a copy killed mid-write leaves in a local region: an old temporary file, plus
        // one a live writer could be writing right now.
        const QString dataDir = m_tw->tempPath(QStringLiteral("regions/rb/vaults/src-b/data"));
        QVERIFY(QDir().mkpath(dataDir + QStringLiteral("/ab")));
        const QString stale = dataDir + QStringLiteral("/ab/.cv-tmp-0123456789abcdef");
        const QString fresh = dataDir + QStringLiteral("/.cv-tmp-fedcba9876543210");
        for (const QString& path : {stale, fresh}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'z'));
        }
        {
            QFile f(stale);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600), QFileDevice::FileModificationTime));
        }
        auto store = m_regions->openStore(QStringLiteral("rb"));
        QVERIFY(store);
        auto listed = store.value()->list(QStringLiteral("vaults/src-b/"));
        QVERIFY(listed);
        for (const Storage::ObjectInfo& o : listed.value())
            QVERIFY2(!o.key.contains(QStringLiteral(".cv-tmp-")), qPrintable(o.key));

        const QString id = backUp(QStringLiteral("src"));
        QVERIFY(copy(QStringLiteral("src"), QStringLiteral("src-b"), {id}).state == Jobs::JobState::Succeeded);
        QVERIFY2(!QFileInfo::exists(stale), "the next copy into the vault removes an abandoned temporary file");
        QVERIFY2(QFileInfo::exists(fresh), "a temporary file someone may still be writing is left alone");
    }
};

QTEST_GUILESS_MAIN(TestReplicationMirror)
#include "tst_replicationmirror.moc"
