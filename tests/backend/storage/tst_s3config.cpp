#include "backend/storage/BandwidthLimiter.h"
#include "backend/storage/RetryPolicy.h"
#include "backend/storage/S3Config.h"
#include "backend/storage/S3ObjectStore.h"
#include "backend/storage/S3Xml.h"

#include <QSet>
#include <QTest>
#include <QTimeZone>

using Storage::S3Config;

// The S3 pieces that need no server: settings validation, addressing, retry backoff,
// bandwidth booking and the XML documents.
class TestS3Config final : public QObject
{
    Q_OBJECT

private:
    static QJsonObject settings()
    {
        return {{QStringLiteral("endpoint"), QStringLiteral("https://s3.example.com")},
                {QStringLiteral("bucket"), QStringLiteral("backups")},
                {QStringLiteral("prefix"), QStringLiteral("/team/a")},
                {QStringLiteral("signingRegion"), QStringLiteral("eu-central-1")}};
    }
    static S3Config parse(const QJsonObject& s)
    {
        auto c = S3Config::fromSettings(s, "AKID", "SECRET");
        if (!c)
            qFatal("%s", qPrintable(c.error().message()));
        return c.value();
    }

private slots:
    void readsAndNormalisesSettings()
    {
        const S3Config c = parse(settings());
        QCOMPARE(c.prefix, QStringLiteral("team/a/"));
        QCOMPARE(c.signingRegion, QStringLiteral("eu-central-1"));
        QVERIFY(!c.pathStyle);
        QCOMPARE(c.partSize, 8 * 1024 * 1024);
        QCOMPARE(c.describe(), QStringLiteral("s3://backups/team/a at https://s3.example.com"));
        QVERIFY(!c.describe().contains(QLatin1String("SECRET")));
        QVERIFY(!c.toSettings().contains(QStringLiteral("secretKey")));
        QCOMPARE(parse(c.toSettings()).prefix, c.prefix);
    }

