// ReplicationService and CopyJob on a real workspace, real local regions and real vaults:
// the rules (different region, same encryption, one target per region, the per-region
// limit, read-only targets, replicas not replicated, deletion while replicating), a copy job
// chained after a backup job on the JobRunner (replica recorded with the inherited expiry),
// RPO in status, and stop making the target standalone.

#include "backend/catalog/Catalog.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/JobRepository.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/CopyJob.h"
#include "backend/replication/CopyPreview.h"
#include "backend/replication/ReplicationService.h"
#include "backend/sources/FolderSource.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultRepository.h"
#include "backend/vaults/VaultService.h"
#include "tests/support/TestWorkspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using Replication::ReplicationService;

class TestReplicationService final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestSupport::TestWorkspace> m_tw;
    std::unique_ptr<Regions::RegionService> m_regions;
    std::unique_ptr<Vaults::VaultService> m_vaults;
    std::unique_ptr<ReplicationService> m_service;
    QString m_data;

    void addRegion(const QString& name)
    {
        Regions::Region r;
        r.name = name;
        r.kind = Regions::Region::kindLocal();
        r.location = m_tw->tempPath(QStringLiteral("regions/") + name);
        auto added = m_regions->add(r);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message()));
    }

    void createVault(const QString& name, const QString& region,
                     Backup::EncryptionMethod method = Backup::EncryptionMethod::Managed)
    {
        Vaults::NewVault spec;
        spec.name = name;
        spec.region = region;
        spec.encryption = method;
        if (method == Backup::EncryptionMethod::Customer)
            spec.customerKey = Backup::KeySource::passphrase("a long customer passphrase");
        auto made = m_vaults->create(spec);
        QVERIFY2(made, made ? "" : qPrintable(made.error().message()));
    }

    // Runs a backup job and a copy job chained after it; returns the copy's outcome.
    Jobs::JobOutcome backupAndCopy(const QString& source, const QString& target)
    {
        Core::Workspace& ws = m_tw->open();
        Jobs::JobRunner runner(ws.catalog());
        QSignalSpy finished(&runner, &Jobs::JobRunner::jobFinished);
        auto backup = std::make_unique<Jobs::BackupJob>(ws.catalog(), std::move(m_vaults->access(source).value()),
                                                        std::make_unique<Sources::FolderSource>(m_data));
        const qint64 backupId = runner.submit(std::move(backup)).value();
        auto copy = std::make_unique<Replication::CopyJob>(ws.catalog(), std::move(m_vaults->access(source).value()),
                                                           std::move(m_vaults->access(target).value()), QStringList());
        const qint64 copyId = runner.chain(backupId, std::move(copy)).value();
        while (finished.size() < 2)
            finished.wait(60000);
        const auto parent = Jobs::JobRepository(ws.catalog()).find(copyId);
        if (parent)
            m_lastCopyParent = parent->parent;
        return runner.job(copyId)->outcome();
    }
    qint64 m_lastCopyParent = 0;

