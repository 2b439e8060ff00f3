#include "tests/support/CliRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using TestSupport::CliResult;
using TestSupport::CliRunner;

namespace {

const QStringList example = {QStringLiteral("cost"), QStringLiteral("estimate"), QStringLiteral("--size"), QStringLiteral("20GB"),
                             QStringLiteral("--from"), QStringLiteral("gcp/us-west1"), QStringLiteral("--to"),
                             QStringLiteral("gcp/us-east4,gcp/europe-west3"), QStringLiteral("--months"), QStringLiteral("1")};

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

} // namespace

class TestCostCli final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString workspace() const { return m_dir.filePath(QStringLiteral("ws")); }

private slots:
    void estimatesTheWorkedExampleAsJson()
    {
        CliRunner cli(workspace());
        const CliResult r = cli.json(example);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonObject o = r.json().object();
        QCOMPARE(o.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(o.value(QStringLiteral("storage")).toString(), QStringLiteral("0.80"));
        QCOMPARE(o.value(QStringLiteral("transfer")).toString(), QStringLiteral("2.00"));
        QCOMPARE(o.value(QStringLiteral("total")).toString(), QStringLiteral("2.80"));
        const QJsonArray regions = o.value(QStringLiteral("regions")).toArray();
        QCOMPARE(regions.size(), 2);
        QCOMPARE(regions.at(0).toObject().value(QStringLiteral("region")).toString(), QStringLiteral("gcp/us-east4"));
        QCOMPARE(regions.at(0).toObject().value(QStringLiteral("storage")).toString(), QStringLiteral("0.40"));
        QCOMPARE(regions.at(0).toObject().value(QStringLiteral("transfer")).toString(), QStringLiteral("0.40"));
        QCOMPARE(regions.at(1).toObject().value(QStringLiteral("region")).toString(), QStringLiteral("gcp/europe-west3"));
        QCOMPARE(regions.at(1).toObject().value(QStringLiteral("transfer")).toString(), QStringLiteral("1.60"));
        QCOMPARE(regions.at(1).toObject().value(QStringLiteral("projection")).toArray().size(), 12);
        QVERIFY(r.err.isEmpty());
    }

    void printsATable()
    {
        CliRunner cli(workspace());
        const CliResult r = cli.run(example);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QStringLiteral("gcp/europe-west3")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("$2.80")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("$1.60")), qPrintable(text));
    }

    void badFlagsExitTwoNamingTheFlag_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("flag");
        auto with = [](const QString& flag, const QString& value) {
            QStringList args = example;
            const qsizetype i = args.indexOf(flag);
            if (i >= 0)
                args[i + 1] = value;
            else
                args << flag << value;
            return args;
        };
        QTest::newRow("size unit") << with(QStringLiteral("--size"), QStringLiteral("20XB")) << QStringLiteral("--size");
        QTest::newRow("size zero") << with(QStringLiteral("--size"), QStringLiteral("0")) << QStringLiteral("--size");
        QTest::newRow("unknown from") << with(QStringLiteral("--from"), QStringLiteral("gcp/atlantis")) << QStringLiteral("--from");
        QTest::newRow("unknown to") << with(QStringLiteral("--to"), QStringLiteral("gcp/us-east4,gcp/atlantis"))
                                    << QStringLiteral("--to");
        QTest::newRow("months") << with(QStringLiteral("--months"), QStringLiteral("0")) << QStringLiteral("--months");
        QTest::newRow("retention") << with(QStringLiteral("--retention-days"), QStringLiteral("-4"))
                                   << QStringLiteral("--retention-days");
        QTest::newRow("change rate") << with(QStringLiteral("--change-rate"), QStringLiteral("lots"))
                                     << QStringLiteral("--change-rate");
        QTest::newRow("ratio") << with(QStringLiteral("--ratio"), QStringLiteral("0")) << QStringLiteral("--ratio");
        QStringList noSize = example;
        noSize.remove(2, 2);
        QTest::newRow("missing size") << noSize << QStringLiteral("--size");
    }
    void badFlagsExitTwoNamingTheFlag()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, flag);
        CliRunner cli(workspace());
        const CliResult r = cli.json(args);
        QVERIFY2(r.exitCode == 2, qPrintable(describe(r)));
        QVERIFY2(QString::fromUtf8(r.err).contains(flag), qPrintable(describe(r)));
        QVERIFY(r.out.isEmpty());
    }

    void acceptsWorkspaceRegionsLinkedToSheets()
    {
        QTemporaryDir dir;
        CliRunner cli(dir.filePath(QStringLiteral("ws")));
        const CliResult added = cli.run({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("frankfurt"),
                                         QStringLiteral("--kind"), QStringLiteral("local"), QStringLiteral("--path"),
                                         dir.filePath(QStringLiteral("fra")), QStringLiteral("--continent"), QStringLiteral("Europe"),
                                         QStringLiteral("--price-sheet"), QStringLiteral("gcp/europe-west3")});
        QVERIFY2(added.exitCode == 0, qPrintable(describe(added)));
        const CliResult r = cli.json({QStringLiteral("cost"), QStringLiteral("estimate"), QStringLiteral("--size"), QStringLiteral("20GB"),
                                      QStringLiteral("--from"), QStringLiteral("gcp/us-west1"), QStringLiteral("--to"),
                                      QStringLiteral("frankfurt")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().object().value(QStringLiteral("total")).toString(), QStringLiteral("2.00"));
        QCOMPARE(r.json().object().value(QStringLiteral("regions")).toArray().at(0).toObject().value(QStringLiteral("region")).toString(),
                 QStringLiteral("gcp/europe-west3"));

        // The embedded default regions are local folders without a price sheet.
        const CliResult local = cli.run({QStringLiteral("cost"), QStringLiteral("estimate"), QStringLiteral("--size"), QStringLiteral("20GB"),
                                         QStringLiteral("--from"), QStringLiteral("frankfurt"), QStringLiteral("--to"),
                                         QStringLiteral("local-east")});
        QVERIFY2(local.exitCode == 2, qPrintable(describe(local)));
        QVERIFY2(QString::fromUtf8(local.err).contains(QStringLiteral("--to: region 'local-east' has no price sheet")),
                 qPrintable(describe(local)));
    }

    void pricesACopy()
    {
        CliRunner cli(workspace());
        const CliResult r = cli.json({QStringLiteral("cost"), QStringLiteral("copy"), QStringLiteral("--size"), QStringLiteral("20GB"),
                                      QStringLiteral("--from"), QStringLiteral("gcp/us-west1"), QStringLiteral("--to"),
                                      QStringLiteral("gcp/europe-west3")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().object().value(QStringLiteral("transfer")).toString(), QStringLiteral("1.60"));
        QCOMPARE(r.json().object().value(QStringLiteral("transferKind")).toString(), QStringLiteral("other-continent"));
    }

    void actualCostsOfAFreshWorkspaceAreZero()
    {
        CliRunner cli(workspace());
        const CliResult r = cli.json({QStringLiteral("cost"), QStringLiteral("actual")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        QCOMPARE(r.json().object().value(QStringLiteral("total")).toString(), QStringLiteral("0.00"));
        const CliResult missing = cli.json({QStringLiteral("cost"), QStringLiteral("actual"), QStringLiteral("--vault"),
                                            QStringLiteral("nope")});
        QVERIFY2(missing.exitCode == 1, qPrintable(describe(missing)));
        QVERIFY(QString::fromUtf8(missing.err).contains(QStringLiteral("nope")));
    }

    void importsExportsAndRefusesMalformedPriceFiles()
    {
        QTemporaryDir dir;
        CliRunner cli(dir.filePath(QStringLiteral("ws")));
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\n \"version\": 1,\n \"sheets\": [\n  {\"id\": \"acme/north\", \"continent\": \"Europe\",\n"
                    "   \"currency\": \"USD\",\n   \"storage\": {\"price\": \"free\"}}\n ]\n}\n");
        }
        const CliResult refused = cli.run({QStringLiteral("price"), QStringLiteral("import"), bad});
        QVERIFY2(refused.exitCode == 2, qPrintable(describe(refused)));
        QVERIFY2(QString::fromUtf8(refused.err).contains(QStringLiteral("line 6, field sheets[0].storage.price")),
                 qPrintable(describe(refused)));

        // Export one sheet, change its id and storage price, import it back as a new sheet.
        const QString exported = dir.filePath(QStringLiteral("out.json"));
        const CliResult exportResult = cli.run({QStringLiteral("price"), QStringLiteral("export"), exported, QStringLiteral("--id"),
                                                QStringLiteral("gcp/us-west1")});
        QVERIFY2(exportResult.exitCode == 0, qPrintable(describe(exportResult)));
        QFile f(exported);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray data = f.readAll();
        f.close();
        QVERIFY(data.contains("gcp/us-west1"));
        data.replace("gcp/us-west1", "acme/oregon").replace("\"provider\": \"gcp\"", "\"provider\": \"acme\"");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(data);
        f.close();
        const CliResult imported = cli.json({QStringLiteral("price"), QStringLiteral("import"), exported});
        QVERIFY2(imported.exitCode == 0, qPrintable(describe(imported)));
        QCOMPARE(imported.json().object().value(QStringLiteral("imported")).toInt(), 1);

        const CliResult shown = cli.json({QStringLiteral("price"), QStringLiteral("show"), QStringLiteral("acme/oregon")});
        QVERIFY2(shown.exitCode == 0, qPrintable(describe(shown)));
        QCOMPARE(shown.json().object().value(QStringLiteral("origin")).toString(), QStringLiteral("workspace"));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("ws/prices.json"))));

        const CliResult list = cli.json({QStringLiteral("price"), QStringLiteral("list")});
        QVERIFY2(list.exitCode == 0, qPrintable(describe(list)));
        QVERIFY(QString::fromUtf8(list.out).contains(QStringLiteral("acme/oregon")));

        const CliResult reset = cli.run({QStringLiteral("price"), QStringLiteral("reset"), QStringLiteral("acme/oregon")});
        QVERIFY2(reset.exitCode == 0, qPrintable(describe(reset)));
        const CliResult gone = cli.run({QStringLiteral("price"), QStringLiteral("show"), QStringLiteral("acme/oregon")});
        QCOMPARE(gone.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCostCli)
#include "tst_costcli.moc"
