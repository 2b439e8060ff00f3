#include "backend/cost/PriceCatalog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Cost::PriceCatalog;
using Cost::PriceSheet;

namespace {

QByteArray validSheet(const QByteArray& id = "test/north", const QByteArray& price = "\"0.01\"")
{
    return "{\n"
           "  \"id\": \"" + id + "\",\n"
           "  \"continent\": \"North America\",\n"
           "  \"currency\": \"USD\",\n"
           "  \"storage\": {\"price\": " + price + ", \"per\": \"GB-month\"},\n"
           "  \"transfer\": {\n"
           "    \"sameContinent\": {\"price\": \"0.05\"},\n"
           "    \"otherContinent\": {\"price\": \"0.09\"}\n"
           "  },\n"
           "  \"egress\": {\"price\": \"0.2\"}\n"
           "}";
}

QByteArray file(const QList<QByteArray>& sheets)
{
    QByteArray out = "{\n\"version\": 1,\n\"sheets\": [\n";
    for (qsizetype i = 0; i < sheets.size(); ++i)
        out += sheets.at(i) + (i + 1 < sheets.size() ? ",\n" : "\n");
    return out + "]\n}\n";
}

bool write(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

} // namespace

class TestPriceCatalog final : public QObject
{
    Q_OBJECT

private slots:
    void defaultsHoldTheIssuesFigures()
    {
        auto catalog = PriceCatalog::defaults();
        QVERIFY2(catalog.ok(), qPrintable(catalog.ok() ? QString() : catalog.error().message()));
        const PriceSheet* west = catalog->find(QStringLiteral("gcp/us-west1"));
        QVERIFY(west);
        QCOMPARE(west->storage.micros, qint64(20'000));
        QCOMPARE(west->storageUnit, PriceSheet::StorageUnit::GBMonth);
        QCOMPARE(west->transferSameContinent.micros, qint64(20'000));
        QCOMPARE(west->transferOtherContinent.micros, qint64(80'000));
        QCOMPARE(west->currency, QStringLiteral("USD"));
        const PriceSheet* hangzhou = catalog->find(QStringLiteral("aliyun/cn-hangzhou"));
        QVERIFY(hangzhou);
        QCOMPARE(hangzhou->storageUnit, PriceSheet::StorageUnit::GBHour);
        QCOMPARE(hangzhou->storage.micros, qint64(200));
        QCOMPARE(hangzhou->storageMicrosPerGBMonth(), qint64(146'000)); // 0.0002 x 730
        for (const QString& id : {QStringLiteral("gcp/us-east4"), QStringLiteral("gcp/europe-west3"),
                                  QStringLiteral("huawei/ap-southeast-1"), QStringLiteral("aws/us-east-1")})
            QVERIFY2(catalog->find(id), qPrintable(id));
        // Every figure says where it came from and when.
        for (const PriceSheet& s : catalog->sheets()) {
            for (const Cost::PriceFigure* f : {&s.storage, &s.transferSameContinent, &s.transferOtherContinent,
                                               &s.egress, &s.restore}) {
                QVERIFY2(!f->source.isEmpty() && !f->date.isEmpty(), qPrintable(s.id));
            }
        }
        QVERIFY(catalog->find(QStringLiteral("huawei/ap-southeast-1"))->example);
    }

    void overridesReplaceAndAddSheets()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("prices.json"));
        auto catalog = PriceCatalog::load(path);
        QVERIFY(catalog.ok());
        QVERIFY(!QFile::exists(path));

        PriceSheet edited = *catalog->find(QStringLiteral("gcp/us-west1"));
        edited.storage.micros = 23'000;
        edited.storage.source = QStringLiteral("our contract");
        QVERIFY(catalog->setOverride(edited).ok());
        QVERIFY(QFile::exists(path));

        auto reloaded = PriceCatalog::load(path);
        QVERIFY(reloaded.ok());
        QCOMPARE(reloaded->find(QStringLiteral("gcp/us-west1"))->storage.micros, qint64(23'000));
        QCOMPARE(reloaded->find(QStringLiteral("gcp/us-west1"))->storage.source, QStringLiteral("our contract"));
        QVERIFY(reloaded->isOverridden(QStringLiteral("gcp/us-west1")));
        QVERIFY(!reloaded->isOverridden(QStringLiteral("gcp/us-east4")));

        QVERIFY(reloaded->removeOverride(QStringLiteral("gcp/us-west1")).ok());
        auto again = PriceCatalog::load(path);
        QVERIFY(again.ok());
        QCOMPARE(again->find(QStringLiteral("gcp/us-west1"))->storage.micros, qint64(20'000));
        QCOMPARE(again->removeOverride(QStringLiteral("gcp/us-west1")).error().code(), Core::ErrorCode::NotFound);
    }

    void importsAndExports()
    {
        QTemporaryDir dir;
        const QString importPath = dir.filePath(QStringLiteral("mine.json"));
        QVERIFY(write(importPath, file({validSheet("test/north"), validSheet("test/south", "1.5")})));
        auto catalog = PriceCatalog::load(dir.filePath(QStringLiteral("prices.json")));
        QVERIFY(catalog.ok());
        const qsizetype before = catalog->sheets().size();
        auto imported = catalog->importFile(importPath);
        QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message()));
        QCOMPARE(imported.value(), 2);
        QCOMPARE(catalog->sheets().size(), before + 2);
        QCOMPARE(catalog->find(QStringLiteral("test/south"))->storage.micros, qint64(1'500'000)); // a JSON number

        const QString exportPath = dir.filePath(QStringLiteral("out.json"));
        QVERIFY(catalog->exportFile(exportPath, {QStringLiteral("test/south"), QStringLiteral("gcp/us-west1")}).ok());
        QFile exported(exportPath);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        auto roundTrip = PriceCatalog::parse(exported.readAll(), QStringLiteral("out.json"));
        QVERIFY(roundTrip.ok());
        QCOMPARE(roundTrip->size(), 2);
        QCOMPARE(roundTrip->at(0).id, QStringLiteral("test/south"));
        QCOMPARE(roundTrip->at(0).storage.micros, qint64(1'500'000));
        QCOMPARE(roundTrip->at(1).transferOtherContinent.micros, qint64(80'000));
        QCOMPARE(catalog->exportFile(exportPath, {QStringLiteral("no/such")}).error().code(), Core::ErrorCode::NotFound);
    }

    void malformedFilesNameLineAndField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected"); // substrings, '|'-separated
        QByteArray badPrice = validSheet();
        badPrice.replace("\"0.01\"", "\"cheap\"");
        // File lines: 1 '{', 2 version, 3 sheets, 4 sheet '{', 5 id, 6 continent, 7 currency, 8 storage...
        QTest::newRow("bad price") << file({badPrice})
                                   << QStringLiteral("line 8|sheets[0].storage.price|cheap");
        QByteArray noContinent = validSheet();
        noContinent.replace("  \"continent\": \"North America\",\n", "");
        QTest::newRow("missing continent") << file({noContinent}) << QStringLiteral("line 4|sheets[0]|'continent' is missing");
        QByteArray badUnit = validSheet();
        badUnit.replace("GB-month", "GB-week");
        QTest::newRow("bad unit") << file({badUnit}) << QStringLiteral("line 8|sheets[0].storage.per");
        QByteArray badCurrency = validSheet();
        badCurrency.replace("\"USD\"", "\"dollars\"");
        QTest::newRow("bad currency") << file({badCurrency}) << QStringLiteral("line 7|sheets[0].currency|dollars");
        QByteArray noOther = validSheet();
        noOther.replace(",\n    \"otherContinent\": {\"price\": \"0.09\"}", "");
        QTest::newRow("missing transfer figure")
            << file({noOther}) << QStringLiteral("line 9|sheets[0].transfer|'otherContinent' is missing");
        QTest::newRow("second sheet") << file({validSheet("test/a"), validSheet("Bad Id")})
                                      << QStringLiteral("line 16|sheets[1].id|Bad Id");
        QTest::newRow("duplicate") << file({validSheet("test/a"), validSheet("test/a")})
                                   << QStringLiteral("line 16|sheets[1].id|twice");
        QTest::newRow("syntax") << QByteArray("{\n\"version\": 1,\n\"sheets\": [\n{ \"id\": \"x\" \"continent\": 1 }\n]}")
                                << QStringLiteral("line 4|not valid JSON");
        QTest::newRow("not a list") << QByteArray("{\n\"sheets\": {}\n}") << QStringLiteral("line 2|sheets");
    }
    void malformedFilesNameLineAndField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        auto parsed = PriceCatalog::parse(json, QStringLiteral("prices.json"));
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code(), Core::ErrorCode::InvalidInput);
        const QString message = parsed.error().message();
        QVERIFY2(message.startsWith(QStringLiteral("prices.json line ")), qPrintable(message));
        for (const QString& part : expected.split(QLatin1Char('|')))
            QVERIFY2(message.contains(part), qPrintable(message + QStringLiteral(" lacks ") + part));
    }

    void malformedImportChangesNothing()
    {
        QTemporaryDir dir;
        const QString overrides = dir.filePath(QStringLiteral("prices.json"));
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QVERIFY(write(bad, file({validSheet("test/ok"), validSheet("test/bad", "\"-3\"")})));
        auto catalog = PriceCatalog::load(overrides);
        QVERIFY(catalog.ok());
        auto imported = catalog->importFile(bad);
        QVERIFY(!imported.ok());
        QVERIFY2(imported.error().message().contains(QStringLiteral("bad.json line 19, field sheets[1].storage.price")),
                 qPrintable(imported.error().message()));
        QVERIFY(!catalog->find(QStringLiteral("test/ok")));
        QVERIFY(!QFile::exists(overrides));
    }

    void brokenOverridesFileIsReported()
    {
        QTemporaryDir dir;
        const QString overrides = dir.filePath(QStringLiteral("prices.json"));
        QVERIFY(write(overrides, "{\"sheets\": [1]}"));
        auto catalog = PriceCatalog::load(overrides);
        QVERIFY(!catalog.ok());
        QVERIFY2(catalog.error().message().contains(QStringLiteral("sheets[0]")), qPrintable(catalog.error().message()));
    }

    void validateNamesTheField()
    {
        auto catalog = PriceCatalog::defaults();
        QVERIFY(catalog.ok());
        PriceSheet sheet = *catalog->find(QStringLiteral("gcp/us-west1"));
        sheet.continent.clear();
        Core::Status status = PriceCatalog::validate(sheet);
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message().contains(QStringLiteral("continent")), qPrintable(status.error().message()));
        sheet = *catalog->find(QStringLiteral("gcp/us-west1"));
        sheet.id = QStringLiteral("no slash");
        QVERIFY(!catalog->setOverride(sheet).ok());
    }
};

QTEST_GUILESS_MAIN(TestPriceCatalog)
#include "tst_pricecatalog.moc"
