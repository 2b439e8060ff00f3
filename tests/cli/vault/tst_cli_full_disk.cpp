// A full disk, for real: the region and a restore target are small tmpfs mounts in a private
// mount namespace (`unshare -rm`, so no mount is left on the machine). A backup that does not
// fit fails with a clear message, leaves no point and no half-written pack, and the vault
// stays consistent and usable; a restore into a full folder stops with the reason and leaves
// no partly written file; a copy into the full region fails with the reason and publishes no
// replica. Skipped, saying why, where mount namespaces are not allowed.
#include "tests/support/CliRunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::CliRunner;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator gen(seed);
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        data[i] = char(gen.bounded(256));
    }
    return data;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestCliFullDisk final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(!CliRunner::binary().isEmpty(), "CROSSVAULT_CLI is not set");
        QVERIFY(m_tmp.isValid());
        QProcess probe;
        probe.start(QStringLiteral("unshare"),
                    {QStringLiteral("-rm"), QStringLiteral("sh"), QStringLiteral("-c"),
                     QStringLiteral("mount -t tmpfs -o size=1m tmpfs %1").arg(m_tmp.path())});
        if (!probe.waitForFinished(30000) || probe.exitCode() != 0)
            QSKIP(qPrintable(QStringLiteral("a private mount namespace with tmpfs is not allowed here (run as root, "
                                            "or allow user namespaces): %1")
                                 .arg(QString::fromLocal8Bit(probe.readAllStandardError()).trimmed())));
    }

    void backupAndRestoreOnAFullDisk()
    {
        const QDir dir(m_tmp.path());
        for (const char* sub : {"region-disk", "restore-disk", "out"})
            QVERIFY(dir.mkpath(QString::fromLatin1(sub)));
        const QByteArray small = randomBytes(200000, 1);
        QVERIFY(writeFile(dir.filePath(QStringLiteral("small/a.bin")), small));
        // 8 MB of incompressible data cannot fit in the 4 MiB region, whatever the packing.
        QVERIFY(writeFile(dir.filePath(QStringLiteral("big/a.bin")), small));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("big/b.bin")), randomBytes(8000000, 2)));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("small2/c.txt")), QByteArrayLiteral("after the full disk\n")));

        QProcess run;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CLI"), CliRunner::binary());
        env.insert(QStringLiteral("WS"), dir.filePath(QStringLiteral("ws")));
        env.insert(QStringLiteral("DIR"), m_tmp.path());
        env.insert(QStringLiteral("OUT"), dir.filePath(QStringLiteral("out")));
        run.setProcessEnvironment(env);
        const QString script
            = qEnvironmentVariable("CROSSVAULT_SOURCE_DIR") + QStringLiteral("/tests/cli/vault/full-disk.sh");
        QVERIFY2(QFile::exists(script), qPrintable(script));
        run.start(QStringLiteral("unshare"), {QStringLiteral("-rm"), QStringLiteral("sh"), script});
        QVERIFY(run.waitForFinished(300000));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());

        QCOMPARE(rc(QStringLiteral("region")), 0);
        QCOMPARE(rc(QStringLiteral("vault")), 0);
        QVERIFY2(rc(QStringLiteral("first")) == 0, err(QStringLiteral("first")).constData());

        // The backup that does not fit: exit 1, the reason, and nothing of it kept.
        QCOMPARE(rc(QStringLiteral("big")), 1);
        QVERIFY2(err(QStringLiteral("big")).contains("the disk is full"), err(QStringLiteral("big")).constData());
        const QJsonArray points = QJsonDocument::fromJson(out(QStringLiteral("points"))).array();
        QCOMPARE(points.size(), 1);
        QVERIFY2(rc(QStringLiteral("check")) == 0, err(QStringLiteral("check")).constData());
        // Its packs were removed again: the region holds about the small point only.
        const QList<QByteArray> df = out(QStringLiteral("usage")).trimmed().split('\n').last().simplified().split(' ');
        QVERIFY2(df.size() >= 3 && df.at(2).toLongLong() < 1024, out(QStringLiteral("usage")).constData());

        // A restore into a full folder stops with the reason and leaves no partial file.
        QCOMPARE(rc(QStringLiteral("restorefull")), 1);
        QVERIFY2(err(QStringLiteral("restorefull")).contains("the disk is full"),
                 err(QStringLiteral("restorefull")).constData());
        QVERIFY2(!out(QStringLiteral("restorefull"), QStringLiteral("ls")).contains("a.bin"),
                 out(QStringLiteral("restorefull"), QStringLiteral("ls")).constData());

        // The vault is still whole: its point restores exactly and the next backup works.
        QVERIFY2(rc(QStringLiteral("restore")) == 0, err(QStringLiteral("restore")).constData());
        QFile restored(dir.filePath(QStringLiteral("restored/a.bin")));
        QVERIFY(restored.open(QIODevice::ReadOnly));
        QVERIFY(restored.readAll() == small);
        QVERIFY2(rc(QStringLiteral("again")) == 0, err(QStringLiteral("again")).constData());

        // A copy into the full region fails with the reason; no replica appears there.
        QVERIFY2(rc(QStringLiteral("bigw")) == 0, err(QStringLiteral("bigw")).constData());
        QCOMPARE(rc(QStringLiteral("copyfull")), 1);
        QVERIFY2(err(QStringLiteral("copyfull")).contains("the disk is full"),
                 err(QStringLiteral("copyfull")).constData());
        QVERIFY2(rc(QStringLiteral("copypoints")) == 0, err(QStringLiteral("copypoints")).constData());
        QCOMPARE(QJsonDocument::fromJson(out(QStringLiteral("copypoints"))).array().size(), 0);
    }

private:
    QByteArray out(const QString& step, const QString& suffix = QStringLiteral("out")) const
    {
        QFile f(QDir(m_tmp.path()).filePath(QStringLiteral("out/%1.%2").arg(step, suffix)));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    QByteArray err(const QString& step) const { return out(step, QStringLiteral("err")); }
    int rc(const QString& step) const
    {
        bool ok = false;
        const int code = out(step, QStringLiteral("rc")).trimmed().toInt(&ok);
        return ok ? code : -1;
    }

    QTemporaryDir m_tmp;
};

QTEST_GUILESS_MAIN(TestCliFullDisk)
#include "tst_cli_full_disk.moc"
