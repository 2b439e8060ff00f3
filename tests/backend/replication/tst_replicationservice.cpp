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
#include "backend/replication/ReplicationService.h"
#include "backend/sources/FolderSource.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultRepository.h"
#include "backend/vaults/VaultService.h"
#include "tests/support/TestWorkspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
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

    void createVault(const QString& name, const QString& region, Backup::EncryptionMethod method = Backup::EncryptionMethod::Managed)
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
        auto target = m_service->createTarget(QStringLiteral("src"), QStringLiteral("src-b"), QStringLiteral("rb"), {}, {});
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

    void stopIsFinal()
    {
        QVERIFY(m_service->stop(QStringLiteral("src"), QStringLiteral("src-b")));
        QCOMPARE(Vaults::VaultRepository(m_tw->open().catalog()).find(QStringLiteral("src-b"))->type, QStringLiteral("standalone"));
        QVERIFY(m_service->checkDeletable(QStringLiteral("src")));
        QCOMPARE(m_service->stop(QStringLiteral("src"), QStringLiteral("src-b")).error().code(), Core::ErrorCode::NotFound);
        auto links = m_service->links(QStringLiteral("src"));
        QVERIFY(links && links->size() == 1);
        QCOMPARE(links->first().state, QStringLiteral("stopped"));
        QVERIFY(links->first().stopped.isValid());
    }

    void replicaFieldRules()
    {
        QVERIFY(ReplicationService::validateReplicaFields(QStringLiteral("ok_name-1"), QString(255, QLatin1Char('d')), 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QString(65, QLatin1Char('n')), {}, 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QStringLiteral("sp ace"), {}, 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QStringLiteral("x"), QString(256, QLatin1Char('d')), 0));
        QVERIFY(!ReplicationService::validateReplicaFields(QStringLiteral("x"), {}, -1));
    }
};

QTEST_GUILESS_MAIN(TestReplicationService)
#include "tst_replicationservice.moc"
