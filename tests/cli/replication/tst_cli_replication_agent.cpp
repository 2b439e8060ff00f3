// Replication's loose ends through the real crossvault-cli (issue 5): a copy job killed with
// SIGKILL leaves its row "running"; the next process that runs jobs (`agent --once`) marks
// it failed like a killed backup and resumes the copy, without duplicates, and the replica
// restores byte for byte. A source point's expiry, archive move and deletion reach the
// target at once (`point set`, `point delete`), points of a target refuse changes, and
// changes made behind the CLI's back are mirrored by `agent --once`.

#include "tests/support/CliRunner.h"
#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using TestSupport::CliRunner;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
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

// Object files below a folder (relative path -> size), without a killed writer's temporaries.
QMap<QString, qint64> objects(const QString& root)
{
    QMap<QString, qint64> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (!it.fileName().startsWith(QLatin1String(".cv-tmp-")))
            out.insert(QDir(root).relativeFilePath(it.filePath()), it.fileInfo().size());
    }
    return out;
}

} // namespace

class TestCliReplicationAgent final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_ws;
    QString m_data;

    CliRunner cli() const { return CliRunner(m_ws); }
    QString region(const QString& name) const { return m_dir.filePath(s("regions/") + name); }
    QString vaultFolder(const QString& regionName, const QString& vault) const
    {
        return region(regionName) + s("/vaults/") + vault;
    }

    // Reads the catalog as another process would, without the CLI (which would reconcile).
    QString sql(const QString& query)
    {
        QString value;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("peek"));
            db.setDatabaseName(m_ws + s("/catalog.sqlite"));
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(query) && q.next())
                    value = q.value(0).toString();
            }
        }
        QSqlDatabase::removeDatabase(s("peek"));
        return value;
    }

    QJsonArray points(const QString& vault) const
    {
        return cli().json({s("points"), s("--vault"), vault}).json().array();
    }

    QJsonObject pointIn(const QString& vault, const QString& id) const
    {
        for (const QJsonValue& p : points(vault))
            if (p[s("id")].toString() == id)
                return p.toObject();
        return {};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_ws = m_dir.filePath(s("ws"));
        m_data = m_dir.filePath(s("data"));
        const CliRunner c = cli();
        for (const char* name : {"ra", "rb"}) {
            const auto r = c.run({s("region"), s("add"), s(name), s("--kind"), s("local"), s("--path"), region(s(name))});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        QVERIFY(c.run({s("vault"), s("create"), s("src"), s("--region"), s("ra")}).exitCode == 0);
    }

    void killedCopyIsMarkedFailedAndTheAgentResumesIt()
    {
        const CliRunner c = cli();
        writeRandom(m_data + s("/random.bin"), 24LL * 1024 * 1024, 7);
        const auto b = c.json({s("backup"), m_data, s("--vault"), s("src")}, 600000);
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QString point = b.json()[s("point")].toString();

        // The initial sync, held to 2 MB/s: it cannot end in less than ~10 s on any machine.
        QProcess enable;
        enable.start(CliRunner::binary(), {s("--workspace"), m_ws, s("replication"), s("enable"), s("src"),
                                           s("--create-target"), s("src-rb"), s("--region"), s("rb"),
                                           s("--limit-rate"), s("2MB")});
        QVERIFY(enable.waitForStarted());
        const QString targetData = vaultFolder(s("rb"), s("src-rb")) + s("/data");
        // Kill it once the copy job runs and part of the data has arrived (observable state).
        for (int i = 0; i < 60000 && enable.state() == QProcess::Running; ++i) {
            if (sql(s("SELECT state FROM jobs WHERE type = 'copy'")) == s("running") && !objects(targetData).isEmpty())
                break;
            QThread::msleep(10);
        }
        QVERIFY2(enable.state() == QProcess::Running, enable.readAllStandardError().constData());
        ::kill(pid_t(enable.processId()), SIGKILL);
        QVERIFY(enable.waitForFinished());
        const QString jobId = sql(s("SELECT id FROM jobs WHERE type = 'copy'"));
        QVERIFY(!jobId.isEmpty());
        QCOMPARE(sql(s("SELECT state FROM jobs WHERE id = %1").arg(jobId)), s("running"));
        QVERIFY(!QFileInfo::exists(vaultFolder(s("rb"), s("src-rb")) + s("/points/") + point));
        const auto partial = objects(targetData);

        // The agent settles the orphan and resumes the copy: only what is missing moves.
        const auto agent = c.json({s("agent"), s("--once")}, 600000);
        QVERIFY2(agent.exitCode == 0, agent.err.constData());
        const QJsonArray copies = agent.json()[s("copies")].toArray();
        QCOMPARE(copies.size(), 1);
        QCOMPARE(copies.first()[s("state")].toString(), s("succeeded"));
        const auto killed = c.json({s("jobs"), s("show"), jobId});
        QCOMPARE(killed.json()[s("state")].toString(), s("failed"));
        QVERIFY2(killed.json()[s("error")].toString().contains(s("Interrupted")), killed.out.constData());
        QCOMPARE(c.json({s("jobs"), s("list"), s("--state"), s("running")}).json().array().size(), 0);
        const QString resumed = QString::number(copies.first()[s("job")].toInteger());
        const auto done = c.json({s("jobs"), s("show"), resumed}).json().object();
        qint64 partialBytes = 0;
        for (auto it = partial.cbegin(); it != partial.cend(); ++it)
            partialBytes += it.value();
        // Objects that had arrived complete before the kill are not sent again.
        QVERIFY2(done[s("result")][s("bytesSkipped")].toInteger() >= partialBytes, qPrintable(QString::fromUtf8(
                                                                                        QJsonDocument(done).toJson())));

        // Exactly the source's objects, the point present once, and it restores byte for byte.
        QCOMPARE(objects(targetData), objects(vaultFolder(s("ra"), s("src")) + s("/data")));
        QCOMPARE(points(s("src-rb")).size(), 1);
        const QString restored = m_dir.filePath(s("restored"));
        const auto rr = c.run({s("restore"), point, s("--vault"), s("src-rb"), s("--to"), restored}, 600000);
        QVERIFY2(rr.exitCode == 0, rr.err.constData());
        const QString diff = TestSupport::compareTrees(m_data, restored);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const auto status = c.json({s("replication"), s("status"), s("src")});
        QCOMPARE(status.json()[s("targets")].toArray().first()[s("pendingPoints")].toInt(), 0);
    }

    void sourceChangesReachTheTargetAtOnce()
    {
        const CliRunner c = cli();
        QFile f(m_data + s("/second.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("second point\n");
        f.close();
        const auto b = c.json({s("backup"), m_data, s("--vault"), s("src")}, 600000);
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QString point = b.json()[s("point")].toString();
        QVERIFY2(!pointIn(s("src-rb"), point).isEmpty(), "the backup waited for its chained copy");

        // Expiry: the copy inherits it.
        auto r = c.json({s("point"), s("set"), point, s("--vault"), s("src"), s("--expire-days"), s("9")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString expires = r.json()[s("expires")].toString();
        QVERIFY(!expires.isEmpty());
        QCOMPARE(pointIn(s("src-rb"), point)[s("expires")].toString(), expires);
        // A target is read-only.
        r = c.run({s("point"), s("set"), point, s("--vault"), s("src-rb"), s("--no-expiry")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("read-only"), r.err.constData());
        r = c.run({s("point"), s("delete"), point, s("--vault"), s("src-rb"), s("--yes")});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(c.run({s("point"), s("set"), point, s("--vault"), s("src"), s("--tier"), s("cold")}).exitCode, 2);
        QCOMPARE(c.run({s("point"), s("set"), point, s("--vault"), s("src")}).exitCode, 2);
        // Archive: the replica goes, and the point is not synced again.
        r = c.json({s("point"), s("set"), point, s("--vault"), s("src"), s("--tier"), s("archive")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(pointIn(s("src-rb"), point).isEmpty());
        QVERIFY(!QFileInfo::exists(vaultFolder(s("rb"), s("src-rb")) + s("/points/") + point));
        auto agent = c.json({s("agent"), s("--once")}, 600000);
        QCOMPARE(agent.json()[s("copies")].toArray().size(), 0);
        QVERIFY(pointIn(s("src-rb"), point).isEmpty());
        // Deletion of a synced point reaches the target.
        r = c.json({s("point"), s("set"), point, s("--vault"), s("src"), s("--tier"), s("standard")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        agent = c.json({s("agent"), s("--once")}, 600000);
        QCOMPARE(agent.json()[s("copies")].toArray().size(), 1);
        QVERIFY(!pointIn(s("src-rb"), point).isEmpty());
        r = c.run({s("point"), s("delete"), point, s("--vault"), s("src"), s("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(pointIn(s("src-rb"), point).isEmpty());
    }

    void agentMirrorsChangesMadeBehindItsBack()
    {
        const CliRunner c = cli();
        const QJsonArray before = points(s("src-rb"));
        QVERIFY(!before.isEmpty());
        const QString id = before.first()[s("id")].toString();
        // Another tool moved the source point to the archive tier in the catalog only.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(s("QSQLITE"), s("edit"));
            db.setDatabaseName(m_ws + s("/catalog.sqlite"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(s("UPDATE points SET tier = 'archive' WHERE id = '%1' AND vault = (SELECT id FROM vaults WHERE "
                             "name = 'src')")
                               .arg(id)));
        }
        QSqlDatabase::removeDatabase(s("edit"));
        QVERIFY(!pointIn(s("src-rb"), id).isEmpty());
        const auto agent = c.json({s("agent"), s("--once")}, 600000);
        QVERIFY2(agent.exitCode == 0, agent.err.constData());
        QCOMPARE(agent.json()[s("mirrored")].toInt(), 1);
        QVERIFY(pointIn(s("src-rb"), id).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliReplicationAgent)
#include "tst_cli_replication_agent.moc"
