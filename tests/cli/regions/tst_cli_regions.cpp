// crossvault-cli region …: the real binary, a real workspace, the CLI.md contract.

#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::CliRunner;

class TestCliRegions final : public QObject
{
    Q_OBJECT

private slots:
    void listJsonHasTheDefaults();
    void listTextIsHumanReadable();
    void addThenListThenRemove();
    void badUsageExitsTwoNamingTheFlag_data();
    void badUsageExitsTwoNamingTheFlag();
    void duplicateNameExitsTwo();
    void removeWithAVaultIsRefused();
    void testRunsARoundTrip();
    void workspaceFromEnvironment();
    void helpForEveryCommand();
    void corruptCatalogIsAClearError();
};

void TestCliRegions::listJsonHasTheDefaults()
{
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto r = cli.json({QStringLiteral("region"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json().isArray());
    const QJsonArray regions = r.json().array();
    QCOMPARE(regions.size(), 2);
    for (const QJsonValue& v : regions) {
        const QJsonObject o = v.toObject();
        for (const char* field : {"name", "kind", "provider", "continent", "location"})
            QVERIFY2(o.contains(QLatin1String(field)), field);
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("local"));
    }
    QVERIFY(regions.at(0).toObject().value(QStringLiteral("continent")) != regions.at(1).toObject().value(QStringLiteral("continent")));
    // Progress and messages never go to stdout with --json: it parses whole.
    QVERIFY(!r.json().isNull());
}

void TestCliRegions::listTextIsHumanReadable()
{
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto r = cli.run({QStringLiteral("region"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("NAME"));
    QVERIFY(r.out.contains("local-east"));
    QVERIFY(r.out.contains("local-west"));
}

void TestCliRegions::addThenListThenRemove()
{
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto added = cli.json({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("nas-fra"), QStringLiteral("--kind"),
                                 QStringLiteral("local"), QStringLiteral("--path"), dir.filePath(QStringLiteral("nas")),
                                 QStringLiteral("--continent"), QStringLiteral("Europe"), QStringLiteral("--provider"),
                                 QStringLiteral("synology"), QStringLiteral("--display"), QStringLiteral("Frankfurt NAS")});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    QCOMPARE(added.json().object().value(QStringLiteral("name")).toString(), QStringLiteral("nas-fra"));
    QCOMPARE(added.json().object().value(QStringLiteral("location")).toString(), dir.filePath(QStringLiteral("nas")));

    const auto listed = cli.json({QStringLiteral("region"), QStringLiteral("list")});
    QCOMPARE(listed.json().array().size(), 3);

    const auto removed = cli.run({QStringLiteral("region"), QStringLiteral("remove"), QStringLiteral("nas-fra")});
    QCOMPARE(removed.exitCode, 0);
    QCOMPARE(cli.json({QStringLiteral("region"), QStringLiteral("list")}).json().array().size(), 2);
    const auto again = cli.run({QStringLiteral("region"), QStringLiteral("remove"), QStringLiteral("nas-fra")});
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.err.contains("no region named 'nas-fra'"));
}

void TestCliRegions::badUsageExitsTwoNamingTheFlag_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no kind") << QStringList{"region", "add", "x", "--path", "/tmp/x"} << "--kind";
    QTest::newRow("bad kind") << QStringList{"region", "add", "x", "--kind", "ftp", "--path", "/tmp/x"} << "--kind must be local or s3";
    QTest::newRow("no path") << QStringList{"region", "add", "x", "--kind", "local"} << "--path";
    QTest::newRow("unknown flag") << QStringList{"region", "add", "x", "--kind", "local", "--colour", "red"} << "colour";
    QTest::newRow("bad name") << QStringList{"region", "add", "Bad Name", "--kind", "local", "--path", "/tmp/x"} << "Name: 'Bad Name'";
    QTest::newRow("continent") << QStringList{"region", "add", "x", "--kind", "local", "--path", "/tmp/x", "--continent", "Mars"}
                               << "Continent: 'Mars'";
    QTest::newRow("s3 without keys") << QStringList{"region", "add", "x", "--kind", "s3", "--endpoint", "http://127.0.0.1:1", "--bucket", "b"}
                                     << "--access-key-env";
    QTest::newRow("s3 key env unset") << QStringList{"region", "add", "x", "--kind", "s3", "--endpoint", "http://127.0.0.1:1", "--bucket",
                                                     "bkt", "--access-key-env", "CV_NOT_SET_X", "--secret-key-env", "CV_NOT_SET_Y"}
                                      << "CV_NOT_SET_X is not set";
    QTest::newRow("unknown sub-command") << QStringList{"region", "rename"} << "unknown sub-command 'rename'";
    QTest::newRow("unknown command") << QStringList{"teleport"} << "unknown command 'teleport'";
    QTest::newRow("no command") << QStringList{} << "Usage:";
}

void TestCliRegions::badUsageExitsTwoNamingTheFlag()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto r = cli.run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(expected), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void TestCliRegions::duplicateNameExitsTwo()
{
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto r = cli.run({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("local-east"), QStringLiteral("--kind"),
                            QStringLiteral("local"), QStringLiteral("--path"), dir.filePath(QStringLiteral("x"))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("already exists"));
}

void TestCliRegions::removeWithAVaultIsRefused()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("ws"));
    CliRunner cli(ws);
    QCOMPARE(cli.run({QStringLiteral("region"), QStringLiteral("list")}).exitCode, 0);
    // A vault row, as the vault service records it.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("w"));
        db.setDatabaseName(ws + QStringLiteral("/catalog.sqlite"));
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO vaults (name, region, encryption, created) "
                                      "VALUES ('db', 'local-west', 'customer', '2026-11-22T00:00:00Z')")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("w"));
    const auto r = cli.run({QStringLiteral("region"), QStringLiteral("remove"), QStringLiteral("local-west"), QStringLiteral("--yes")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("holds 1 vault"), r.err.constData());
}

