// Replication from a local region to an S3 region (s3rver behind a SigV4-verifying proxy):
// the target restores byte-identical and an incremental point sends only its own objects.

#include "tests/support/CliRunner.h"
#include "tests/support/S3Server.h"
#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::CliRunner;

namespace {

QString s(const char* text)
{
    return QString::fromUtf8(text);
}

void writeRandom(const QString& path, qsizetype size, quint32 seed)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator(seed).fillRange(reinterpret_cast<quint32*>(data.data()), size / 4);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(data), data.size());
}

} // namespace

class TestCliReplicationS3 final : public QObject
{
    Q_OBJECT

private:
    TestSupport::S3Server m_server;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void localToS3()
    {
        QTemporaryDir dir;
        CliRunner c(dir.filePath(s("ws")));
        c.setEnv(s("CV_S3_ACCESS"), QString::fromLatin1(m_server.accessKey()));
        c.setEnv(s("CV_S3_SECRET"), QString::fromLatin1(m_server.secretKey()));
        auto r = c.run({s("region"), s("add"), s("la"), s("--kind"), s("local"), s("--path"), dir.filePath(s("la"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = c.run({s("region"), s("add"), s("s3b"), s("--kind"), s("s3"), s("--endpoint"), m_server.endpoint(), s("--bucket"),
                   m_server.bucket(), s("--prefix"), s("repl"), s("--signing-region"), m_server.signingRegion(),
                   s("--path-style"), s("--access-key-env"), s("CV_S3_ACCESS"), s("--secret-key-env"), s("CV_S3_SECRET")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString data = dir.filePath(s("data"));
        writeRandom(data + s("/one.bin"), 3 * 1024 * 1024, 11);
        QVERIFY(c.run({s("vault"), s("create"), s("src"), s("--region"), s("la")}).exitCode == 0);
        r = c.json({s("backup"), data, s("--vault"), s("src")});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        r = c.json({s("replication"), s("enable"), s("src"), s("--create-target"), s("src-s3"), s("--region"), s("s3b")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.json()[s("copy")][s("bytesSent")].toInteger() > 3 * 1024 * 1024);

        writeRandom(data + s("/two.bin"), 256 * 1024, 12);
        r = c.json({s("backup"), data, s("--vault"), s("src")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString point = r.json()[s("point")].toString();
        const qint64 storedNew = r.json()[s("storedBytesNew")].toInteger();
        const QJsonObject copy = r.json()[s("copies")].toArray().first().toObject();
        QCOMPARE(copy[s("state")].toString(), s("succeeded"));
        const qint64 sent = copy[s("bytesSent")].toInteger();
        QVERIFY(sent > 0);
        QVERIFY2(double(sent) <= 1.2 * double(storedNew), qPrintable(QStringLiteral("sent %1 new %2").arg(sent).arg(storedNew)));

        const QString restored = dir.filePath(s("restored"));
        r = c.run({s("restore"), point, s("--vault"), s("src-s3"), s("--to"), restored});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString diff = TestSupport::compareTrees(data, restored);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        r = c.run({s("check"), s("src-s3"), s("--read-data")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliReplicationS3)
#include "tst_cli_replication_s3.moc"
