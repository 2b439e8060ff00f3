#include "backend/regions/Region.h"
#include "backend/storage/ObjectStoreFactory.h"
#include "backend/storage/S3ObjectStore.h"
#include "tests/support/S3Server.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using Storage::S3Config;
using Storage::S3ObjectStore;

// S3ObjectStore against a real S3 server (s3rver) behind a proxy that verifies every
// request's SigV4 signature with an independent implementation (aws4).
class TestS3ObjectStore final : public QObject
{
    Q_OBJECT

private:
    TestSupport::S3Server m_server;
    int m_run = 0;

    static QByteArray randomBytes(qsizetype size)
    {
        QByteArray data(size, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(data.data()), size / 4);
        for (qsizetype i = size - size % 4; i < size; ++i)
            data[i] = static_cast<char>(QRandomGenerator::global()->bounded(256));
        return data;
    }

    S3Config config(const QString& prefix = {})
    {
        QJsonObject settings = m_server.settings();
        // A fresh prefix per test keeps tests independent inside one bucket.
        settings.insert(QStringLiteral("prefix"), prefix.isEmpty() ? QStringLiteral("t%1").arg(++m_run) : prefix);
        auto c = S3Config::fromSettings(settings, m_server.accessKey(), m_server.secretKey());
        if (!c)
            qFatal("bad test settings: %s", qPrintable(c.error().message()));
        c->retryBaseMs = 50;
        c->retryMaxMs = 400;
        c->transferTimeoutMs = 60000;
        return c.value();
    }

    int stat(const char* name) { return m_server.stats().value(QLatin1String(name)).toInt(); }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void cleanup()
    {
        QVERIFY(m_server.injectFailures(0, 503, QStringLiteral("ServiceUnavailable")));
    }

