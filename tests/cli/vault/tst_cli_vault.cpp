// The vault commands end to end: real crossvault-cli processes in temporary workspaces.
#include "tests/support/CliRunner.h"
#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using TestSupport::CliResult;
using TestSupport::CliRunner;

namespace {

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    gen.fillRange(reinterpret_cast<quint32*>(b.data()), n / 4);
    return b;
}

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

} // namespace

class TestCliVault final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::binary().isEmpty(), "CROSSVAULT_CLI is not set");
        QVERIFY(m_tmp.isValid());
        m_source = m_tmp.filePath(QStringLiteral("source"));
        writeFile(m_source + QStringLiteral("/empty"), {});
        writeFile(m_source + QStringLiteral("/text.txt"), QByteArray("hello crossvault\n").repeated(1000));
        writeFile(m_source + QStringLiteral("/deep/a/b/c/d/random.bin"), randomBytes(3 * 1024 * 1024 + 17, 7));
        writeFile(m_source + QStringLiteral("/ünïcödé/名前.txt"), "unicode");
        QVERIFY(QFile::link(QStringLiteral("../text.txt"), m_source + QStringLiteral("/deep/link")));
        QVERIFY(QFile::setPermissions(m_source + QStringLiteral("/text.txt"),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void createBackupPointsRestoreCheck()
    {
        CliRunner cli(m_tmp.filePath(QStringLiteral("ws1")));
        CliResult r = cli.json({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("docs"),
                                QStringLiteral("--region"), QStringLiteral("local-east"),
                                QStringLiteral("--description"), QStringLiteral("team docs")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QJsonObject vault = r.json().object();
        QCOMPARE(vault.value(QStringLiteral("name")).toString(), QStringLiteral("docs"));
        QCOMPARE(vault.value(QStringLiteral("encryption")).toString(), QStringLiteral("managed"));
        QCOMPARE(vault.value(QStringLiteral("type")).toString(), QStringLiteral("general"));
        QCOMPARE(vault.value(QStringLiteral("recoveryKeyExported")).toBool(true), false);
        // Managed vaults say how to export the recovery key.
        QVERIFY2(r.err.contains("vault export-key docs --to FILE"), r.err.constData());

        r = cli.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("docs")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject backup = r.json().object();
        QVERIFY2(!r.json().isNull(), "stdout must be one JSON document (progress goes to stderr)");
        for (const char* key : {"point", "vault", "state", "logicalBytes", "storedBytesNew", "files", "seconds"})
            QVERIFY2(backup.contains(QLatin1String(key)), key);
        QCOMPARE(backup.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(backup.value(QStringLiteral("vault")).toString(), QStringLiteral("docs"));
        const qint64 logical = 17000 + 3 * 1024 * 1024 + 17 + 7;
        QCOMPARE(backup.value(QStringLiteral("logicalBytes")).toInteger(), logical);
        QVERIFY(backup.value(QStringLiteral("storedBytesNew")).toInteger() > 0);
        // The random MiBs do not compress: stored is close to logical, the text part shrinks.
        QVERIFY(backup.value(QStringLiteral("storedBytesNew")).toInteger() < logical);
        QVERIFY2(r.err.contains("warning: the recovery key of vault docs was never exported"), r.err.constData());
        const QString pointId = backup.value(QStringLiteral("point")).toString();

        r = cli.json({QStringLiteral("points"), QStringLiteral("--vault"), QStringLiteral("docs")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QJsonArray points = r.json().array();
        QCOMPARE(points.size(), 1);
        const QJsonObject p = points.first().toObject();
        for (const char* key :
             {"id", "vault", "source", "created", "state", "origin", "tier", "expires", "locked", "logicalBytes"})
            QVERIFY2(p.contains(QLatin1String(key)), key);
        QCOMPARE(p.value(QStringLiteral("id")).toString(), pointId);
        QCOMPARE(p.value(QStringLiteral("source")).toString(), QFileInfo(m_source).absoluteFilePath());
        QCOMPARE(p.value(QStringLiteral("origin")).toString(), QStringLiteral("manual"));
        QCOMPARE(p.value(QStringLiteral("tier")).toString(), QStringLiteral("standard"));
        QCOMPARE(p.value(QStringLiteral("locked")).toBool(true), false);
        QCOMPARE(p.value(QStringLiteral("logicalBytes")).toInteger(), logical);
        const QDateTime created = QDateTime::fromString(p.value(QStringLiteral("created")).toString(), Qt::ISODate);
        QVERIFY(created.isValid());
        QCOMPARE(created.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 600);

        r = cli.json({QStringLiteral("vault"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject listed = r.json().array().first().toObject();
        for (const char* key : {"id", "name", "region", "type", "encryption", "storedBytes", "points"})
            QVERIFY2(listed.contains(QLatin1String(key)), key);
        QCOMPARE(listed.value(QStringLiteral("points")).toInt(), 1);
        QVERIFY(listed.value(QStringLiteral("storedBytes")).toInteger()
                >= backup.value(QStringLiteral("storedBytesNew")).toInteger());

        const QString target = m_tmp.filePath(QStringLiteral("restore1"));
        r = cli.json({QStringLiteral("restore"), pointId, QStringLiteral("--to"), target});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        // 4 files, 6 folders and a symlink.
        QCOMPARE(r.json().object().value(QStringLiteral("files")).toInteger(), 11);
        const QString diff = TestSupport::compareTrees(m_source, target);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // Restoring again into the same folder never overwrites silently.
        r = cli.run({QStringLiteral("restore"), pointId, QStringLiteral("--to"), target});
        QVERIFY2(r.exitCode == 3, qPrintable(describe(r)));
        QVERIFY(r.err.contains("already exists"));

        r = cli.json({QStringLiteral("check"), QStringLiteral("docs"), QStringLiteral("--read-data")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject check = r.json().object();
        QCOMPARE(check.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(check.value(QStringLiteral("errors")).toArray().size(), 0);
        QCOMPARE(check.value(QStringLiteral("points")).toInteger(), 1);
        QVERIFY(check.value(QStringLiteral("packsRead")).toInteger() >= 1);

        // Every run is a job in the catalog.
        r = cli.json({QStringLiteral("jobs"), QStringLiteral("list")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QJsonArray jobs = r.json().array();
        QStringList types;
        for (const QJsonValue& j : jobs) {
            types << j[QStringLiteral("type")].toString();
            QVERIFY(j.toObject().contains(QStringLiteral("progress")));
        }
        QVERIFY(types.contains(QStringLiteral("backup")));
        QVERIFY(types.contains(QStringLiteral("restore")));
        QVERIFY(types.contains(QStringLiteral("check")));
        const qint64 backupJob = backup.value(QStringLiteral("job")).toInteger();
        r = cli.json({QStringLiteral("jobs"), QStringLiteral("show"), QString::number(backupJob)});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject job = r.json().object();
        QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QCOMPARE(job.value(QStringLiteral("type")).toString(), QStringLiteral("backup"));
        QCOMPARE(job.value(QStringLiteral("result")).toObject().value(QStringLiteral("point")).toString(), pointId);
        const QJsonObject progress = job.value(QStringLiteral("progress")).toObject();
        for (const char* key : {"phase", "bytesDone", "bytesTotal", "rate", "eta"})
            QVERIFY2(progress.contains(QLatin1String(key)), key);
        r = cli.run({QStringLiteral("jobs"), QStringLiteral("cancel"), QString::number(backupJob)});
        QCOMPARE(r.exitCode, 3); // already finished
        r = cli.run({QStringLiteral("jobs"), QStringLiteral("show"), QStringLiteral("99999")});
        QCOMPARE(r.exitCode, 1);

        // Incremental: nothing changed, almost nothing new is stored.
        r = cli.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("docs")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(r.json().object().value(QStringLiteral("storedBytesNew")).toInteger() < 64 * 1024);
    }

    void destructiveCommandsNeedYes()
    {
        CliRunner cli(m_tmp.filePath(QStringLiteral("ws2")));
        QCOMPARE(cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("v"),
                          QStringLiteral("--region"), QStringLiteral("local-west")})
                     .exitCode,
                 0);
        CliResult r = cli.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("v")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString pointId = r.json().object().value(QStringLiteral("point")).toString();

        r = cli.run({QStringLiteral("point"), QStringLiteral("delete"), pointId});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("--yes") && r.err.contains(QFileInfo(m_source).absoluteFilePath().toUtf8()),
                 r.err.constData());
        r = cli.run({QStringLiteral("vault"), QStringLiteral("delete"), QStringLiteral("v")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("--yes") && r.err.contains("1 backup point") && r.err.contains("never exported"),
                 r.err.constData());
        // Nothing was deleted.
        QCOMPARE(cli.json({QStringLiteral("points")}).json().array().size(), 1);

        r = cli.run({QStringLiteral("point"), QStringLiteral("delete"), pointId, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(cli.json({QStringLiteral("points")}).json().array().size(), 0);

        const QString vaultFolder = m_tmp.filePath(QStringLiteral("ws2/regions/local-west/vaults/v"));
        QVERIFY2(QFileInfo(vaultFolder + QStringLiteral("/config")).exists(), qPrintable(vaultFolder));
        r = cli.run({QStringLiteral("vault"), QStringLiteral("delete"), QStringLiteral("v"), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QVERIFY(!QFileInfo(vaultFolder + QStringLiteral("/config")).exists());
        QCOMPARE(cli.json({QStringLiteral("vault"), QStringLiteral("list")}).json().array().size(), 0);
    }

    void badUsageNamesTheFlag()
    {
        CliRunner cli(m_tmp.filePath(QStringLiteral("ws3")));
        CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("x")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--region"));
        r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("x"), QStringLiteral("--region"),
                     QStringLiteral("local-east"), QStringLiteral("--encryption"), QStringLiteral("rot13")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--encryption"));
        r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("x"), QStringLiteral("--region"),
                     QStringLiteral("local-east"), QStringLiteral("--encryption"), QStringLiteral("customer")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--passphrase-env"));
        r = cli.run({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("x"),
                     QStringLiteral("--frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("frobnicate"));
        r = cli.run({QStringLiteral("backup"), m_source});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--vault"));
        r = cli.run({QStringLiteral("backup"), m_tmp.filePath(QStringLiteral("nope")), QStringLiteral("--vault"),
                     QStringLiteral("x")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("nope"));
        r = cli.run({QStringLiteral("restore"), QStringLiteral("p")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--to"));
        r = cli.run({QStringLiteral("check"), QStringLiteral("x"), QStringLiteral("--subset"), QStringLiteral("50")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--read-data"));
        r = cli.run(
            {QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("sleeping")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--state"));
        r = cli.run({QStringLiteral("jobs"), QStringLiteral("show"), QStringLiteral("abc")});
        QCOMPARE(r.exitCode, 2);
        // A vault that does not exist is a failure naming it.
        r = cli.run({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("ghost")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("ghost"));
    }

    void compressionLevelIsChosenAtCreation()
    {
        CliRunner cli(m_tmp.filePath(QStringLiteral("ws-level")));
        CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("x"),
                               QStringLiteral("--region"), QStringLiteral("local-east"),
                               QStringLiteral("--compression-level"), QStringLiteral("20")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--compression-level"), r.err.constData());
        const auto levelOf = [&](const QString& vault) {
            QFile config(m_tmp.filePath(QStringLiteral("ws-level/regions/local-east/vaults/") + vault
                                        + QStringLiteral("/config")));
            if (!config.open(QIODevice::ReadOnly))
                return -1;
            return QJsonDocument::fromJson(config.readAll())
                .object()
                .value(QStringLiteral("compression"))
                .toObject()
                .value(QStringLiteral("level"))
                .toInt(-1);
        };
        r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("small"),
                     QStringLiteral("--region"), QStringLiteral("local-east"), QStringLiteral("--compression-level"),
                     QStringLiteral("9")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(levelOf(QStringLiteral("small")), 9);
        r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("plain"),
                     QStringLiteral("--region"), QStringLiteral("local-east")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(levelOf(QStringLiteral("plain")), 2); // the default
        // Data written at level 9 restores as it was.
        r = cli.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("small")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = m_tmp.filePath(QStringLiteral("level-out"));
        r = cli.run({QStringLiteral("restore"), r.json().object().value(QStringLiteral("point")).toString(),
                     QStringLiteral("--to"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString diff = TestSupport::compareTrees(m_source, out);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void customerKeyWrongPassphraseAndPartialBackup()
    {
        CliRunner cli(m_tmp.filePath(QStringLiteral("ws4")));
        cli.setEnv(QStringLiteral("CV_PASS"), QStringLiteral("correct horse battery"));
        cli.setEnv(QStringLiteral("CV_BAD"), QStringLiteral("wrong horse battery"));
        CliResult r
            = cli.json({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("secret"),
                        QStringLiteral("--region"), QStringLiteral("local-east"), QStringLiteral("--encryption"),
                        QStringLiteral("customer"), QStringLiteral("--passphrase-env"), QStringLiteral("CV_PASS")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().object().value(QStringLiteral("encryption")).toString(), QStringLiteral("customer"));
        // The passphrase is never stored in the workspace.
        QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("ws4/secrets/vault.secret.managed-key.secret"))));

        r = cli.run({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("secret"),
                     QStringLiteral("--passphrase-env"), QStringLiteral("CV_BAD")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("secret") && r.err.contains("wrong passphrase"), r.err.constData());
        QVERIFY(!r.err.contains("wrong horse"));
        // Without a key: exit 2 naming the flags.
        r = cli.run({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("secret")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--passphrase-env"));

        // A fifo cannot be backed up: the backup completes with exit 4 and lists it.
        const QString src = m_tmp.filePath(QStringLiteral("partial-src"));
        writeFile(src + QStringLiteral("/ok.txt"), "fine");
        QCOMPARE(::mkfifo(QFile::encodeName(src + QStringLiteral("/pipe")).constData(), 0600), 0);
        r = cli.json({QStringLiteral("backup"), src, QStringLiteral("--vault"), QStringLiteral("secret"),
                      QStringLiteral("--passphrase-env"), QStringLiteral("CV_PASS")});
        QVERIFY2(r.exitCode == 4, qPrintable(describe(r)));
        const QJsonObject result = r.json().object();
        QCOMPARE(result.value(QStringLiteral("state")).toString(), QStringLiteral("partial"));
        QCOMPARE(result.value(QStringLiteral("skipped")).toArray().first()[QStringLiteral("path")].toString(),
                 QStringLiteral("pipe"));
        QVERIFY(r.err.contains("pipe"));
        r = cli.json(
            {QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("partial")});
        QCOMPARE(r.json().array().size(), 1);
    }

    void importIntoFreshWorkspaceNeedsTheKey()
    {
        CliRunner first(m_tmp.filePath(QStringLiteral("ws5")));
        QCOMPARE(first
                     .run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("travel"),
                           QStringLiteral("--region"), QStringLiteral("local-east")})
                     .exitCode,
                 0);
        CliResult r
            = first.json({QStringLiteral("backup"), m_source, QStringLiteral("--vault"), QStringLiteral("travel")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString pointId = r.json().object().value(QStringLiteral("point")).toString();
        const QString keyFile = m_tmp.filePath(QStringLiteral("travel.key"));
        r = first.run({QStringLiteral("vault"), QStringLiteral("export-key"), QStringLiteral("travel"),
                       QStringLiteral("--to"), keyFile});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(QFileInfo(keyFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        // Exported: the warning stops.
        r = first.json({QStringLiteral("vault"), QStringLiteral("list")});
        QCOMPARE(r.json().array().first()[QStringLiteral("recoveryKeyExported")].toBool(), true);
        QVERIFY(!r.err.contains("warning"));

        // A second, empty workspace that reaches the same folder as a region.
        CliRunner second(m_tmp.filePath(QStringLiteral("ws6")));
        r = second.run({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("shared"),
                        QStringLiteral("--kind"), QStringLiteral("local"), QStringLiteral("--path"),
                        m_tmp.filePath(QStringLiteral("ws5/regions/local-east"))});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        r = second.run({QStringLiteral("vault"), QStringLiteral("import"), QStringLiteral("travel"),
                        QStringLiteral("--region"), QStringLiteral("shared")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("recovery key") && r.err.contains("--key-file"), r.err.constData());
        r = second.run({QStringLiteral("vault"), QStringLiteral("import"), QStringLiteral("nothing-here"),
                        QStringLiteral("--region"), QStringLiteral("shared"), QStringLiteral("--key-file"), keyFile});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("nothing-here"));
        r = second.json({QStringLiteral("vault"), QStringLiteral("import"), QStringLiteral("travel"),
                         QStringLiteral("--region"), QStringLiteral("shared"), QStringLiteral("--key-file"), keyFile});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().object().value(QStringLiteral("points")).toInt(), 1);

        r = second.json({QStringLiteral("points")});
        QCOMPARE(r.json().array().first()[QStringLiteral("id")].toString(), pointId);
        const QString target = m_tmp.filePath(QStringLiteral("restore-imported"));
        r = second.json({QStringLiteral("restore"), pointId, QStringLiteral("--to"), target});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString diff = TestSupport::compareTrees(m_source, target);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The imported key is kept, so later commands need no key.
        r = second.run({QStringLiteral("check"), QStringLiteral("travel")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    }

private:
    QTemporaryDir m_tmp;
    QString m_source;
};

QTEST_GUILESS_MAIN(TestCliVault)
#include "tst_cli_vault.moc"
