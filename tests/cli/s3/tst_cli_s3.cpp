// crossvault-cli on an S3 region: add with keys from the environment, test, then a vault
// there with backup, restore (byte-identical) and check — the real binary against a real
// S3 server whose every request's signature is verified independently.

#include "backend/storage/S3ObjectStore.h"
#include "tests/support/CliRunner.h"
#include "tests/support/S3Server.h"
#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::CliRunner;

class TestCliS3 final : public QObject
{
    Q_OBJECT

private:
    TestSupport::S3Server m_server;

    CliRunner cli(const QTemporaryDir& dir)
    {
        CliRunner runner(dir.filePath(QStringLiteral("ws")));
        runner.setEnv(QStringLiteral("CV_S3_ACCESS"), QString::fromLatin1(m_server.accessKey()));
        runner.setEnv(QStringLiteral("CV_S3_SECRET"), QString::fromLatin1(m_server.secretKey()));
        runner.setEnv(QStringLiteral("CV_S3_WRONG"), QStringLiteral("definitely-not-the-secret"));
        return runner;
    }

    QStringList addArgs(const QString& name, const QString& prefix,
                        const QString& secretVar = QStringLiteral("CV_S3_SECRET"))
    {
        return {QStringLiteral("region"),
                QStringLiteral("add"),
                name,
                QStringLiteral("--kind"),
                QStringLiteral("s3"),
                QStringLiteral("--endpoint"),
                m_server.endpoint(),
                QStringLiteral("--bucket"),
                m_server.bucket(),
                QStringLiteral("--prefix"),
                prefix,
                QStringLiteral("--signing-region"),
                m_server.signingRegion(),
                QStringLiteral("--path-style"),
                QStringLiteral("--access-key-env"),
                QStringLiteral("CV_S3_ACCESS"),
                QStringLiteral("--secret-key-env"),
                secretVar};
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void addTestListKeepsSecretsOutOfTheCatalog()
    {
        QTemporaryDir dir;
        CliRunner runner = cli(dir);
        const auto added = runner.json(addArgs(QStringLiteral("s3-eu"), QStringLiteral("cli-add")));
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QCOMPARE(added.json().object().value(QStringLiteral("kind")).toString(), QStringLiteral("s3"));
        QCOMPARE(added.json().object().value(QStringLiteral("name")).toString(), QStringLiteral("s3-eu"));

        const auto tested = runner.json({QStringLiteral("region"), QStringLiteral("test"), QStringLiteral("s3-eu")});
        QVERIFY2(tested.exitCode == 0, tested.err.constData());
        const QJsonObject result = tested.json().object();
        QVERIFY(result.value(QStringLiteral("ok")).toBool());
        const QJsonArray steps = result.value(QStringLiteral("steps")).toArray();
        QCOMPARE(steps.size(), 4);
        for (const QJsonValue& step : steps)
            QVERIFY(step.toObject().value(QStringLiteral("ok")).toBool());

        const auto listed = runner.json({QStringLiteral("region"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        bool found = false;
        for (const QJsonValue& v : listed.json().array())
            found = found || v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("s3-eu");
        QVERIFY(found);

        // The secret lives only in the secret store, never in the catalog or in any output.
        QFile catalog(dir.filePath(QStringLiteral("ws/catalog.sqlite")));
        QVERIFY(catalog.open(QIODevice::ReadOnly));
        QVERIFY(!catalog.readAll().contains(m_server.secretKey()));
        for (const auto* output : {&added, &tested, &listed}) {
            QVERIFY(!output->out.contains(m_server.secretKey()));
            QVERIFY(!output->err.contains(m_server.secretKey()));
        }
    }

    void transferSettingsAreSetAndChangedFromTheCli()
    {
        QTemporaryDir dir;
        CliRunner runner = cli(dir);
        const auto settingsOf = [&](const QString& name) {
            const auto listed = runner.json({QStringLiteral("region"), QStringLiteral("list")});
            for (const QJsonValue& v : listed.json().array())
                if (v.toObject().value(QStringLiteral("name")).toString() == name)
                    return v.toObject().value(QStringLiteral("settings")).toObject();
            return QJsonObject();
        };

        // Out of range: refused before anything is stored, naming the flag.
        QStringList args = addArgs(QStringLiteral("s3-tuned"), QStringLiteral("cli-tuned"));
        auto r = runner.run(args + QStringList {QStringLiteral("--part-size"), QStringLiteral("1MB")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--part-size") && r.err.contains("5 MiB"), r.err.constData());
        r = runner.run(args + QStringList {QStringLiteral("--max-requests"), QStringLiteral("0")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--max-requests"), r.err.constData());
        r = runner.run(args + QStringList {QStringLiteral("--limit-rate"), QStringLiteral("fast")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--limit-rate"), r.err.constData());
        QVERIFY(settingsOf(QStringLiteral("s3-tuned")).isEmpty());

        const auto added = runner.json(args
                                       + QStringList {QStringLiteral("--part-size"), QStringLiteral("16MiB"),
                                                      QStringLiteral("--max-requests"), QStringLiteral("2"),
                                                      QStringLiteral("--limit-rate"), QStringLiteral("20MB")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QJsonObject settings = settingsOf(QStringLiteral("s3-tuned"));
        QCOMPARE(settings.value(QStringLiteral("partSize")).toInteger(), 16LL * 1024 * 1024);
        QCOMPARE(settings.value(QStringLiteral("maxParallel")).toInt(), 2);
        QCOMPARE(settings.value(QStringLiteral("bandwidthLimit")).toInteger(), 20000000LL);

        // region set changes them (0 = unlimited); the location stays.
        const auto changed
            = runner.json({QStringLiteral("region"), QStringLiteral("set"), QStringLiteral("s3-tuned"),
                           QStringLiteral("--limit-rate"), QStringLiteral("0"), QStringLiteral("--max-requests"),
                           QStringLiteral("8"), QStringLiteral("--display"), QStringLiteral("Tuned bucket")});
        QVERIFY2(changed.exitCode == 0, changed.err.constData());
        settings = settingsOf(QStringLiteral("s3-tuned"));
        QVERIFY(!settings.contains(QStringLiteral("bandwidthLimit")));
        QCOMPARE(settings.value(QStringLiteral("maxParallel")).toInt(), 8);
        QCOMPARE(settings.value(QStringLiteral("partSize")).toInteger(), 16LL * 1024 * 1024);
        QCOMPARE(settings.value(QStringLiteral("bucket")).toString(), m_server.bucket());
        QCOMPARE(changed.json().object().value(QStringLiteral("display")).toString(), QStringLiteral("Tuned bucket"));

        // The region still works with its new settings.
        const auto tested = runner.json({QStringLiteral("region"), QStringLiteral("test"), QStringLiteral("s3-tuned")});
        QVERIFY2(tested.exitCode == 0, tested.err.constData());

        // Transfer flags are for S3 regions only.
        r = runner.run({QStringLiteral("region"), QStringLiteral("set"), QStringLiteral("local-east"),
                        QStringLiteral("--limit-rate"), QStringLiteral("5MB")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("s3 regions only"), r.err.constData());
        r = runner.run({QStringLiteral("region"), QStringLiteral("set"), QStringLiteral("nowhere"),
                        QStringLiteral("--display"), QStringLiteral("x")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nowhere"), r.err.constData());
    }

    void wrongSecretIsRefusedClearly()
    {
        QTemporaryDir dir;
        CliRunner runner = cli(dir);
        const auto r
            = runner.run(addArgs(QStringLiteral("s3-bad"), QStringLiteral("cli-bad"), QStringLiteral("CV_S3_WRONG")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("secret key"), r.err.constData());
        QVERIFY(!r.err.contains("definitely-not-the-secret"));
        const auto listed = runner.json({QStringLiteral("region"), QStringLiteral("list")});
        for (const QJsonValue& v : listed.json().array())
            QVERIFY(v.toObject().value(QStringLiteral("name")).toString() != QLatin1String("s3-bad"));
    }

    void missingKeyVariableIsBadUsage()
    {
        QTemporaryDir dir;
        CliRunner runner = cli(dir);
        QStringList args
            = addArgs(QStringLiteral("s3-x"), QStringLiteral("cli-x"), QStringLiteral("CV_S3_UNSET_VARIABLE"));
        const auto r = runner.run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("CV_S3_UNSET_VARIABLE") || r.err.contains("--secret-key-env"), r.err.constData());
    }

    void backupRestoreCheckOnS3()
    {
        QTemporaryDir dir;
        CliRunner runner = cli(dir);
        QVERIFY(runner.run(addArgs(QStringLiteral("s3-vaults"), QStringLiteral("cli-vault"))).exitCode == 0);

        const QString source = dir.filePath(QStringLiteral("source"));
        QDir().mkpath(source + QStringLiteral("/sub/deeper"));
        auto write = [](const QString& path, const QByteArray& data) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QCOMPARE(f.write(data), data.size());
        };
        write(source + QStringLiteral("/a.txt"), "hello s3\n");
        write(source + QStringLiteral("/sub/b.bin"), QByteArray(300000, 'b') + QByteArray::number(42));
        QByteArray noise(2 * 1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < noise.size(); ++i)
            noise[i] = static_cast<char>((i * 7919) ^ (i >> 11));
        write(source + QStringLiteral("/sub/deeper/c.dat"), noise);

        const auto created = runner.json({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("docs"),
                                          QStringLiteral("--region"), QStringLiteral("s3-vaults")});
        QVERIFY2(created.exitCode == 0, created.err.constData());

        const auto backup
            = runner.json({QStringLiteral("backup"), source, QStringLiteral("--vault"), QStringLiteral("docs")});
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        const QString point = backup.json().object().value(QStringLiteral("point")).toString();
        QVERIFY2(!point.isEmpty(), backup.out.constData());

        const QString target = dir.filePath(QStringLiteral("restored"));
        const auto restored = runner.json({QStringLiteral("restore"), point, QStringLiteral("--to"), target});
        QVERIFY2(restored.exitCode == 0, restored.err.constData());
        const QString difference = TestSupport::compareTrees(source, target);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));

        const auto checked
            = runner.json({QStringLiteral("check"), QStringLiteral("docs"), QStringLiteral("--read-data")});
        QVERIFY2(checked.exitCode == 0, checked.err.constData());

        // The vault's objects are really in the bucket, under the region's prefix.
        QJsonObject settings = m_server.settings();
        settings.insert(QStringLiteral("prefix"), QStringLiteral("cli-vault"));
        auto config = Storage::S3Config::fromSettings(settings, m_server.accessKey(), m_server.secretKey());
        QVERIFY(config.ok());
        auto objects = Storage::S3ObjectStore(config.value()).list(QString());
        QVERIFY(objects.ok());
        QVERIFY2(objects->size() > 3, qPrintable(QString::number(objects->size())));
    }
};

QTEST_GUILESS_MAIN(TestCliS3)
#include "tst_cli_s3.moc"
