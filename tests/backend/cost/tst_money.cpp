#include "backend/cost/Money.h"

#include <QTest>

using Cost::Money;

class TestMoney final : public QObject
{
    Q_OBJECT

private slots:
    void parsesDecimalsExactly_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("micros");
        QTest::newRow("cents") << QStringLiteral("0.02") << qint64(20'000);
        QTest::newRow("whole") << QStringLiteral("12") << qint64(12'000'000);
        QTest::newRow("gb-hour") << QStringLiteral("0.0002") << qint64(200);
        QTest::newRow("six decimals") << QStringLiteral("0.000001") << qint64(1);
        QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    }
    void parsesDecimalsExactly()
    {
        QFETCH(QString, text);
        QFETCH(qint64, micros);
        auto parsed = Money::parse(text, QStringLiteral("price"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message()));
        QCOMPARE(parsed.value(), micros);
    }

    void refusesWhatIsNotAnAmount_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("negative") << QStringLiteral("-1");
        QTest::newRow("exponent") << QStringLiteral("2e-2");
        QTest::newRow("seven decimals") << QStringLiteral("0.0000001");
        QTest::newRow("letters") << QStringLiteral("abc");
        QTest::newRow("empty") << QString();
    }
    void refusesWhatIsNotAnAmount()
    {
        QFETCH(QString, text);
        auto parsed = Money::parse(text, QStringLiteral("storage.price"));
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code(), Core::ErrorCode::InvalidInput);
        QVERIFY(parsed.error().message().startsWith(QStringLiteral("storage.price:")));
    }

    void printsExactAndRounded()
    {
        QCOMPARE(Money::toDecimal(2'800'000), QStringLiteral("2.80"));
        QCOMPARE(Money::toDecimal(200), QStringLiteral("0.0002"));
        QCOMPARE(Money::toDecimal(1'234'567), QStringLiteral("1.234567"));
        QCOMPARE(Money::toDecimal(-50'000), QStringLiteral("-0.05"));
        QCOMPARE(Money::format(2'800'000), QStringLiteral("2.80"));
        QCOMPARE(Money::format(11'520'833), QStringLiteral("11.52"));
        QCOMPARE(Money::format(5'000), QStringLiteral("0.01")); // half a cent rounds up
        QCOMPARE(Money::format(4'999), QStringLiteral("0.00"));
        QCOMPARE(Money::formatWithCurrency(2'800'000, QStringLiteral("USD")), QStringLiteral("$2.80"));
        QCOMPARE(Money::formatWithCurrency(2'800'000, QStringLiteral("CNY")), QStringLiteral("CNY 2.80"));
    }

    void multipliesWithoutOverflow()
    {
        // 100 PB at $0.08/GB: 10^17 bytes x 80'000 micros overflows 64 bits before the division.
        QCOMPARE(Money::mulDiv(100'000'000'000'000'000, 80'000, Money::bytesPerGB), qint64(8'000'000'000'000));
        // 1.5 micro-units rounds half away from zero.
        QCOMPARE(Money::mulDiv(3, 1, 2), qint64(2));
        QCOMPARE(Money::mulDiv(20'000'000'000, 20'000, Money::bytesPerGB), qint64(400'000));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