    void putGetRangeStatRemove()
    {
        S3ObjectStore store(config());
        const int rejectedBefore = stat("rejected");
        const QByteArray data = randomBytes(100000);
        // Spaces, '+', '&', '=' and non-ASCII exercise the canonical URI encoding.
        const QString key = QStringLiteral("dir/with space+plus&and=é.bin");
        QVERIFY2(store.put(key, data).ok(), "put");

        auto got = store.get(key);
        QVERIFY2(got.ok(), got.ok() ? "" : qPrintable(got.error().message()));
        QCOMPARE(got.value(), data);

        auto range = store.getRange(key, 1234, 5000);
        QVERIFY2(range.ok(), range.ok() ? "" : qPrintable(range.error().message()));
        QCOMPARE(range.value(), data.mid(1234, 5000));

        auto tooFar = store.getRange(key, data.size() - 10, 100);
        QVERIFY(!tooFar.ok());
        QCOMPARE(tooFar.error().code(), Core::ErrorCode::Corrupt);

        auto info = store.stat(key);
        QVERIFY(info.ok() && info->has_value());
        QCOMPARE(info->value().size, data.size());
        QCOMPARE(info->value().key, key);
        QVERIFY(info->value().modified.isValid());

        QVERIFY(store.put(QStringLiteral("empty"), QByteArray()).ok());
        auto empty = store.get(QStringLiteral("empty"));
        QVERIFY(empty.ok());
        QVERIFY(empty->isEmpty());

        QVERIFY(store.remove(key).ok());
        auto missing = store.get(key);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code(), Core::ErrorCode::NotFound);
        auto noInfo = store.stat(key);
        QVERIFY(noInfo.ok());
        QVERIFY(!noInfo->has_value());
        QVERIFY2(store.remove(key).ok(), "removing a missing object succeeds");
        // Every request above carried a signature the independent verifier accepted.
        QCOMPARE(stat("rejected"), rejectedBefore);
    }

    void listBeyondOnePage()
    {
        S3Config c = config();
        c.listPageSize = 3; // 11 objects: four pages with continuation tokens
        S3ObjectStore store(c);
        QStringList expected;
        for (int i = 0; i < 11; ++i) {
            const QString key = QStringLiteral("list/obj-%1").arg(i, 2, 10, QLatin1Char('0'));
            QVERIFY(store.put(key, QByteArray::number(i)).ok());
            expected << key;
        }
        QVERIFY(store.put(QStringLiteral("other/x"), "x").ok());
        auto listed = store.list(QStringLiteral("list/"));
        QVERIFY2(listed.ok(), listed.ok() ? "" : qPrintable(listed.error().message()));
        QStringList keys;
        for (const auto& info : listed.value())
            keys << info.key;
        QCOMPARE(keys, expected);
        QCOMPARE(listed->at(10).size, 2);
        auto all = store.list(QString());
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 12);
    }

    void multipartUpload()
    {
        S3Config c = config();
        c.partSize = 1024 * 1024;
        S3ObjectStore store(c);
        const QByteArray data = randomBytes(3 * 1024 * 1024 + 4321); // four parts, the last short
        const int before = stat("verified");
        QVERIFY(store.put(QStringLiteral("big/object"), data).ok());
        // initiate + 4 parts + complete
        QCOMPARE(stat("verified") - before, 6);
        auto got = store.get(QStringLiteral("big/object"));
        QVERIFY(got.ok());
        QCOMPARE(got->size(), data.size());
        QVERIFY(got.value() == data);
        auto tail = store.getRange(QStringLiteral("big/object"), data.size() - 100, 100);
        QVERIFY(tail.ok());
        QCOMPARE(tail.value(), data.right(100));
    }

    void failedMultipartUploadIsAborted()
    {
        S3Config c = config();
        c.partSize = 1024 * 1024;
        S3ObjectStore store(c);
        const int abortsBefore = stat("multipartAborts");
        // Part 2 meets an error no retry can fix.
        QVERIFY(m_server.injectFailures(1, 400, QStringLiteral("InvalidArgument"), QStringLiteral("partNumber=2&")));
        const Core::Status s = store.put(QStringLiteral("aborted/object"), randomBytes(3 * 1024 * 1024));
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message().contains(QLatin1String("part 2")), qPrintable(s.error().message()));
        QCOMPARE(stat("multipartAborts") - abortsBefore, 1);
        auto info = store.stat(QStringLiteral("aborted/object"));
        QVERIFY(info.ok());
        QVERIFY2(!info->has_value(), "a failed upload leaves no object behind");
    }

    void serverKilledMidUploadRetriesAndCompletes()
    {
        S3Config c = config();
        c.partSize = 1024 * 1024;
        c.maxAttempts = 60; // about two minutes: outlasts a restart of node on a busy machine
        c.retryMaxMs = 2000;
        S3ObjectStore store(c);
        const QByteArray data = randomBytes(4 * 1024 * 1024);
        // The proxy holds the second part half-sent until s3rver dies under it.
        QVERIFY(m_server.stallAfter(QStringLiteral("partNumber="), 1));
        const int stalledBefore = stat("stalled");

        Core::Status result = Core::fail(Core::ErrorCode::Failed, QStringLiteral("not run"));
        std::unique_ptr<QThread> worker(QThread::create([&] { result = store.put(QStringLiteral("crash/object"), data); }));
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(stat("stalled") == stalledBefore + 1, 60000);
        m_server.killBackend();
        QString error;
        QVERIFY2(m_server.restartBackend(&error), qPrintable(error));
        QVERIFY(worker->wait(QDeadlineTimer(180000)));
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
        QVERIFY(stat("upstreamErrors") > 0);

        auto got = store.get(QStringLiteral("crash/object"));
        QVERIFY(got.ok());
        QVERIFY(got.value() == data);
    }

    void injected503sAreRetried()
    {
        S3ObjectStore store(config());
        const int injectedBefore = stat("injected");
        QVERIFY(m_server.injectFailures(3, 503, QStringLiteral("SlowDown")));
        QVERIFY(store.put(QStringLiteral("retry/a"), "payload").ok());
        QCOMPARE(stat("injected") - injectedBefore, 3);
        QVERIFY(m_server.injectFailures(2, 500, QStringLiteral("InternalError")));
        auto got = store.get(QStringLiteral("retry/a"));
        QVERIFY(got.ok());
        QCOMPARE(got.value(), QByteArray("payload"));
        QCOMPARE(stat("injected") - injectedBefore, 5);
    }

    void persistent503sGiveUpWithAClearError()
    {
        S3Config c = config();
        c.maxAttempts = 3;
        S3ObjectStore store(c);
        const int injectedBefore = stat("injected");
        QVERIFY(m_server.injectFailures(100, 503, QStringLiteral("SlowDown")));
        const Core::Status s = store.put(QStringLiteral("retry/b"), "x");
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code(), Core::ErrorCode::Unreachable);
        QVERIFY2(s.error().message().contains(QLatin1String("503")), qPrintable(s.error().message()));
        QCOMPARE(stat("injected") - injectedBefore, 3);
    }

    void wrongCredentialsFailClearlyWithoutRetryOrLoss()
    {
        S3ObjectStore good(config(QStringLiteral("creds")));
        QVERIFY(good.put(QStringLiteral("kept"), "original").ok());

        S3Config badSecret = config(QStringLiteral("creds"));
        badSecret.secretKey = "not-the-secret";
        S3ObjectStore wrongSecret(badSecret);
        const int rejectedBefore = stat("rejected");
        Core::Status s = wrongSecret.put(QStringLiteral("kept"), "overwritten");
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code(), Core::ErrorCode::AuthFailed);
        QVERIFY2(s.error().message().contains(QLatin1String("secret key")), qPrintable(s.error().message()));
        QVERIFY(!s.error().message().contains(QLatin1String("not-the-secret")));
        QCOMPARE(stat("rejected") - rejectedBefore, 1); // a 403 is not retried

        S3Config badKey = config(QStringLiteral("creds"));
        badKey.accessKey = "AKIDUNKNOWN";
        auto r = S3ObjectStore(badKey).get(QStringLiteral("kept"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), Core::ErrorCode::AuthFailed);
        QVERIFY2(r.error().message().contains(QLatin1String("access key")), qPrintable(r.error().message()));

        auto kept = good.get(QStringLiteral("kept"));
        QVERIFY(kept.ok());
        QCOMPARE(kept.value(), QByteArray("original"));
    }

    void clockSkewIsNamed()
    {
        S3Config c = config();
        c.clock = [] { return QDateTime::currentDateTimeUtc().addSecs(3600); };
        const Core::Status s = S3ObjectStore(c).put(QStringLiteral("skew"), "x");
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code(), Core::ErrorCode::AuthFailed);
        QVERIFY2(s.error().message().contains(QLatin1String("clock")), qPrintable(s.error().message()));
    }

    void missingBucketIsNamed()
    {
        S3Config c = config();
        c.bucket = QStringLiteral("no-such-bucket");
        const Core::Status s = S3ObjectStore(c).put(QStringLiteral("x"), "x");
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code(), Core::ErrorCode::NotFound);
        QVERIFY2(s.error().message().contains(QLatin1String("no-such-bucket")), qPrintable(s.error().message()));
    }

    void unreachableEndpointIsNamed()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QJsonObject settings = m_server.settings();
        settings.insert(QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:%1").arg(port));
        auto c = S3Config::fromSettings(settings, m_server.accessKey(), m_server.secretKey());
        QVERIFY(c.ok());
        c->maxAttempts = 2;
        c->retryBaseMs = 10;
        const Core::Status s = S3ObjectStore(c.value()).put(QStringLiteral("x"), "x");
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code(), Core::ErrorCode::Unreachable);
        QVERIFY2(s.error().message().contains(QLatin1String("127.0.0.1")), qPrintable(s.error().message()));
    }

    void deleteObjectsInBatch()
    {
        S3ObjectStore store(config());
        for (int i = 0; i < 5; ++i)
            QVERIFY(store.put(QStringLiteral("bulk/%1").arg(i), "x").ok());
        const int before = stat("verified");
        QVERIFY(store.removeMany({QStringLiteral("bulk/0"), QStringLiteral("bulk/2"), QStringLiteral("bulk/4"),
                                  QStringLiteral("bulk/never-existed")})
                    .ok());
        QCOMPARE(stat("verified") - before, 1); // one DeleteObjects request
        auto left = store.list(QStringLiteral("bulk/"));
        QVERIFY(left.ok());
        QCOMPARE(left->size(), 2);
        QCOMPARE(left->at(0).key, QStringLiteral("bulk/1"));
        QCOMPARE(left->at(1).key, QStringLiteral("bulk/3"));
    }

    void concurrentWorkerThreads()
    {
        S3Config c = config();
        c.maxParallel = 2;
        S3ObjectStore store(c);
        QList<QThread*> threads;
        std::atomic_int failures = 0;
        for (int t = 0; t < 4; ++t) {
            threads << QThread::create([&store, &failures, t] {
                for (int i = 0; i < 5; ++i) {
                    const QString key = QStringLiteral("par/%1-%2").arg(t).arg(i);
                    const QByteArray data = QByteArray::number(t * 100 + i).repeated(1000);
                    if (!store.put(key, data).ok())
                        ++failures;
                    auto got = store.get(key);
                    if (!got.ok() || got.value() != data)
                        ++failures;
                }
            });
            threads.last()->start();
        }
        for (QThread* t : threads) {
            QVERIFY(t->wait(QDeadlineTimer(120000)));
            delete t;
        }
        QCOMPARE(failures.load(), 0);
        auto listed = store.list(QStringLiteral("par/"));
        QVERIFY(listed.ok());
        QCOMPARE(listed->size(), 20);
    }

    void probeReportsEachStep()
    {
        S3ObjectStore store(config());
        QStringList steps;
        const Core::Status s = store.probe([&](const QString& step, bool ok) { steps << step + (ok ? QString() : QStringLiteral(" FAILED")); });
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message()));
        QCOMPARE(steps.size(), 4);
        for (const QString& step : steps)
            QVERIFY2(!step.endsWith(QLatin1String(" FAILED")), qPrintable(step));
        auto left = store.list(QStringLiteral("crossvault-probe/"));
        QVERIFY(left.ok());
        QVERIFY(left->isEmpty());
    }

    void tlsWithCustomCaBundle()
    {
        // A second server speaking HTTPS with a self-signed certificate for 127.0.0.1.
        QTemporaryDir certs;
        const QString cert = certs.filePath(QStringLiteral("cert.pem"));
        const QString key = certs.filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
                       QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0,
                 qPrintable(QStringLiteral("the TLS test needs the openssl command: ") + QString::fromLocal8Bit(openssl.readAll())));

        TestSupport::S3Server tlsServer;
        tlsServer.setTls(cert, key);
        QString error;
        QVERIFY2(tlsServer.start(&error), qPrintable(error));
        QVERIFY(tlsServer.endpoint().startsWith(QLatin1String("https://")));

        // Untrusted first: a failed handshake must not poison the trusted store's connections,
        // and the trusted store's open connection must not serve the untrusted one (below).
        QJsonObject settings = tlsServer.settings();
        auto untrusted = S3Config::fromSettings(settings, tlsServer.accessKey(), tlsServer.secretKey());
        QVERIFY(untrusted.ok());
        const Core::Status refused = S3ObjectStore(untrusted.value()).put(QStringLiteral("tls/x"), "x");
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), Core::ErrorCode::Unreachable);
        QVERIFY2(refused.error().message().contains(QLatin1String("TLS"))
                     && refused.error().message().contains(QLatin1String("CA file")),
                 qPrintable(refused.error().message()));

        settings.insert(QStringLiteral("caFile"), cert);
        auto trusted = S3Config::fromSettings(settings, tlsServer.accessKey(), tlsServer.secretKey());
        QVERIFY(trusted.ok());
        S3ObjectStore store(trusted.value());
        const Core::Status written = store.put(QStringLiteral("tls/x"), "over tls");
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message()));
        auto got = store.get(QStringLiteral("tls/x"));
        QVERIFY(got.ok());
        QCOMPARE(got.value(), QByteArray("over tls"));
        // A store without the CA file must not ride on the trusted store's kept-alive connection.
        settings.remove(QStringLiteral("caFile"));
        auto untrustedAgain = S3Config::fromSettings(settings, tlsServer.accessKey(), tlsServer.secretKey());
        QVERIFY(untrustedAgain.ok());
        QVERIFY(!S3ObjectStore(untrustedAgain.value()).get(QStringLiteral("tls/x")).ok());
    }

    void factoryOpensS3Regions()
    {
        Regions::Region region;
        region.name = QStringLiteral("s3-test");
        region.kind = Regions::Region::kindS3();
        region.settings = m_server.settings();
        region.settings.insert(QStringLiteral("prefix"), QStringLiteral("factory"));
        auto store = Storage::openObjectStore(region, {m_server.accessKey(), m_server.secretKey()});
        QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().message()));
        QVERIFY(store.value()->put(QStringLiteral("k"), "v").ok());
        QVERIFY(store.value()->describe().contains(m_server.bucket()));

        auto noKeys = Storage::openObjectStore(region, {});
        QVERIFY(!noKeys.ok());
        QCOMPARE(noKeys.error().code(), Core::ErrorCode::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(TestS3ObjectStore)
#include "tst_s3objectstore.moc"