void TestCliRegions::testRunsARoundTrip()
{
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto r = cli.json({QStringLiteral("region"), QStringLiteral("test"), QStringLiteral("local-east")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.json().object();
    QCOMPARE(o.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(o.value(QStringLiteral("steps")).toArray().size(), 4);
    QCOMPARE(cli.run({QStringLiteral("region"), QStringLiteral("test"), QStringLiteral("nowhere")}).exitCode, 1);
}

void TestCliRegions::workspaceFromEnvironment()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("env-ws"));
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CROSSVAULT_WORKSPACE"), ws);
    p.setProcessEnvironment(env);
    p.start(CliRunner::binary(), {QStringLiteral("--json"), QStringLiteral("region"), QStringLiteral("list")});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(QFile::exists(ws + QStringLiteral("/catalog.sqlite")));
}

void TestCliRegions::helpForEveryCommand()
{
    QTemporaryDir dir;
    CliRunner cli(dir.filePath(QStringLiteral("ws")));
    const auto top = cli.run({QStringLiteral("--help")});
    QCOMPARE(top.exitCode, 0);
    QVERIFY(top.out.contains("region"));
    QVERIFY(top.out.contains("Exit codes"));
    for (const char* sub : {"list", "add", "test", "remove"}) {
        const auto r = cli.run({QStringLiteral("region"), QString::fromLatin1(sub), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QByteArray("crossvault-cli region ").append(sub)), r.out.constData());
    }
}

void TestCliRegions::corruptCatalogIsAClearError()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("ws"));
    QDir().mkpath(ws);
    QFile f(ws + QStringLiteral("/catalog.sqlite"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    CliRunner cli(ws);
    const auto r = cli.json({QStringLiteral("region"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("not a Crossvault catalog"), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliRegions)
#include "tst_cli_regions.moc"
