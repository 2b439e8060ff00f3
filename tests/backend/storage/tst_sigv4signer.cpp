#include "backend/storage/SigV4Signer.h"

#include <QTest>
#include <QTimeZone>

using Storage::SigV4Signer;

// Checks the signer against the example requests AWS publishes for S3 header
// authentication ("Signature Calculations for the Authorization Header", examplebucket,
// AKIAIOSFODNN7EXAMPLE, 2013-05-24).
class TestSigV4Signer final : public QObject
{
    Q_OBJECT

private:
    static QDateTime exampleTime() { return QDateTime(QDate(2013, 5, 24), QTime(0, 0), QTimeZone::utc()); }
    static SigV4Signer exampleSigner()
    {
        return SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                           QStringLiteral("us-east-1"));
    }
    static QByteArray emptyHash() { return SigV4Signer::sha256Hex({}); }
    static QByteArray authorization(const QList<SigV4Signer::Header>& headers)
    {
        for (const auto& h : headers)
            if (h.first == "authorization")
                return h.second;
        return {};
    }

private slots:
    void emptyPayloadHash()
    {
        QCOMPARE(emptyHash(), QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    void getObjectExample()
    {
        SigV4Signer::Request r;
        r.method = "GET";
        r.path = QStringLiteral("/test.txt");
        r.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Range", "bytes=0-9"},
                     {"x-amz-content-sha256", emptyHash()},
                     {"x-amz-date", "20130524T000000Z"}};
        r.payloadHash = emptyHash();
        const SigV4Signer signer = exampleSigner();

        QCOMPARE(signer.canonicalRequest(r),
                 QByteArray("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
                            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
                            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(signer.stringToSign(r, exampleTime()),
                 QByteArray("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"));
        QCOMPARE(authorization(signer.sign(r, exampleTime())),
                 QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    }

    void listObjectsExample()
    {
        // GET /?max-keys=2&prefix=J — query parameters in the canonical request.
        SigV4Signer::Request r;
        r.method = "GET";
        r.path = QStringLiteral("/");
        r.query = {{QStringLiteral("prefix"), QStringLiteral("J")}, {QStringLiteral("max-keys"), QStringLiteral("2")}};
        r.headers = {{"host", "examplebucket.s3.amazonaws.com"}};
        r.payloadHash = emptyHash();
        const QList<SigV4Signer::Header> added = exampleSigner().sign(r, exampleTime());
        QCOMPARE(authorization(added),
                 QByteArray("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
        // sign() adds the date and payload headers it signed.
        QVERIFY(added.contains(SigV4Signer::Header("x-amz-date", "20130524T000000Z")));
        QVERIFY(added.contains(SigV4Signer::Header("x-amz-content-sha256", emptyHash())));
    }

    void signatureDependsOnSecretAndRegion()
    {
        SigV4Signer::Request r;
        r.method = "GET";
        r.path = QStringLiteral("/test.txt");
        r.headers = {{"host", "examplebucket.s3.amazonaws.com"}};
        r.payloadHash = emptyHash();
        const QByteArray good = authorization(exampleSigner().sign(r, exampleTime()));
        const QByteArray otherSecret = authorization(
            SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wrong", QStringLiteral("us-east-1")).sign(r, exampleTime()));
        const QByteArray otherRegion = authorization(
            SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", QStringLiteral("eu-west-1"))
                .sign(r, exampleTime()));
        QVERIFY(good != otherSecret);
        QVERIFY(good != otherRegion);
        QVERIFY(otherRegion.contains("/eu-west-1/s3/aws4_request"));
        // The secret never appears in what goes on the wire.
        QVERIFY(!otherSecret.contains("wrong"));
    }

    void uriEncoding()
    {
        QCOMPARE(SigV4Signer::uriEncode(QStringLiteral("a b/c~d-e_f.g"), false), QByteArray("a%20b/c~d-e_f.g"));
        QCOMPARE(SigV4Signer::uriEncode(QStringLiteral("a/b"), true), QByteArray("a%2Fb"));
        QCOMPARE(SigV4Signer::uriEncode(QStringLiteral("+=&?*"), false), QByteArray("%2B%3D%26%3F%2A"));
        QCOMPARE(SigV4Signer::uriEncode(QStringLiteral("é"), false), QByteArray("%C3%A9"));
        // Empty values keep their '=' and pairs sort by encoded name.
        QCOMPARE(SigV4Signer::canonicalQuery({{QStringLiteral("uploads"), QString()},
                                              {QStringLiteral("continuation-token"), QStringLiteral("a/b+c")}}),
                 QByteArray("continuation-token=a%2Fb%2Bc&uploads="));
    }

    void headerCanonicalisation()
    {
        SigV4Signer::Request r;
        r.method = "PUT";
        r.path = QStringLiteral("/k");
        r.headers = {{"X-Amz-Meta-Note", "  two   spaces  "}, {"Host", "h"}};
        r.payloadHash = emptyHash();
        const QByteArray canonical = exampleSigner().canonicalRequest(r);
        QVERIFY2(canonical.contains("\nhost:h\nx-amz-meta-note:two spaces\n\nhost;x-amz-meta-note\n"), canonical.constData());
    }
};

QTEST_GUILESS_MAIN(TestSigV4Signer)
#include "tst_sigv4signer.moc"
