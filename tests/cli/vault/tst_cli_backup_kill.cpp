// SIGKILL a real `crossvault-cli backup` at several moments of a ~200 MB backup: the vault
// stays consistent (check is clean; leftovers are only reclaimable), no half point appears,
// the killed job is not left "running", and the next backup succeeds and restores exactly.
#include "tests/support/CliRunner.h"
#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <sys/types.h>
#include <unistd.h>

using TestSupport::CliResult;
using TestSupport::CliRunner;

namespace {

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

} // namespace

class TestCliBackupKill final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::binary().isEmpty(), "CROSSVAULT_CLI is not set");
        QVERIFY(m_tmp.isValid());
        m_source = m_tmp.filePath(QStringLiteral("tree"));
        QRandomGenerator gen(20261122);
        // ~200 MB: 36 random 5 MiB files (incompressible) plus many small text files.
        for (int i = 0; i < 36; ++i) {
            const QString dir = m_source + QStringLiteral("/big/%1").arg(i % 6);
            QVERIFY(QDir().mkpath(dir));
            QFile f(dir + QStringLiteral("/blob%1.bin").arg(i));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray b(5 * 1024 * 1024, Qt::Uninitialized);
            gen.fillRange(reinterpret_cast<quint32*>(b.data()), b.size() / 4);
            QCOMPARE(f.write(b), b.size());
        }
        for (int i = 0; i < 400; ++i) {
            const QString dir = m_source + QStringLiteral("/small/%1").arg(i % 20);
            QVERIFY(QDir().mkpath(dir));
            QFile f(dir + QStringLiteral("/note%1.txt").arg(i));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("line of text number ") + QByteArray::number(i) + '\n');
        }
    }

    void killedBackupsLeaveTheVaultConsistent()
    {
        const QString workspace = m_tmp.filePath(QStringLiteral("ws"));
        CliRunner cli(workspace);
        for (const char* name : {"probe", "target"}) {
            CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QLatin1String(name),
                                   QStringLiteral("--region"), QStringLiteral("local-east")});
            QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        }
        // How long a whole backup of the tree takes here, to spread the kills over it.
        QElapsedTimer clock;
        clock.start();
        CliResult r = cli.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("probe")},
                               600000);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const qint64 fullMs = qMax<qint64>(clock.elapsed(), 300);
        qInfo("a full backup takes %lld ms", fullMs);

        QRandomGenerator gen(4242);
        int killedMidway = 0;
        qint64 reclaimableSeen = 0;
        const QList<double> moments {0.05, 0.2, 0.4, 0.6, 0.8};
        for (double base : moments) {
            // Around each moment, a little random jitter.
            const int delay = int(fullMs * (base + gen.bounded(0.1)));
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(CliRunner::binary(),
                    {QStringLiteral("--workspace"), workspace, QStringLiteral("backup"), m_source,
                     QStringLiteral("--vault"), QStringLiteral("target")});
            QVERIFY(p.waitForStarted(10000));
            QTest::qSleep(delay);
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(60000));
            if (p.exitStatus() == QProcess::CrashExit)
                ++killedMidway;
            else
                QVERIFY2(p.exitCode() == 0, p.readAll().constData()); // finished before the kill: a whole point

            // The vault is consistent: no missing or corrupt object, leftovers only reclaimable.
            r = cli.json({QStringLiteral("check"), QStringLiteral("target")}, 600000);
            QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("after a kill at %1 ms: ").arg(delay) + describe(r)));
            const QJsonObject check = r.json().object();
            QCOMPARE(check.value(QStringLiteral("errors")).toArray().size(), 0);
            reclaimableSeen += check.value(QStringLiteral("reclaimable")).toInteger();
            // No half point: every point the catalog lists is one the vault has, complete.
            const QJsonArray points
                = cli.json({QStringLiteral("points"), QStringLiteral("--vault"), QStringLiteral("target")})
                      .json()
                      .array();
            QVERIFY(check.value(QStringLiteral("points")).toInteger() >= points.size());
            for (const QJsonValue& pt : points)
                QCOMPARE(pt[QStringLiteral("state")].toString(), QStringLiteral("complete"));
        }
        QVERIFY2(killedMidway >= 3, qPrintable(QStringLiteral("only %1 kills hit a running backup").arg(killedMidway)));
        // What the killed backups had written was reported, as reclaimable rather than errors.
        QVERIFY(reclaimableSeen > 0);

        // The killed jobs are not left "running": their process is gone.
        r = cli.json(
            {QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("running")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().array().size(), 0);
        r = cli.json(
            {QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("failed")});
        QCOMPARE(r.json().array().size(), killedMidway);
        QVERIFY(r.json().array().first()[QStringLiteral("error")].toString().contains(QStringLiteral("Interrupted")));

        // The next backup succeeds, and what it stored restores byte for byte.
        r = cli.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("target")}, 600000);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString pointId = r.json().object().value(QStringLiteral("point")).toString();
        r = cli.json({QStringLiteral("check"), QStringLiteral("target"), QStringLiteral("--read-data")}, 600000);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString target = m_tmp.filePath(QStringLiteral("restored"));
        r = cli.json({QStringLiteral("restore"), pointId, QStringLiteral("--vault"), QStringLiteral("target"),
                      QStringLiteral("--to"), target},
                     600000);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString diff = TestSupport::compareTrees(m_source, target);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void cancelFromAnotherProcess()
    {
        // `jobs cancel` in one process stops a backup running in another, cleanly.
        const QString workspace = m_tmp.filePath(QStringLiteral("ws-cancel"));
        CliRunner cli(workspace);
        CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("c"),
                               QStringLiteral("--region"), QStringLiteral("local-west")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        // A tree that takes long enough to back up for the cancel to land mid-way whatever the
        // disk: ten hard-linked views of the big files (each read and chunked again, stored once).
        const QString slow = m_tmp.filePath(QStringLiteral("cancel-tree"));
        QDirIterator big(m_source + QStringLiteral("/big"), QDir::Files, QDirIterator::Subdirectories);
        while (big.hasNext()) {
            const QString file = big.next();
            for (int copy = 0; copy < 10; ++copy) {
                const QString link = slow + QStringLiteral("/%1/").arg(copy) + QDir(m_source).relativeFilePath(file);
                QVERIFY(QDir().mkpath(QFileInfo(link).absolutePath()));
                QVERIFY(::link(QFile::encodeName(file).constData(), QFile::encodeName(link).constData()) == 0);
            }
        }
        QProcess p;
        p.start(CliRunner::binary(),
                {QStringLiteral("--workspace"), workspace, QStringLiteral("backup"), slow, QStringLiteral("--vault"),
                 QStringLiteral("c")});
        QVERIFY(p.waitForStarted(10000));
        qint64 jobId = 0;
        for (int i = 0; i < 200 && jobId == 0; ++i) {
            const QJsonArray running = cli.json({QStringLiteral("jobs"), QStringLiteral("list"),
                                                 QStringLiteral("--state"), QStringLiteral("running")})
                                           .json()
                                           .array();
            if (!running.isEmpty())
                jobId = running.first()[QStringLiteral("id")].toInteger();
            else
                QTest::qSleep(20);
        }
        QVERIFY2(jobId > 0, "the backup never showed up as running");
        r = cli.run({QStringLiteral("jobs"), QStringLiteral("cancel"), QString::number(jobId)});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        r = cli.json({QStringLiteral("jobs"), QStringLiteral("show"), QString::number(jobId)});
        QCOMPARE(r.json().object().value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(
            cli.json({QStringLiteral("points"), QStringLiteral("--vault"), QStringLiteral("c")}).json().array().size(),
            0);
        r = cli.json({QStringLiteral("check"), QStringLiteral("c")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    }

    void concurrentBackupsOfOneVaultTakeTurns()
    {
        // Two processes back up into one vault at once: the vault lock makes the second wait
        // (phase "waiting" on its progress lines), and both points end up whole.
        const QString workspace = m_tmp.filePath(QStringLiteral("ws-pair"));
        CliRunner cli(workspace);
        CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("pair"),
                               QStringLiteral("--region"), QStringLiteral("local-east")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        // Hold the vault's lock (the one jobs take beside the catalog) while both start, so
        // both must wait however fast this machine backs up; then let them take turns.
        QDir().mkpath(workspace + QStringLiteral("/locks"));
        auto held = std::make_unique<QLockFile>(workspace + QStringLiteral("/locks/vault-pair.lock"));
        QVERIFY(held->tryLock(0));
        QProcess a, b;
        for (QProcess* p : {&a, &b})
            p->start(CliRunner::binary(),
                     {QStringLiteral("--workspace"), workspace, QStringLiteral("backup"), m_source,
                      QStringLiteral("--vault"), QStringLiteral("pair")});
        QByteArray errs;
        QByteArray early[2];
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 60000 && !(early[0].contains("waiting") && early[1].contains("waiting"))) {
            QTest::qWait(50);
            early[0] += a.readAllStandardError();
            early[1] += b.readAllStandardError();
        }
        QVERIFY2(early[0].contains("waiting"), early[0].constData());
        QVERIFY2(early[1].contains("waiting"), early[1].constData());
        QCOMPARE(a.state(), QProcess::Running);
        QCOMPARE(b.state(), QProcess::Running);
        held.reset(); // unlock: the two now run one after the other
        errs = early[0] + early[1];
        for (QProcess* p : {&a, &b}) {
            QVERIFY(p->waitForFinished(600000));
            const QByteArray err = p->readAllStandardError();
            errs += err;
            QCOMPARE(p->exitStatus(), QProcess::NormalExit);
            QVERIFY2(p->exitCode() == 0, err.constData());
        }
        QVERIFY2(errs.contains("waiting"), errs.constData());
        QCOMPARE(cli.json({QStringLiteral("points"), QStringLiteral("--vault"), QStringLiteral("pair")})
                     .json()
                     .array()
                     .size(),
                 2);
        r = cli.json({QStringLiteral("check"), QStringLiteral("pair")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().object().value(QStringLiteral("points")).toInteger(), 2);
    }

private:
    QTemporaryDir m_tmp;
    QString m_source;
};

QTEST_GUILESS_MAIN(TestCliBackupKill)
#include "tst_cli_backup_kill.moc"