private slots:
    void initTestCase()
    {
        m_tw = std::make_unique<TestSupport::TestWorkspace>();
        Core::Workspace& ws = m_tw->open();
        m_regions = std::make_unique<Regions::RegionService>(ws);
        m_vaults = std::make_unique<Vaults::VaultService>(ws, *m_regions);
        m_service = std::make_unique<ReplicationService>(ws, *m_regions, *m_vaults);
        addRegion(QStringLiteral("ra"));
        addRegion(QStringLiteral("rb"));
        addRegion(QStringLiteral("rc"));
        m_data = m_tw->tempPath(QStringLiteral("data"));
        QDir().mkpath(m_data);
        QFile f(m_data + QStringLiteral("/file.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(200000, 'x') + "tail");
        f.close();
        createVault(QStringLiteral("src"), QStringLiteral("ra"));
    }

    void rulesBeforeATargetExists()
    {
        auto s = m_service->checkEnableInRegion(QStringLiteral("src"), QStringLiteral("ra"));
        QVERIFY(!s);
        QCOMPARE(s.error().code(), Core::ErrorCode::Refused);
        QVERIFY(s.error().message().contains(QStringLiteral("different region")));
        s = m_service->checkEnableInRegion(QStringLiteral("src"), QStringLiteral("nowhere"));
        QCOMPARE(s.error().code(), Core::ErrorCode::InvalidInput);
        QVERIFY(m_service->checkEnableInRegion(QStringLiteral("src"), QStringLiteral("rb")));
        QCOMPARE(m_service->maxTargetsPerRegion(), ReplicationService::kDefaultTargetsPerRegion);
        QCOMPARE(m_service->setMaxTargetsPerRegion(0).error().code(), Core::ErrorCode::InvalidInput);
    }

    void encryptionMustMatch()
    {
        createVault(QStringLiteral("cust"), QStringLiteral("rc"), Backup::EncryptionMethod::Customer);
        auto s = m_service->checkEnable(QStringLiteral("src"), QStringLiteral("cust"));
        QVERIFY(!s);
        QCOMPARE(s.error().code(), Core::ErrorCode::Refused);
        QVERIFY(s.error().message().contains(QStringLiteral("encryption")));
    }

    void enableCopyChainedAfterBackupAndStatus()
    {
        auto target
            = m_service->createTarget(QStringLiteral("src"), QStringLiteral("src-b"), QStringLiteral("rb"), {}, {});
        QVERIFY2(target, target ? "" : qPrintable(target.error().message()));
        QCOMPARE(target->type, QStringLiteral("replication-target"));
        auto link = m_service->enable(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY2(link, link ? "" : qPrintable(link.error().message()));

        // Rules that need a link.
        auto s = m_service->checkEnableInRegion(QStringLiteral("src"), QStringLiteral("rb"));
        QVERIFY(!s && s.error().message().contains(QStringLiteral("one target per region")));
        s = m_service->checkBackupAllowed(QStringLiteral("src-b"));
        QVERIFY(!s && s.error().message().contains(QStringLiteral("read-only")));
        s = m_service->checkDeletable(QStringLiteral("src"));
        QVERIFY(!s && s.error().message().contains(QStringLiteral("while it replicates")));
        // Deleting the active target would end the link silently: refused, with the way out.
        s = m_service->checkDeletable(QStringLiteral("src-b"));
        QVERIFY(!s);
        QCOMPARE(s.error().code(), Core::ErrorCode::Refused);
        QVERIFY2(s.error().message().contains(QStringLiteral("replication stop src --target src-b")),
                 qPrintable(s.error().message()));
        s = m_service->checkEnableInRegion(QStringLiteral("src-b"), QStringLiteral("rc"));
        QVERIFY(!s && s.error().message().contains(QStringLiteral("cannot be replicated again")));
        QVERIFY(m_service->setMaxTargetsPerRegion(1));
        createVault(QStringLiteral("other"), QStringLiteral("ra"));
        s = m_service->checkEnableInRegion(QStringLiteral("other"), QStringLiteral("rb"));
        QVERIFY(!s && s.error().message().contains(QStringLiteral("limit per region")));
        QVERIFY(m_service->setMaxTargetsPerRegion(ReplicationService::kDefaultTargetsPerRegion));

        const Jobs::JobOutcome outcome = backupAndCopy(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY2(outcome.state == Jobs::JobState::Succeeded, qPrintable(outcome.error));
        QVERIFY(m_lastCopyParent > 0);
        const QString point = outcome.result.value(QStringLiteral("points")).toArray().first().toString();
        auto replica = Vaults::PointRepository(m_tw->open().catalog()).find(point, QStringLiteral("src-b"));
        QVERIFY(replica);
        QCOMPARE(replica->origin, QStringLiteral("replica"));

        auto status = m_service->status(QStringLiteral("src"));
        QVERIFY(status);
        QCOMPARE(status->size(), 1);
        QCOMPARE(status->first().newestPoint, point);
        QCOMPARE(status->first().lagSeconds, qint64(0));
        QCOMPARE(status->first().pendingPoints, 0);
        auto pending = m_service->pendingPoints(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY(pending && pending->isEmpty());
    }

    void archiveTierPointsAreNotSynced()
    {
        Core::Workspace& ws = m_tw->open();
        Vaults::PointRepository points(ws.catalog());
        Vaults::PointRecord archived;
        archived.id = QStringLiteral("20260101T000000Z-a5c41ed0");
        archived.vaultId = Vaults::VaultRepository(ws.catalog()).find(QStringLiteral("src"))->id;
        archived.source = m_data;
        archived.created = QDateTime::currentDateTimeUtc().addDays(-300);
        archived.tier = QStringLiteral("archive");
        QVERIFY(points.upsert(archived));
        auto pending = m_service->pendingPoints(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY(pending);
        for (const Vaults::PointRecord& p : std::as_const(pending.value()))
            QVERIFY(p.id != archived.id);
        Replication::CopyRequest request;
        request.point = archived.id;
        request.region = QStringLiteral("rc");
        auto refused = m_service->prepareCopy(request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), Core::ErrorCode::Refused);
        QVERIFY(refused.error().message().contains(QStringLiteral("archive")));
        QVERIFY(points.remove(archived.vaultId, archived.id));
    }

    // A customer-key source: without its key the preview can only give an upper bound (every
    // object the target lacks); with it, only what the copied point uses, as the copy sends.
    void customerKeyPreviewIsExactWithTheKey()
    {
        Core::Workspace& ws = m_tw->open();
        createVault(QStringLiteral("custsrc"), QStringLiteral("ra"), Backup::EncryptionMethod::Customer);
        const Backup::KeySource key = Backup::KeySource::passphrase("a long customer passphrase");
        const QString folder = m_tw->tempPath(QStringLiteral("cust-data"));
        QVERIFY(QDir().mkpath(folder));
        const auto backUp = [&]() -> QString {
            Jobs::JobRunner runner(ws.catalog());
            QSignalSpy finished(&runner, &Jobs::JobRunner::jobFinished);
            auto job = std::make_unique<Jobs::BackupJob>(
                ws.catalog(), std::move(m_vaults->access(QStringLiteral("custsrc"), key).value()),
                std::make_unique<Sources::FolderSource>(folder));
            const qint64 id = runner.submit(std::move(job)).value();
            while (finished.isEmpty())
                finished.wait(60000);
            return runner.job(id)->outcome().result.value(QStringLiteral("point")).toString();
        };
        const auto write = [&](const QString& name, qint64 size, char seed) {
            QFile f(folder + QLatin1Char('/') + name);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray bytes(size, Qt::Uninitialized);
            quint32 x = 2166136261u ^ quint32(seed);
            for (char& c : bytes) { // incompressible, so the second point's data is large
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                c = char(x);
            }
            f.write(bytes);
        };
        write(QStringLiteral("first.bin"), 300000, 'a');
        const QString first = backUp();
        write(QStringLiteral("second.bin"), 2000000, 'b');
        const QString second = backUp();
        QVERIFY(!first.isEmpty() && !second.isEmpty());

        Replication::CopyPreview preview(ws);
        auto bound
            = preview.estimate(QStringLiteral("custsrc"), {first}, QStringLiteral("custsrc-rb"), QStringLiteral("rb"));
        QVERIFY2(bound, bound ? "" : qPrintable(bound.error().message()));
        QVERIFY(!bound->exact);
        auto exact = preview.estimate(QStringLiteral("custsrc"), {first}, QStringLiteral("custsrc-rb"),
                                      QStringLiteral("rb"), key);
        QVERIFY2(exact, exact ? "" : qPrintable(exact.error().message()));
        QVERIFY(exact->exact);
        QVERIFY2(exact->bytesToMove + 1500000 < bound->bytesToMove,
                 qPrintable(QStringLiteral("exact %1, bound %2").arg(exact->bytesToMove).arg(bound->bytesToMove)));
        // Every point of the source: nothing to pick out, exact without the key.
        auto all = preview.estimate(QStringLiteral("custsrc"), {first, second}, QStringLiteral("custsrc-rb"),
                                    QStringLiteral("rb"));
        QVERIFY(all && all->exact);
    }

    void aPointGoneFromTheSourceDoesNotStallTheOthers()
    {
        Core::Workspace& ws = m_tw->open();
        Vaults::PointRepository points(ws.catalog());
        auto real = points.list(QStringLiteral("src"));
        QVERIFY(real && !real->isEmpty());
        const QString realId = real->constLast().id;
        const QString goneId = QStringLiteral("20260102T000000Z-0badc0de"); // in no vault
        Jobs::JobRunner runner(ws.catalog());
        QSignalSpy finished(&runner, &Jobs::JobRunner::jobFinished);
        auto copy = std::make_unique<Replication::CopyJob>(
            ws.catalog(), std::move(m_vaults->access(QStringLiteral("src")).value()),
            std::move(m_vaults->access(QStringLiteral("src-b")).value()), QStringList {goneId, realId});
        const qint64 id = runner.submit(std::move(copy)).value();
        while (finished.isEmpty())
            finished.wait(60000);
        const Jobs::JobOutcome outcome = runner.job(id)->outcome();
        QCOMPARE(outcome.state, Jobs::JobState::Partial);
        QVERIFY2(outcome.error.contains(goneId), qPrintable(outcome.error));
        QCOMPARE(outcome.result.value(QStringLiteral("missingPoints")).toArray().first().toString(), goneId);
        QVERIFY(outcome.result.value(QStringLiteral("points")).toArray().contains(realId));
    }

    void theCatalogHoldsOneActiveTargetPerRegion()
    {
        // Whatever process writes the catalog, a second active link of src into rb, or a
        // second source for src-b, does not go in (the rule enable() checks under the lock).
        QSqlQuery q(m_tw->open().catalog().database());
        QVERIFY(q.exec(QStringLiteral("SELECT source, target FROM replication_links WHERE state = 'active'")));
        QVERIFY(q.next());
        const qint64 source = q.value(0).toLongLong();
        const qint64 target = q.value(1).toLongLong();
        const qint64 other = Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("other"))->id;
        QSqlQuery insert(m_tw->open().catalog().database());
        insert.prepare(QStringLiteral("INSERT INTO replication_links (source, target, region, state, created)"
                                      " VALUES (?, ?, 'rb', 'active', '2026-11-30T00:00:00Z')"));
        insert.addBindValue(source);
        insert.addBindValue(other);
        QVERIFY2(!insert.exec(), "a second active target of src in rb");
        insert.addBindValue(other);
        insert.addBindValue(target);
        QVERIFY2(!insert.exec(), "a second active source of src-b");
        QVERIFY(insert.lastError().text().contains(QStringLiteral("UNIQUE")));
    }

    void aStopThatCannotReachTheTargetChangesNothing()
    {
        // The target's folder is replaced by a file: its region cannot take the stop marker.
        const QString folder = m_tw->tempPath(QStringLiteral("regions/rb/vaults/src-b"));
        QVERIFY(QDir().rename(folder, folder + QStringLiteral(".aside")));
        {
            QFile blocker(folder);
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        const auto s = m_service->stop(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY(QFile::remove(folder));
        QVERIFY(QDir().rename(folder + QStringLiteral(".aside"), folder));
        QVERIFY(!s);
        QCOMPARE(s.error().code(), Core::ErrorCode::Unreachable);
        QVERIFY2(s.error().message().contains(QStringLiteral("Replication was not stopped")),
                 qPrintable(s.error().message()));
        QVERIFY2(s.error().message().contains(QStringLiteral("--force")), qPrintable(s.error().message()));
        auto links = m_service->links(QStringLiteral("src"), true);
        QVERIFY(links && links->size() == 1);
        QCOMPARE(Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("src-b"))->type,
                 QStringLiteral("replication-target"));
    }

    void aForcedStopEndsTheLinkOfALostRegion()
    {
        // A region lost for good: forced, the link ends here and the outcome says the mark is missing.
        QVERIFY(
            m_service->createTarget(QStringLiteral("src"), QStringLiteral("src-lost"), QStringLiteral("rc"), {}, {}));
        QVERIFY(m_service->enable(QStringLiteral("src"), QStringLiteral("src-lost")));
        const QString folder = m_tw->tempPath(QStringLiteral("regions/rc/vaults/src-lost"));
        QVERIFY(QDir(folder).removeRecursively());
        {
            QFile blocker(folder);
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        QCOMPARE(m_service->stop(QStringLiteral("src"), QStringLiteral("src-lost")).error().code(),
                 Core::ErrorCode::Unreachable);
        auto forced = m_service->stop(QStringLiteral("src"), QStringLiteral("src-lost"), true);
        QVERIFY2(forced, forced ? "" : qPrintable(forced.error().message()));
        QVERIFY(!forced->markerWritten);
        QVERIFY(!forced->markerError.isEmpty());
        QCOMPARE(Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("src-lost"))->type,
                 QStringLiteral("standalone"));
        auto links = m_service->links(QStringLiteral("src"), true);
        QVERIFY(links && links->size() == 1 && links->first().target == QStringLiteral("src-b"));
        // Stopping it again while the region is still lost: nothing to change here, so no
        // refusal, but the outcome says the mark is still missing.
        auto again = m_service->stop(QStringLiteral("src"), QStringLiteral("src-lost"));
        QVERIFY2(again, again ? "" : qPrintable(again.error().message()));
        QVERIFY(again->alreadyStopped);
        QVERIFY(!again->markerWritten);
        QVERIFY(!again->markerError.isEmpty());
        QVERIFY(QFile::remove(folder));

        // A stopped link into a vault that another source still replicates to (left by the
        // upgrade that stopped duplicate links): stopping it again must not mark that vault.
        {
            QSqlQuery q(m_tw->open().catalog().database());
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO replication_links (source, target, region, state, created, stopped) SELECT s.id, t.id, "
                "t.region, 'stopped', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z' FROM vaults s, vaults t "
                "WHERE s.name = 'src-lost' AND t.name = 'src-b'")));
        }
        auto other = m_service->stop(QStringLiteral("src-lost"), QStringLiteral("src-b"));
        QVERIFY2(other, other ? "" : qPrintable(other.error().message()));
        QVERIFY(other->alreadyStopped);
        QVERIFY(!other->markerWritten);
        QVERIFY2(other->markerError.contains(QStringLiteral("replication target of 'src'")),
                 qPrintable(other->markerError));
        QVERIFY(!QFileInfo::exists(m_tw->tempPath(QStringLiteral("regions/rb/vaults/src-b/replication-stopped"))));
        QVERIFY(m_service->linkOfTarget(QStringLiteral("src-b")).value().has_value());
        QSqlQuery cleanup(m_tw->open().catalog().database());
        QVERIFY(cleanup.exec(QStringLiteral("DELETE FROM replication_links WHERE source = (SELECT id FROM vaults "
                                            "WHERE name = 'src-lost') AND state = 'stopped'")));
    }

    void stopIsFinal()
    {
        QVERIFY(m_service->stop(QStringLiteral("src"), QStringLiteral("src-b")));
        // The target's own storage says so: a workspace importing it later gets a standalone
        // vault, which can never be linked again.
        QVERIFY(QFileInfo::exists(m_tw->tempPath(QStringLiteral("regions/rb/vaults/src-b/replication-stopped"))));
        {
            auto opened = m_vaults->access(QStringLiteral("src-b")).value().open();
            QVERIFY(opened);
            const QString recovery = opened.value()->exportRecoveryKey().value();
            TestSupport::TestWorkspace fresh;
            Regions::RegionService regions(fresh.open());
            Regions::Region r;
            r.name = QStringLiteral("dr");
            r.kind = Regions::Region::kindLocal();
            r.location = m_tw->tempPath(QStringLiteral("regions/rb"));
            QVERIFY(regions.add(r));
            Vaults::VaultService vaults(fresh.open(), regions);
            auto imported = vaults.import(QStringLiteral("src-b"), QStringLiteral("dr"),
                                          Backup::KeySource::recoveryKey(recovery));
            QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message()));
            QCOMPARE(imported->type, QStringLiteral("standalone"));
            QVERIFY(ReplicationService(fresh.open(), regions, vaults).checkBackupAllowed(QStringLiteral("src-b")));
        }
        QCOMPARE(Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("src-b"))->type,
                 QStringLiteral("standalone"));
        QVERIFY(m_service->checkDeletable(QStringLiteral("src")));
        // A second stop finds the mark and changes nothing.
        const auto again = m_service->stop(QStringLiteral("src"), QStringLiteral("src-b"));
        QVERIFY(again && again->alreadyStopped && again->markerWritten);
        auto links = m_service->links(QStringLiteral("src"));
        QVERIFY(links && links->size() == 2); // src-b, and src-lost (stopped by force)
        for (const Replication::ReplicationLink& l : links.value()) {
            QCOMPARE(l.state, QStringLiteral("stopped"));
            QVERIFY(l.stopped.isValid());
        }

        // A replication copy queued before the stop (chained after a long backup, or by the
        // agent) is refused when it runs; the standalone vault receives nothing.
        const int before = Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("src-b"))->points;
        const Jobs::JobOutcome outcome = backupAndCopy(QStringLiteral("src"), QStringLiteral("src-b"));
        QCOMPARE(outcome.state, Jobs::JobState::Failed);
        QVERIFY2(outcome.error.contains(QStringLiteral("was stopped")), qPrintable(outcome.error));
        QCOMPARE(Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("src-b"))->points, before);
    }

    void replicaFieldRules()
    {
        QVERIFY(
            ReplicationService::validateReplicaFields(QStringLiteral("ok_name-1"), QString(255, QLatin1Char('d')), 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QString(65, QLatin1Char('n')), {}, 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QStringLiteral("sp ace"), {}, 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QStringLiteral("x"), QString(256, QLatin1Char('d')), 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QStringLiteral("x"), {}, -1));
    }
};

QTEST_GUILESS_MAIN(TestReplicationService)
#include "tst_replicationservice.moc"