    void rejectsBadFieldsNamingThem_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("endpoint") << QStringLiteral("endpoint") << QJsonValue(QStringLiteral("ftp://x")) << QStringLiteral("Endpoint");
        QTest::newRow("no host") << QStringLiteral("endpoint") << QJsonValue(QStringLiteral("https://")) << QStringLiteral("Endpoint");
        QTest::newRow("bucket") << QStringLiteral("bucket") << QJsonValue(QStringLiteral("Bad_Bucket!")) << QStringLiteral("Bucket");
        QTest::newRow("region") << QStringLiteral("signingRegion") << QJsonValue(QStringLiteral("eu central")) << QStringLiteral("Signing region");
        QTest::newRow("ca file") << QStringLiteral("caFile") << QJsonValue(QStringLiteral("/nonexistent/ca.pem")) << QStringLiteral("CA file");
        QTest::newRow("part size") << QStringLiteral("partSize") << QJsonValue(1024) << QStringLiteral("Part size");
        QTest::newRow("parallel") << QStringLiteral("maxParallel") << QJsonValue(0) << QStringLiteral("Parallel");
    }

    void rejectsBadFieldsNamingThem()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, named);
        QJsonObject s = settings();
        s.insert(field, value);
        auto c = S3Config::fromSettings(s, "AKID", "SECRET");
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code(), Core::ErrorCode::InvalidInput);
        QVERIFY2(c.error().message().startsWith(named), qPrintable(c.error().message()));
    }

    void requiresBothKeys()
    {
        auto noAccess = S3Config::fromSettings(settings(), {}, "SECRET");
        QVERIFY(!noAccess.ok());
        QVERIFY(noAccess.error().message().startsWith(QLatin1String("Access key")));
        auto noSecret = S3Config::fromSettings(settings(), "AKID", {});
        QVERIFY(!noSecret.ok());
        QVERIFY(noSecret.error().message().startsWith(QLatin1String("Secret key")));
    }

    void addressingStyles()
    {
        S3Config vhost = parse(settings());
        Storage::S3ObjectStore virtualHosted(vhost);
        QCOMPARE(virtualHosted.urlFor(QStringLiteral("team/a/x y")).toString(QUrl::FullyEncoded),
                 QStringLiteral("https://backups.s3.example.com/team/a/x%20y"));

        QJsonObject s = settings();
        s.insert(QStringLiteral("pathStyle"), true);
        s.insert(QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:9000"));
        Storage::S3ObjectStore pathStyle(parse(s));
        QCOMPARE(pathStyle.urlFor(QStringLiteral("k+1"), {{QStringLiteral("uploads"), QString()}}).toString(QUrl::FullyEncoded),
                 QStringLiteral("http://127.0.0.1:9000/backups/k%2B1?uploads="));

        // A dotted bucket is no valid TLS host label: path style is forced on https.
        s = settings();
        s.insert(QStringLiteral("bucket"), QStringLiteral("my.dotted.bucket"));
        QVERIFY(parse(s).pathStyle);
    }

    void retryBackoffGrowsWithJitterAndCap()
    {
        const Storage::RetryPolicy policy(6, 100, 1000);
        QCOMPARE(policy.ceilingMs(1), 100);
        QCOMPARE(policy.ceilingMs(2), 200);
        QCOMPARE(policy.ceilingMs(4), 800);
        QCOMPARE(policy.ceilingMs(5), 1000);
        QCOMPARE(policy.ceilingMs(40), 1000);
        QSet<int> seen;
        for (int i = 0; i < 200; ++i) {
            const int d = policy.delayMs(3);
            QVERIFY(d >= 200 && d <= 400);
            seen.insert(d);
        }
        QVERIFY2(seen.size() > 1, "jitter varies the delay");
    }

    void bandwidthBooking()
    {
        Storage::BandwidthLimiter unlimited(0);
        QVERIFY(!unlimited.limited());
        QCOMPARE(unlimited.reserve(1 << 30, 0), 0);

        Storage::BandwidthLimiter limiter(1000); // 1000 bytes/s, one second of burst
        QCOMPARE(limiter.reserve(1000, 0), 0);
        QCOMPARE(limiter.reserve(1000, 0), 1000);
        QCOMPARE(limiter.reserve(500, 0), 1500);
        // After a long idle period only one second of credit is left.
        QCOMPARE(limiter.reserve(2000, 100000), 1000);
    }

    void xmlDocuments()
    {
        const auto error = Storage::S3Xml::parseError(
            "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>gone</Message><Key>k</Key></Error>");
        QCOMPARE(error.code, QStringLiteral("NoSuchKey"));
        QCOMPARE(error.message, QStringLiteral("gone"));
        QVERIFY(Storage::S3Xml::parseError("<ListBucketResult/>").code.isEmpty());

        auto page = Storage::S3Xml::parseListObjectsV2(
            "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IsTruncated>true</IsTruncated>"
            "<Contents><Key>a/1</Key><LastModified>2026-01-02T03:04:05.678Z</LastModified><Size>42</Size></Contents>"
            "<Contents><Key>a/&amp;2</Key><Size>7</Size></Contents>"
            "<NextContinuationToken>tok/+=</NextContinuationToken></ListBucketResult>");
        QVERIFY(page.ok());
        QVERIFY(page->truncated);
        QCOMPARE(page->nextToken, QStringLiteral("tok/+="));
        QCOMPARE(page->objects.size(), 2);
        QCOMPARE(page->objects[0].size, 42);
        QCOMPARE(page->objects[0].modified, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc()));
        QCOMPARE(page->objects[1].key, QStringLiteral("a/&2"));
        QVERIFY(!Storage::S3Xml::parseListObjectsV2("<Error/>").ok());

        QCOMPARE(Storage::S3Xml::parseUploadId("<InitiateMultipartUploadResult><Bucket>b</Bucket><UploadId>u-1</UploadId>"
                                               "</InitiateMultipartUploadResult>"),
                 QStringLiteral("u-1"));
        const auto failures = Storage::S3Xml::parseDeleteResult(
            "<DeleteResult><Deleted><Key>x</Key></Deleted><Error><Key>y</Key><Code>AccessDenied</Code>"
            "<Message>no</Message></Error></DeleteResult>");
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures[0].key, QStringLiteral("y"));
        QCOMPARE(failures[0].code, QStringLiteral("AccessDenied"));

        const QByteArray del = Storage::S3Xml::deleteObjects({QStringLiteral("a<b")});
        QVERIFY2(del.contains("<Key>a&lt;b</Key>") && del.contains("<Quiet>true</Quiet>"), del.constData());
        const QByteArray complete = Storage::S3Xml::completeMultipartUpload({"\"e1\"", "\"e2\""});
        QVERIFY2(complete.contains("<PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag>"), complete.constData());
    }
};

QTEST_GUILESS_MAIN(TestS3Config)
#include "tst_s3config.moc"
