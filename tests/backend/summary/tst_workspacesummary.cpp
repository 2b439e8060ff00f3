// The Overview page's numbers, read from a real catalog that the real CLI filled: vaults,
// points, sizes, replication links, failed jobs and unexported recovery keys.
#include "backend/catalog/Catalog.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/JobRepository.h"
#include "backend/summary/WorkspaceSummary.h"
#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::CliResult;
using TestSupport::CliRunner;

namespace {

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

Summary::WorkspaceSummary summaryOf(const QString& workspacePath, const QDateTime& now = QDateTime::currentDateTimeUtc())
{
    auto workspace = Core::Workspace::open(workspacePath);
    if (!workspace)
        qFatal("cannot open workspace: %s", qPrintable(workspace.error().message()));
    auto summary = Summary::summarise(workspace.value()->catalog(), now);
    if (!summary)
        qFatal("summary failed: %s", qPrintable(summary.error().message()));
    return summary.value();
}

} // namespace

class TestWorkspaceSummary : public QObject
{
    Q_OBJECT

private slots:
    void emptyWorkspaceHasNothing()
    {
        QTemporaryDir tmp;
        const Summary::WorkspaceSummary s = summaryOf(tmp.filePath(QStringLiteral("ws")));
        QCOMPARE(s.vaults, 0);
        QCOMPARE(s.points, 0);
        QCOMPARE(s.storedBytes, 0);
        QCOMPARE(s.activeReplications, 0);
        QCOMPARE(s.failedJobs, 0);
        QVERIFY(!s.newestPoint.isValid());
    }

    void countsWhatTheCliDid()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.filePath(QStringLiteral("ws"));
        const QString src = tmp.filePath(QStringLiteral("src"));
        QVERIFY(QDir().mkpath(src));
        QFile file(src + QStringLiteral("/a.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray content = QByteArray("hello, summary\n").repeated(4000); // 60,000 bytes
        file.write(content);
        file.close();

        CliRunner cli(ws);
        CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("docs"), QStringLiteral("--region"),
                               QStringLiteral("local-east")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        for (int i = 0; i < 2; ++i) {
            r = cli.run({QStringLiteral("backup"), src, QStringLiteral("--vault"), QStringLiteral("docs")});
            QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        }
        Summary::WorkspaceSummary s = summaryOf(ws);
        QCOMPARE(s.vaults, 1);
        QCOMPARE(s.targetVaults, 0);
        QCOMPARE(s.points, 2);
        // Two points of one source: the protected size counts the newest one only.
        QCOMPARE(s.logicalBytes, qint64(content.size()));
        QVERIFY(s.storedBytes > 0);
        QCOMPARE(s.unexportedKeys, 1);
        QCOMPARE(s.activeReplications, 0);
        QVERIFY(s.newestPoint.isValid());
        QVERIFY(s.newestPoint.secsTo(QDateTime::currentDateTimeUtc()) < 3600);

        r = cli.run({QStringLiteral("replication"), QStringLiteral("enable"), QStringLiteral("docs"), QStringLiteral("--create-target"),
                     QStringLiteral("docs-dr"), QStringLiteral("--region"), QStringLiteral("local-west")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = cli.run({QStringLiteral("agent"), QStringLiteral("--once")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = cli.run({QStringLiteral("vault"), QStringLiteral("export-key"), QStringLiteral("docs"), QStringLiteral("--to"),
                     tmp.filePath(QStringLiteral("docs.key"))});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        {
            // A job that failed, recorded the way the job runner records one.
            auto workspace = Core::Workspace::open(ws);
            QVERIFY(workspace);
            Jobs::JobRepository jobs(workspace.value()->catalog());
            Jobs::JobRecord record;
            record.type = QStringLiteral("check");
            record.vault = QStringLiteral("docs");
            auto inserted = jobs.insert(record);
            QVERIFY(inserted);
            QVERIFY(jobs.markRunning(inserted->id));
            QVERIFY(jobs.finish(inserted->id, Jobs::JobOutcome::failure(Core::fail(Core::ErrorCode::Io, QStringLiteral("disk gone")))));
        }
        s = summaryOf(ws);
        QCOMPARE(s.vaults, 2);
        QCOMPARE(s.targetVaults, 1);
        QCOMPARE(s.activeReplications, 1);
        QVERIFY2(s.points >= 3, qPrintable(QString::number(s.points))); // replicas count as points in their vault
        // The replica's bytes are stored, not protected twice.
        QCOMPARE(s.logicalBytes, qint64(content.size()));
        QVERIFY(s.unexportedKeys <= 1); // the source's key is exported; the target shares it
        QCOMPARE(s.runningJobs, 0);
        QCOMPARE(s.failedJobs, 1);

        // Failed jobs count only within the last 24 hours.
        const Summary::WorkspaceSummary later = summaryOf(ws, QDateTime::currentDateTimeUtc().addDays(2));
        QCOMPARE(later.failedJobs, 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceSummary)
#include "tst_workspacesummary.moc"
