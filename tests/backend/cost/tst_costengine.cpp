#include "backend/cost/CostEngine.h"

#include "backend/cost/Money.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Cost;

namespace {

constexpr qint64 GB = 1'000'000'000;

// Test sheets with round figures, so hand computation stays readable.
const QByteArray testSheets = R"({"version": 1, "sheets": [
 {"id": "test/north", "continent": "North America", "currency": "USD",
  "storage": {"price": "0.01", "per": "GB-month"},
  "transfer": {"sameContinent": {"price": "0.05"}, "otherContinent": {"price": "0.09"},
               "destinations": [{"to": "test/far", "price": "0.5"}]},
  "egress": {"price": "0.2"}},
 {"id": "test/south", "continent": "North America", "currency": "USD",
  "storage": {"price": "0.01", "per": "GB-month"},
  "transfer": {"sameContinent": {"price": "0.05"}, "otherContinent": {"price": "0.09"}}, "egress": {"price": "0.2"}},
 {"id": "test/far", "continent": "Asia", "currency": "USD",
  "storage": {"price": "0.01", "per": "GB-month"},
  "transfer": {"sameContinent": {"price": "0.05"}, "otherContinent": {"price": "0.09"}}, "egress": {"price": "0.2"}},
 {"id": "test/hourly", "continent": "Asia", "currency": "USD",
  "storage": {"price": "0.0002", "per": "GB-hour"},
  "transfer": {"sameContinent": {"price": "0"}, "otherContinent": {"price": "0"}}, "egress": {"price": "0"}},
 {"id": "test/euro", "continent": "Europe", "currency": "EUR",
  "storage": {"price": "0.01"},
  "transfer": {"sameContinent": {"price": "0"}, "otherContinent": {"price": "0"}}, "egress": {"price": "0"}}
]})";

} // namespace

class TestCostEngine final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CostEngine> m_engine;

    EstimateInput rampInput() const
    {
        EstimateInput in;
        in.sourceBytes = 1000 * GB;
        in.changeRatePpm = 10'000; // 1 % a day: 10 GB of new data daily
        in.sourceRegion = QStringLiteral("test/north");
        in.copies = {CopyTarget{QStringLiteral("test/south"), 60}};
        in.months = 12;
        return in;
    }

    QString refusal(const EstimateInput& in) const
    {
        auto result = m_engine->estimate(in);
        if (result.ok())
            return QStringLiteral("(accepted)");
        if (result.error().code() != Core::ErrorCode::InvalidInput)
            return QStringLiteral("(wrong code)");
        return result.error().message();
    }

