// crossvault-cli replication / copy / copy-preview / agent: the real binary on real local
// regions. Every rule is refused with its reason; replicas restore byte-identical; a copy
// killed with SIGKILL resumes without duplicates; the disaster-recovery drill restores from
// a fresh workspace that reaches only the target region.

#include "tests/support/CliRunner.h"
#include "tests/support/TreeCompare.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <future>

using TestSupport::CliResult;
using TestSupport::CliRunner;

namespace {

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

void writeRandom(const QString& path, qint64 size, quint32 seed)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QRandomGenerator gen(seed);
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    for (qint64 done = 0; done < size; done += block.size()) {
        gen.fillRange(reinterpret_cast<quint32*>(block.data()), block.size() / 4);
        QVERIFY(f.write(block) == block.size());
    }
}

// Object files under a folder (relative path -> size). A killed writer may leave a
// ".cv-tmp-*" file, which the store never lists as an object; it is no data.
QMap<QString, qint64> objects(const QString& root)
{
    QMap<QString, qint64> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (it.fileName().startsWith(QLatin1String(".cv-tmp-")))
            continue;
        out.insert(QDir(root).relativeFilePath(it.filePath()), it.fileInfo().size());
    }
    return out;
}

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

} // namespace

class TestCliReplication final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ws;
    QString m_data;
    QString m_point;

    CliRunner cli() const
    {
        CliRunner runner(m_ws);
        runner.setEnv(s("CV_PASS"), s("correct horse battery staple"));
        return runner;
    }
    QString region(const QString& name) const { return m_dir.filePath(s("regions/") + name); }
    QString vaultFolder(const QString& regionName, const QString& vault) const
    {
        return region(regionName) + s("/vaults/") + vault;
    }
    static QString why(const CliResult& r) { return QString::fromUtf8(r.err + r.out); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(s("ws"));
        m_data = m_dir.filePath(s("data"));
        writeFile(m_data + s("/readme.txt"), "cross-region\n");
        writeRandom(m_data + s("/blob/random.bin"), 3 * 1024 * 1024, 1);
        const CliRunner c = cli();
        for (const char* name : {"ra", "rb", "rc"}) {
            const auto r
                = c.run({s("region"), s("add"), s(name), s("--kind"), s("local"), s("--path"), region(s(name))});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        QVERIFY(c.run({s("vault"), s("create"), s("src"), s("--region"), s("ra")}).exitCode == 0);
        const auto b = c.json({s("backup"), m_data, s("--vault"), s("src")});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        m_point = b.json().object().value(s("point")).toString();
        QVERIFY(!m_point.isEmpty());
    }

    void enableSyncsExistingPointsAndRestoresByteIdentical()
    {
        const CliRunner c = cli();
        const auto r = c.json(
            {s("replication"), s("enable"), s("src"), s("--create-target"), s("src-b"), s("--region"), s("rb")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.json()[s("target")].toString(), s("src-b"));
        QCOMPARE(r.json()[s("pendingPoints")].toInt(), 0);
        QVERIFY(r.json()[s("copy")][s("bytesSent")].toInteger() > 3 * 1024 * 1024);

        const auto vaults = c.json({s("vault"), s("list")});
        bool found = false;
        for (const QJsonValue& v : vaults.json().array()) {
            if (v[s("name")].toString() == s("src-b")) {
                found = true;
                QCOMPARE(v[s("type")].toString(), s("replication-target"));
                QCOMPARE(v[s("region")].toString(), s("rb"));
            }
        }
        QVERIFY(found);

        const auto status = c.json({s("replication"), s("status"), s("src")});
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.json()[s("source")].toString(), s("src"));
        const QJsonObject t = status.json()[s("targets")].toArray().first().toObject();
        for (const char* field :
             {"vault", "region", "state", "newestPoint", "lagSeconds", "pendingPoints", "pendingBytes"})
            QVERIFY2(t.contains(QLatin1String(field)), field);
        QCOMPARE(t[s("newestPoint")].toString(), m_point);
        QCOMPARE(t[s("lagSeconds")].toInteger(), 0);
        QCOMPARE(t[s("pendingPoints")].toInt(), 0);
        QCOMPARE(t[s("state")].toString(), s("active"));

        const QString restored = m_dir.filePath(s("restored-b"));
        const auto rr = c.run({s("restore"), m_point, s("--vault"), s("src-b"), s("--to"), restored});
        QVERIFY2(rr.exitCode == 0, rr.err.constData());
        const QString diff = TestSupport::compareTrees(m_data, restored);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // The replica's data is the source's, object for object (verified against the source).
        const auto a = objects(vaultFolder(s("ra"), s("src")) + s("/data"));
        const auto b = objects(vaultFolder(s("rb"), s("src-b")) + s("/data"));
        QCOMPARE(b, a);
        const auto check = c.run({s("check"), s("src-b"), s("--read-data")});
        QVERIFY2(check.exitCode == 0, check.err.constData());
    }

    void rulesAreRefusedWithTheirReason()
    {
        const CliRunner c = cli();
        // Same region.
        auto r
            = c.run({s("replication"), s("enable"), s("src"), s("--create-target"), s("x1"), s("--region"), s("ra")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("different region")), r.err.constData());
        // One target per region per source.
        r = c.run({s("replication"), s("enable"), s("src"), s("--create-target"), s("x2"), s("--region"), s("rb")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("one target per region")), r.err.constData());
        // Target vaults are read-only.
        r = c.run({s("backup"), m_data, s("--vault"), s("src-b")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("read-only")), r.err.constData());
        // Replicas are not replicated again.
        r = c.run({s("replication"), s("enable"), s("src-b"), s("--create-target"), s("x3"), s("--region"), s("rc")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("cannot be replicated again")), r.err.constData());
        r = c.run({s("copy"), m_point, s("--from-vault"), s("src-b"), s("--to-region"), s("rc")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("cannot be replicated again")), r.err.constData());
        // A replicating source cannot be deleted.
        r = c.run({s("vault"), s("delete"), s("src"), s("--yes")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("while it replicates")), r.err.constData());
        // An active target cannot be deleted: that would end the link behind the operator's back.
        r = c.run({s("vault"), s("delete"), s("src-b"), s("--yes")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("replication stop src --target src-b")), r.err.constData());
        QVERIFY(QFileInfo::exists(vaultFolder(s("rb"), s("src-b")) + s("/config")));
        // Same encryption method, and why.
        QVERIFY(c.run({s("vault"), s("create"), s("cust"), s("--region"), s("rc"), s("--encryption"), s("customer"),
                       s("--passphrase-env"), s("CV_PASS")})
                    .exitCode
                == 0);
        r = c.run({s("replication"), s("enable"), s("src"), s("--target"), s("cust")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("encryption")) && why(r).contains(s("encrypted bytes")), r.err.constData());
        // An existing general vault is no replica of the source.
        QVERIFY(c.run({s("vault"), s("create"), s("plain"), s("--region"), s("rc")}).exitCode == 0);
        r = c.run({s("replication"), s("enable"), s("src"), s("--target"), s("plain")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("replication-target")), r.err.constData());
        // Stop needs --yes and says it is irreversible.
        r = c.run({s("replication"), s("stop"), s("src"), s("--target"), s("src-b")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("irreversible")), r.err.constData());
        // Usage errors name the flag.
        r = c.run({s("replication"), s("enable"), s("src")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(why(r).contains(s("--target")));
        r = c.run({s("copy"), m_point, s("--to-region"), s("rc"), s("--name"), s("bad name!")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(why(r).contains(s("--name")));
        r = c.run({s("copy"), m_point, s("--to-region"), s("rc"), s("--name"), QString(65, QLatin1Char('a'))});
        QCOMPARE(r.exitCode, 2);
        r = c.run({s("copy"), m_point, s("--to-region"), s("rc"), s("--description"), QString(256, QLatin1Char('d'))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(why(r).contains(s("--description")));
        r = c.run({s("copy"), m_point, s("--to-region"), s("rc"), s("--limit-rate"), s("fast")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(why(r).contains(s("--limit-rate")));
        r = c.run({s("copy"), m_point, s("--to-region"), s("ra")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(why(r).contains(s("different region")));
    }

    void targetsPerRegionLimit()
    {
        const CliRunner c = cli();
        QVERIFY(c.run({s("vault"), s("create"), s("other"), s("--region"), s("ra")}).exitCode == 0);
        // The workspace setting (default 5) lowered to 1: rb already holds src-b.
        auto shown = c.json({s("replication"), s("limit")});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QCOMPARE(shown.json()[s("maxTargetsPerRegion")].toInt(), 5);
        QCOMPARE(c.run({s("replication"), s("limit"), s("0")}).exitCode, 2);
        QCOMPARE(c.run({s("replication"), s("limit"), s("many")}).exitCode, 2);
        shown = c.json({s("replication"), s("limit"), s("1")});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QCOMPARE(shown.json()[s("maxTargetsPerRegion")].toInt(), 1);
        auto r = c.run(
            {s("replication"), s("enable"), s("other"), s("--create-target"), s("other-b"), s("--region"), s("rb")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(why(r).contains(s("limit per region")), r.err.constData());
        QVERIFY(c.run({s("replication"), s("limit"), s("5")}).exitCode == 0);
        r = c.run(
            {s("replication"), s("enable"), s("other"), s("--create-target"), s("other-b"), s("--region"), s("rb")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void concurrentEnablesLinkOnce()
    {
        // Two CLIs enable replication of one source into one region at the same moment: one
        // link is made, the other is refused and leaves no target vault behind.
        const CliRunner c = cli();
        QVERIFY(c.run({s("vault"), s("create"), s("race"), s("--region"), s("ra")}).exitCode == 0);
        auto enable = [&](const QString& target) {
            return std::async(std::launch::async, [c, target]() {
                return c.run({s("replication"), s("enable"), s("race"), s("--create-target"), target, s("--region"),
                              s("rc"), s("--no-sync")});
            });
        };
        auto first = enable(s("race-1"));
        auto second = enable(s("race-2"));
        const CliResult a = first.get();
        const CliResult b = second.get();
        QVERIFY2((a.exitCode == 0) != (b.exitCode == 0), qPrintable(why(a) + s(" | ") + why(b)));
        const CliResult& loser = a.exitCode == 0 ? b : a;
        QVERIFY2(loser.exitCode == 3, qPrintable(why(loser)));
        const QString winner = a.exitCode == 0 ? s("race-1") : s("race-2");
        const auto status = c.json({s("replication"), s("status"), s("race")});
        const QJsonArray targets = status.json()[s("targets")].toArray();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets.first()[s("vault")].toString(), winner);
        int raceVaults = 0;
        for (const QJsonValue& v : c.json({s("vault"), s("list")}).json().array())
            raceVaults += v[s("name")].toString().startsWith(s("race-")) ? 1 : 0;
        QCOMPARE(raceVaults, 1);
        const auto stop = c.run({s("replication"), s("stop"), s("race"), s("--target"), winner, s("--yes")});
        QVERIFY2(stop.exitCode == 0, stop.err.constData());
    }

    void backupWaitsForChainedCopyJobs()
    {
        const CliRunner c = cli();
        writeRandom(m_data + s("/incremental.bin"), 512 * 1024, 2);
        const auto b = c.json({s("backup"), m_data, s("--vault"), s("src")});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QJsonObject backup = b.json().object();
        const QJsonArray copies = backup[s("copies")].toArray();
        QCOMPARE(copies.size(), 1);
        QCOMPARE(copies.first()[s("state")].toString(), s("succeeded"));
        const qint64 copyJob = copies.first()[s("job")].toInteger();
        const auto job = c.json({s("jobs"), s("show"), QString::number(copyJob)});
        QVERIFY2(job.exitCode == 0, job.err.constData());
        QCOMPARE(job.json()[s("type")].toString(), s("copy"));
        QCOMPARE(job.json()[s("parent")].toInteger(), backup[s("job")].toInteger());

        // Incremental: only the new point's objects moved.
        const qint64 sent = copies.first()[s("bytesSent")].toInteger();
        QVERIFY(sent > 0);
        QVERIFY2(double(sent) <= 1.2 * double(backup[s("storedBytesNew")].toInteger()),
                 qPrintable(QStringLiteral("sent %1, new %2").arg(sent).arg(backup[s("storedBytesNew")].toInteger())));
        const auto status = c.json({s("replication"), s("status"), s("src")});
        const QJsonObject t = status.json()[s("targets")].toArray().first().toObject();
        QCOMPARE(t[s("newestPoint")].toString(), backup[s("point")].toString());
        QCOMPARE(t[s("pendingPoints")].toInt(), 0);
    }

    void noWaitLeavesCopiesToTheAgent()
    {
        const CliRunner c = cli();
        writeFile(m_data + s("/later.txt"), "later\n");
        const auto b = c.json({s("backup"), m_data, s("--vault"), s("src"), s("--no-wait")});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        auto status = c.json({s("replication"), s("status"), s("src")});
        QJsonObject t = status.json()[s("targets")].toArray().first().toObject();
        QCOMPARE(t[s("pendingPoints")].toInt(), 1);
        QVERIFY(t[s("pendingBytes")].toInteger() > 0);
        // A manual copy into the replicating target mirrors the source: no expiry of its own.
        const auto own = c.run(
            {s("copy"), b.json()[s("point")].toString(), s("--to-region"), s("rb"), s("--expire-days"), s("5")});
        QCOMPARE(own.exitCode, 3);
        QVERIFY2(why(own).contains(s("--expire-days cannot apply")), own.err.constData());
        const auto agent = c.json({s("agent"), s("--once")});
        QVERIFY2(agent.exitCode == 0, agent.err.constData());
        status = c.json({s("replication"), s("status"), s("src")});
        t = status.json()[s("targets")].toArray().first().toObject();
        QCOMPARE(t[s("pendingPoints")].toInt(), 0);
        QCOMPARE(t[s("newestPoint")].toString(), b.json()[s("point")].toString());
    }

    void manualCopiesAndTheirRules()
    {
        const CliRunner c = cli();
        const auto preview = c.json({s("copy-preview"), m_point, s("--to-region"), s("rc")});
        QVERIFY2(preview.exitCode == 0, preview.err.constData());
        const qint64 toMove = preview.json()[s("bytesToMove")].toInteger();
        QVERIFY(toMove > 3 * 1024 * 1024);
        QCOMPARE(preview.json()[s("targetGrowth")].toInteger(), toMove);

        const auto copy = c.json({s("copy"), m_point, s("--to-region"), s("rc"), s("--name"), s("first_copy-1"),
                                  s("--description"), s("kept for audits")});
        QVERIFY2(copy.exitCode == 0, copy.err.constData());
        QCOMPARE(copy.json()[s("bytesSent")].toInteger(), toMove);
        const QString vault = copy.json()[s("target")].toString();
        QCOMPARE(vault, s("src-rc"));
        auto points = c.json({s("points"), s("--vault"), vault});
        QCOMPARE(points.json().array().size(), 1);
        QCOMPARE(points.json().array().first()[s("origin")].toString(), s("replica"));
        QVERIFY2(points.json().array().first()[s("expires")].isNull(), "manual copies are kept permanently");

        // At most one replica per destination region.
        auto again = c.run({s("copy"), m_point, s("--to-region"), s("rc")});
        QCOMPARE(again.exitCode, 3);
        QVERIFY2(why(again).contains(s("at most one replica")), again.err.constData());
        // A deleted replica may be copied again (now with an expiry).
        const auto deleted = c.run({s("point"), s("delete"), m_point, s("--vault"), vault, s("--yes")});
        QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        const auto recopy = c.json({s("copy"), m_point, s("--to-region"), s("rc"), s("--expire-days"), s("30")});
        QVERIFY2(recopy.exitCode == 0, recopy.err.constData());
        QVERIFY2(recopy.json()[s("bytesSent")].toInteger() < toMove / 10,
                 "the data was still there: only the point moved");
        points = c.json({s("points"), s("--vault"), vault});
        QVERIFY(!points.json().array().first()[s("expires")].isNull());

        // backup --copy-to REGION:DAYS: a chained copy with that retention (the replicating
        // target in rb gets the point through its link).
        writeFile(m_data + s("/copy-to.txt"), "copied by the backup\n");
        const auto b = c.json({s("backup"), m_data, s("--vault"), s("src"), s("--copy-to"), s("rc:7")});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QJsonArray copies = b.json()[s("copies")].toArray();
        QCOMPARE(copies.size(), 2);
        for (const QJsonValue& copy : copies)
            QCOMPARE(copy[s("state")].toString(), s("succeeded"));
        points = c.json({s("points"), s("--vault"), vault});
        bool found = false;
        for (const QJsonValue& p : points.json().array()) {
            if (p[s("id")].toString() == b.json()[s("point")].toString()) {
                found = true;
                QVERIFY(!p[s("expires")].isNull());
            }
        }
        QVERIFY(found);
        QCOMPARE(c.run({s("backup"), m_data, s("--vault"), s("src"), s("--copy-to"), s("rc:zero")}).exitCode, 2);
    }

    void disasterRecoveryDrill()
    {
        const CliRunner c = cli();
        const QString keyFile = m_dir.filePath(s("src.key"));
        const auto exported = c.run({s("vault"), s("export-key"), s("src"), s("--to"), keyFile});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());

        // A fresh workspace that reaches only the target region.
        CliRunner fresh(m_dir.filePath(s("dr-ws")));
        auto r = fresh.run({s("region"), s("add"), s("rb"), s("--kind"), s("local"), s("--path"), region(s("rb"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fresh.run({s("vault"), s("import"), s("src-b"), s("--region"), s("rb"), s("--key-file"), keyFile});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto points = fresh.json({s("points"), s("--vault"), s("src-b")});
        QVERIFY(points.json().array().size() >= 3);
        const QString restored = m_dir.filePath(s("dr-restored"));
        r = fresh.run({s("restore"), points.json().array().last()[s("id")].toString(), s("--vault"), s("src-b"),
                       s("--to"), restored});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString diff = TestSupport::compareTrees(m_data, restored);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void stopMakesTheTargetStandaloneAndDeleteKeepsIt()
    {
        const CliRunner c = cli();
        const auto r = c.json({s("replication"), s("stop"), s("other"), s("--target"), s("other-b"), s("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json()[s("markerWritten")].toBool());
        QVERIFY(QFileInfo::exists(vaultFolder(s("rb"), s("other-b")) + s("/replication-stopped")));
        const auto vaults = c.json({s("vault"), s("list")});
        for (const QJsonValue& v : vaults.json().array())
            if (v[s("name")].toString() == s("other-b"))
                QCOMPARE(v[s("type")].toString(), s("standalone"));
        // Stopping again changes nothing, but restores the mark a stop by an older version did
        // not leave (here: removed by hand), so an importing workspace sees a standalone vault.
        QVERIFY(QFile::remove(vaultFolder(s("rb"), s("other-b")) + s("/replication-stopped")));
        const auto again = c.json({s("replication"), s("stop"), s("other"), s("--target"), s("other-b"), s("--yes")});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QVERIFY(again.json()[s("alreadyStopped")].toBool());
        QVERIFY(again.json()[s("markerWritten")].toBool());
        QVERIFY(QFileInfo::exists(vaultFolder(s("rb"), s("other-b")) + s("/replication-stopped")));
        QVERIFY(!r.json()[s("alreadyStopped")].toBool());
        // A link that never was is still refused.
        const auto never = c.run({s("replication"), s("stop"), s("other"), s("--target"), s("src-b"), s("--yes")});
        QCOMPARE(never.exitCode, 1);
        QVERIFY2(why(never).contains(s("does not replicate")), never.err.constData());
        // The source may now go without its target.
        const auto del = c.run({s("vault"), s("delete"), s("other"), s("--yes")});
        QVERIFY2(del.exitCode == 0, del.err.constData());
        QVERIFY(QFileInfo::exists(vaultFolder(s("rb"), s("other-b")) + s("/config")));
        bool kept = false;
        for (const QJsonValue& v : c.json({s("vault"), s("list")}).json().array())
            kept = kept || v[s("name")].toString() == s("other-b");
        QVERIFY(kept);
    }

    void killedCopyResumesWithoutDuplicates()
    {
        const CliRunner c = cli();
        const QString big = m_dir.filePath(s("big"));
        writeRandom(big + s("/random.bin"), 150LL * 1024 * 1024, 3);
        QVERIFY(c.run({s("vault"), s("create"), s("bigv"), s("--region"), s("ra")}).exitCode == 0);
        const auto b = c.json({s("backup"), big, s("--vault"), s("bigv")}, 600000);
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QString point = b.json()[s("point")].toString();

        QProcess copy;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        copy.setProcessEnvironment(env);
        copy.start(CliRunner::binary(), {s("--workspace"), m_ws, s("copy"), point, s("--to-region"), s("rb")});
        QVERIFY(copy.waitForStarted());
        const QString targetData = vaultFolder(s("rb"), s("bigv-rb")) + s("/data");
        const auto source = objects(vaultFolder(s("ra"), s("bigv")) + s("/data"));
        QVERIFY(source.size() > 4);
        // Kill it once part of the data has arrived (not a timing assertion: we wait for state).
        for (int i = 0; i < 6000 && copy.state() == QProcess::Running; ++i) {
            if (objects(targetData).size() >= 2)
                break;
            QThread::msleep(10);
        }
        QVERIFY2(copy.state() == QProcess::Running,
                 "the copy finished before it could be killed; make the data bigger");
        ::kill(pid_t(copy.processId()), SIGKILL);
        QVERIFY(copy.waitForFinished());
        const auto partial = objects(targetData);
        QVERIFY(partial.size() < source.size());
        QVERIFY(!QFileInfo::exists(vaultFolder(s("rb"), s("bigv-rb")) + s("/points/") + point));

        const auto rerun = c.json({s("copy"), point, s("--to-region"), s("rb")}, 600000);
        QVERIFY2(rerun.exitCode == 0, rerun.err.constData());
        qint64 partialBytes = 0;
        for (auto it = partial.cbegin(); it != partial.cend(); ++it)
            if (source.value(it.key()) == it.value())
                partialBytes += it.value();
        QVERIFY2(rerun.json()[s("bytesSkipped")].toInteger() >= partialBytes, "completed objects are not sent again");
        // No duplicate or leftover objects: the target's data is exactly the source's.
        QCOMPARE(objects(targetData), source);
        const QString restored = m_dir.filePath(s("big-restored"));
        const auto rr = c.run({s("restore"), point, s("--vault"), s("bigv-rb"), s("--to"), restored}, 600000);
        QVERIFY2(rr.exitCode == 0, rr.err.constData());
        const QString diff = TestSupport::compareTrees(big, restored);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
};

QTEST_GUILESS_MAIN(TestCliReplication)
#include "tst_cli_replication.moc"
