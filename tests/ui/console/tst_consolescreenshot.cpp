#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

// Runs the real console binary ($CROSSVAULT_CONSOLE) the way the README and CI do.
class TestConsoleScreenshot final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rendersEachPage_data();
    void rendersEachPage();
    void rejectsAnUnknownPage();
    void explainsWhatToDoWithoutADisplay();
    void backendMessagesAreTranslated();
    void chineseTranslationIsComplete();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList& args, const QProcessEnvironment& env) const;

    QString m_binary;
    QTemporaryDir m_dir;
};

void TestConsoleScreenshot::initTestCase()
{
    m_binary = qEnvironmentVariable("CROSSVAULT_CONSOLE");
    QVERIFY2(!m_binary.isEmpty(), "CROSSVAULT_CONSOLE is not set (ctest sets it)");
    QVERIFY(QFileInfo(m_binary).isExecutable());
    QVERIFY(m_dir.isValid());
}

TestConsoleScreenshot::Run TestConsoleScreenshot::run(const QStringList& args, const QProcessEnvironment& env) const
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(m_binary, args);
    Run result;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

void TestConsoleScreenshot::rendersEachPage_data()
{
    QTest::addColumn<QString>("page");
    QTest::newRow("overview") << QStringLiteral("overview");
    QTest::newRow("regions") << QStringLiteral("regions");
    QTest::newRow("vaults") << QStringLiteral("vaults");
}

void TestConsoleScreenshot::rendersEachPage()
{
    QFETCH(QString, page);
    const QString png = m_dir.filePath(page + QStringLiteral(".png"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const Run result = run({QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("ws")),
                            QStringLiteral("--screenshot"), png, QStringLiteral("--page"), page},
                           env);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(QFileInfo(png).size() > 0);
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width() / image.devicePixelRatio(), 1200.0);
    // Not a blank canvas: a rendered window has many colours.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7) {
            colours.insert(image.pixel(x, y));
        }
    }
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
    // The console created the embedded default regions in the new workspace.
    QVERIFY(QFileInfo(m_dir.filePath(QStringLiteral("ws/regions/local-east"))).isDir());
}

void TestConsoleScreenshot::rejectsAnUnknownPage()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const Run result
        = run({QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("ws")), QStringLiteral("--screenshot"),
               m_dir.filePath(QStringLiteral("x.png")), QStringLiteral("--page"), QStringLiteral("nonsense")},
              env);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("--page: 'nonsense' is not a page")), qPrintable(result.err));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("x.png"))));
}

void TestConsoleScreenshot::explainsWhatToDoWithoutADisplay()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const Run result = run({QStringLiteral("--workspace"), m_dir.filePath(QStringLiteral("ws"))}, env);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QStringLiteral("no display found")), qPrintable(result.err));
    QVERIFY(result.err.contains(QStringLiteral("QT_QPA_PLATFORM=offscreen")));
    QVERIFY(result.err.contains(QStringLiteral("crossvault-cli")));
}

// A backend message (the catalog's) shown by the console is in the chosen language: the
// backend's translation contexts must be the ones lupdate records.
void TestConsoleScreenshot::backendMessagesAreTranslated()
{
    const QString workspace = m_dir.filePath(QStringLiteral("not-a-catalog"));
    QVERIFY(QDir().mkpath(workspace));
    QFile garbage(workspace + QStringLiteral("/catalog.sqlite"));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'x'));
    garbage.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    const QStringList args {QStringLiteral("--workspace"), workspace, QStringLiteral("--screenshot"),
                            m_dir.filePath(QStringLiteral("never.png"))};

    const Run english = run(args + QStringList {QStringLiteral("--language"), QStringLiteral("en")}, env);
    QCOMPARE(english.exitCode, 1);
    QVERIFY2(english.err.contains(QStringLiteral("cannot be opened")), qPrintable(english.err));
    QVERIFY2(english.err.contains(QStringLiteral("is not a Crossvault catalog")), qPrintable(english.err));

    const Run chinese = run(args + QStringList {QStringLiteral("--language"), QStringLiteral("zh_CN")}, env);
    QCOMPARE(chinese.exitCode, 1);
    QVERIFY2(!chinese.err.contains(QStringLiteral("cannot be opened")), qPrintable(chinese.err)); // app/console
    QVERIFY2(!chinese.err.contains(QStringLiteral("is not a Crossvault catalog")),
             qPrintable(chinese.err)); // backend/catalog
    QVERIFY2(chinese.err.contains(QStringLiteral("目录库")), qPrintable(chinese.err));
}

// Every source string lupdate found has a finished Simplified Chinese translation (run the
// update_translations target, then translate what it adds).
void TestConsoleScreenshot::chineseTranslationIsComplete()
{
    QFile ts(qEnvironmentVariable("CROSSVAULT_SOURCE_DIR") + QStringLiteral("/translations/crossvault_zh_CN.ts"));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
    const QByteArray xml = ts.readAll();
    QVERIFY(xml.count("<message") > 1000);
    QCOMPARE(xml.count("type=\"unfinished\""), 0);
}

QTEST_GUILESS_MAIN(TestConsoleScreenshot)
#include "tst_consolescreenshot.moc"