private slots:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("prices.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(testSheets);
        f.close();
        auto catalog = PriceCatalog::load(path);
        QVERIFY2(catalog.ok(), qPrintable(catalog.ok() ? QString() : catalog.error().message()));
        m_engine = std::make_unique<CostEngine>(catalog.value());
    }

    // The published example: 20 GB copied from GCP us-west1 to us-east4 and europe-west3,
    // kept one month -> storage $0.80, transfer $2.00, total $2.80.
    void reproducesTheWorkedExample()
    {
        EstimateInput in;
        in.sourceBytes = 20 * GB;
        in.sourceRegion = QStringLiteral("gcp/us-west1");
        in.copies = {CopyTarget{QStringLiteral("gcp/us-east4"), 30}, CopyTarget{QStringLiteral("gcp/europe-west3"), 30}};
        in.months = 1;
        auto result = m_engine->estimate(in);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message()));
        QCOMPARE(result->currency, QStringLiteral("USD"));
        QCOMPARE(result->storage, qint64(800'000));
        QCOMPARE(result->transfer, qint64(2'000'000));
        QCOMPARE(result->total(), qint64(2'800'000));
        QCOMPARE(Money::format(result->total()), QStringLiteral("2.80"));
        QCOMPARE(result->regions.size(), 2);
        const RegionEstimate& east = result->regions.at(0);
        QCOMPARE(east.region, QStringLiteral("gcp/us-east4"));
        QCOMPARE(east.storage, qint64(400'000));  // 20 GB x $0.02
        QCOMPARE(east.transfer, qint64(400'000)); // 20 GB x $0.02 within North America
        QCOMPARE(east.transferKind, QStringLiteral("same-continent"));
        const RegionEstimate& europe = result->regions.at(1);
        QCOMPARE(europe.storage, qint64(400'000));
        QCOMPARE(europe.transfer, qint64(1'600'000)); // 20 GB x $0.08 to another continent
        QCOMPARE(europe.transferKind, QStringLiteral("other-continent"));
        QCOMPARE(east.projection.size(), 12);
        QCOMPARE(east.projection.at(0).movedBytes, 20 * GB);
        QCOMPARE(east.projection.at(1).transfer, qint64(0)); // nothing changes, nothing more moves
    }

    void normalisesGBHoursWith730HoursAMonth()
    {
        EstimateInput in;
        in.sourceBytes = 100 * GB;
        in.sourceRegion = QStringLiteral("test/north");
        in.copies = {CopyTarget{QStringLiteral("test/hourly"), 30}};
        in.months = 3;
        auto result = m_engine->estimate(in);
        QVERIFY(result.ok());
        const RegionEstimate& hourly = result->regions.at(0);
        QCOMPARE(hourly.storagePricePerGBMonth, qint64(146'000)); // $0.0002 x 730
        // 100 GB x $0.0002 x 730 h = $14.60 a month, three months.
        QCOMPARE(hourly.projection.at(0).storage, qint64(14'600'000));
        QCOMPARE(hourly.storage, qint64(43'800'000));
        QCOMPARE(hourly.transferKind, QStringLiteral("other-continent"));
        QCOMPARE(hourly.transfer, qint64(9'000'000)); // 100 GB x $0.09 once
    }

    void rampsUpWhileRetentionFills()
    {
        auto result = m_engine->estimate(rampInput());
        QVERIFY(result.ok());
        const RegionEstimate& r = result->regions.at(0);
        QCOMPARE(r.steadyStoredBytes, 1600 * GB); // 1000 GB + 60 days x 10 GB
        QCOMPARE(r.points, 61);
        // Month 1 (0-730 h): average stored 1000 GB + 10 GB/day x 365/24 days = 1152.083 GB,
        // x $0.01 = $11.520833.
        QCOMPARE(r.projection.at(0).averageStoredBytes, qint64(1'152'083'333'333));
        QCOMPARE(r.projection.at(0).storage, qint64(11'520'833));
        // Month 2 (730-1460 h): retention fills at 1440 h; byte-hours
        // = 1000 GB x 730 h + 10 GB/24 h x ((1440^2 - 730^2) / 2 + 1440 x 20) h^2
        // -> $14.561358.
        QCOMPARE(r.projection.at(1).storage, qint64(14'561'358));
        // From month 3 on: flat at 1600 GB x $0.01 = $16.00.
        for (int m = 2; m < 12; ++m)
            QCOMPARE(r.projection.at(m).storage, qint64(16'000'000));
        // Transfer: the first full copy plus a month of changes (730/24 days x 10 GB), then changes only,
        // at $0.05 within the continent.
        QCOMPARE(r.projection.at(0).movedBytes, qint64(1'304'166'666'667));
        QCOMPARE(r.projection.at(0).transfer, qint64(65'208'333));
        QCOMPARE(r.projection.at(1).transfer, qint64(15'208'333));
        qint64 storage = 0;
        qint64 transfer = 0;
        for (const MonthCost& m : r.projection) {
            storage += m.storage;
            transfer += m.transfer;
        }
        QCOMPARE(r.storage, storage);
        QCOMPARE(r.transfer, transfer);
        QCOMPARE(result->total(), storage + transfer);
    }

    void ratioShrinksStoredAndMovedBytes()
    {
        EstimateInput in = rampInput();
        in.ratioMilli = 2'000;
        auto halved = m_engine->estimate(in);
        QVERIFY(halved.ok());
        QCOMPARE(halved->regions.at(0).steadyStoredBytes, 800 * GB);
        QCOMPARE(halved->regions.at(0).projection.at(11).storage, qint64(8'000'000));
    }

    void sourceStorageOnRequest()
    {
        EstimateInput in = rampInput();
        in.includeSource = true;
        in.retentionDays = 30;
        auto result = m_engine->estimate(in);
        QVERIFY(result.ok());
        QCOMPARE(result->regions.size(), 2);
        const RegionEstimate& source = result->regions.at(0);
        QVERIFY(source.isSource);
        QCOMPARE(source.transfer, qint64(0));
        QCOMPARE(source.steadyStoredBytes, 1300 * GB);
        QCOMPARE(source.projection.at(11).storage, qint64(13'000'000));
    }

    void pricesACopyPreview()
    {
        auto same = m_engine->priceCopy(20 * GB, QStringLiteral("test/north"), QStringLiteral("test/south"));
        QVERIFY(same.ok());
        QCOMPARE(same->transfer, qint64(1'000'000)); // 20 GB x $0.05
        QCOMPARE(same->kind, QStringLiteral("same-continent"));
        QCOMPARE(same->storagePerMonth, qint64(200'000));
        auto published = m_engine->priceCopy(20 * GB, QStringLiteral("test/north"), QStringLiteral("test/far"));
        QVERIFY(published.ok());
        QCOMPARE(published->kind, QStringLiteral("destination"));
        QCOMPARE(published->transfer, qint64(10'000'000)); // the per-destination $0.50 wins over $0.09
        auto otherProvider = m_engine->priceCopy(20 * GB, QStringLiteral("gcp/us-west1"), QStringLiteral("test/south"));
        QVERIFY(otherProvider.ok());
        QCOMPARE(otherProvider->kind, QStringLiteral("egress"));
        QCOMPARE(otherProvider->transfer, qint64(2'400'000)); // leaving GCP: $0.12
        auto gcp = m_engine->priceCopy(20 * GB, QStringLiteral("gcp/us-west1"), QStringLiteral("gcp/europe-west3"));
        QVERIFY(gcp.ok());
        QCOMPARE(gcp->transfer, qint64(1'600'000));
        auto oddBytes = m_engine->priceCopy(1, QStringLiteral("test/north"), QStringLiteral("test/south"));
        QVERIFY(oddBytes.ok());
        QCOMPARE(oddBytes->transfer, qint64(0)); // 1 byte rounds to nothing
        auto unknown = m_engine->priceCopy(GB, QStringLiteral("test/north"), QStringLiteral("test/nowhere"));
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().message().startsWith(QStringLiteral("to: ")));
        QVERIFY(unknown.error().message().contains(QStringLiteral("test/nowhere")));
        QVERIFY(!m_engine->priceCopy(-1, QStringLiteral("test/north"), QStringLiteral("test/south")).ok());
    }

    void pricesCopiesBetweenWorkspaceRegions()
    {
        Regions::Region oregon;
        oregon.name = QStringLiteral("oregon");
        oregon.priceSheet = QStringLiteral("gcp/us-west1");
        Regions::Region frankfurt;
        frankfurt.name = QStringLiteral("frankfurt");
        frankfurt.priceSheet = QStringLiteral("gcp/europe-west3");
        Regions::Region disk;
        disk.name = QStringLiteral("disk");
        auto priced = m_engine->priceCopy(20 * GB, oregon, frankfurt);
        QVERIFY(priced.ok());
        QCOMPARE(priced->transfer, qint64(1'600'000));
        auto local = m_engine->priceCopy(20 * GB, oregon, disk);
        QVERIFY(local.ok());
        QCOMPARE(local->transfer, qint64(0));
        QCOMPARE(local->kind, QStringLiteral("unpriced"));
        QVERIFY(local->note.contains(QStringLiteral("'disk' has no price sheet")));
        frankfurt.priceSheet = QStringLiteral("gcp/nowhere");
        auto broken = m_engine->priceCopy(20 * GB, oregon, frankfurt);
        QVERIFY(!broken.ok());
        QVERIFY(broken.error().message().contains(QStringLiteral("priceSheet")));
        QVERIFY(broken.error().message().contains(QStringLiteral("gcp/nowhere")));
    }

    void refusesBadInputNamingTheField()
    {
        EstimateInput in = rampInput();
        in.sourceBytes = 0;
        QVERIFY(refusal(in).startsWith(QStringLiteral("size: ")));
        in.sourceBytes = -5;
        QVERIFY(refusal(in).startsWith(QStringLiteral("size: ")));
        in.sourceBytes = CostEngine::maxSourceBytes + 1;
        QVERIFY(refusal(in).startsWith(QStringLiteral("size: ")));

        in = rampInput();
        in.changeRatePpm = 1'000'001;
        QVERIFY(refusal(in).startsWith(QStringLiteral("change-rate: ")));
        in = rampInput();
        in.ratioMilli = 0;
        QVERIFY(refusal(in).startsWith(QStringLiteral("ratio: ")));
        in = rampInput();
        in.intervalHours = 0;
        QVERIFY(refusal(in).startsWith(QStringLiteral("interval-hours: ")));
        in = rampInput();
        in.retentionDays = 0;
        QVERIFY(refusal(in).startsWith(QStringLiteral("retention-days: ")));
        in = rampInput();
        in.months = 121;
        QVERIFY(refusal(in).startsWith(QStringLiteral("months: ")));

        in = rampInput();
        in.sourceRegion = QStringLiteral("gcp/moon-1");
        QVERIFY(refusal(in).startsWith(QStringLiteral("from: ")));
        QVERIFY(refusal(in).contains(QStringLiteral("gcp/moon-1")));
        in = rampInput();
        in.copies = {CopyTarget{QStringLiteral("test/nowhere"), 30}};
        QVERIFY(refusal(in).startsWith(QStringLiteral("to: ")));
        in.copies = {};
        QVERIFY(refusal(in).startsWith(QStringLiteral("to: ")));
        in.copies = {CopyTarget{QStringLiteral("test/south"), 0}};
        QVERIFY(refusal(in).startsWith(QStringLiteral("to (test/south): retention")));
        in.copies = {CopyTarget{QStringLiteral("test/south"), 30}, CopyTarget{QStringLiteral("test/south"), 10}};
        QVERIFY(refusal(in).contains(QStringLiteral("twice")));
        in.copies = {CopyTarget{QStringLiteral("test/north"), 30}};
        QVERIFY(refusal(in).contains(QStringLiteral("source region")));
        in.copies = {CopyTarget{QStringLiteral("test/euro"), 30}};
        QVERIFY(refusal(in).startsWith(QStringLiteral("to (test/euro): ")));
        QVERIFY(refusal(in).contains(QStringLiteral("EUR")));
    }

    void pricesActualsMonthToDate()
    {
        ActualsInput in;
        in.monthStart = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
        in.now = in.monthStart.addSecs(365 * 3600); // half a 730-hour month
        in.vaults = {VaultUsage{QStringLiteral("photos"), QStringLiteral("oregon"), QStringLiteral("gcp/us-west1"), 100 * GB},
                     VaultUsage{QStringLiteral("local"), QStringLiteral("disk"), QString(), 500 * GB},
                     VaultUsage{QStringLiteral("copy"), QStringLiteral("frankfurt"), QStringLiteral("gcp/europe-west3"), 20 * GB}};
        in.copies = {CopyUsage{QStringLiteral("copy"), QStringLiteral("gcp/us-west1"), QStringLiteral("gcp/europe-west3"), 20 * GB}};
        auto result = m_engine->actuals(in);
        QVERIFY(result.ok());
        QCOMPARE(result->hoursElapsed, qint64(365));
        QCOMPARE(result->lines.size(), 3);
        QCOMPARE(result->lines.at(0).storage, qint64(1'000'000)); // 100 GB x $0.02 x 1/2
        QCOMPARE(result->lines.at(1).total(), qint64(0));
        QVERIFY(result->lines.at(1).note.contains(QStringLiteral("cost 0")));
        QCOMPARE(result->lines.at(2).storage, qint64(200'000));
        QCOMPARE(result->lines.at(2).transfer, qint64(1'600'000));
        QCOMPARE(result->lines.at(2).movedBytes, 20 * GB);
        QCOMPARE(result->total(), qint64(2'800'000));

        in.now = in.monthStart.addSecs(-1);
        QVERIFY(!m_engine->actuals(in).ok());
    }
};

QTEST_GUILESS_MAIN(TestCostEngine)
#include "tst_costengine.moc"
