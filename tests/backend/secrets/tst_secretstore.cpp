// Where secrets live: a real desktop keyring (gnome-keyring's Secret Service on a private
// D-Bus session started by this test) when one answers, else 0600 files; and what happens
// when the keyring that holds a vault's key cannot be reached.
#include "backend/core/Keyring.h"
#include "backend/core/SecretStore.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using Core::SecretStore;
using TestSupport::CliResult;
using TestSupport::CliRunner;

namespace {

constexpr char kChildEnv[] = "CROSSVAULT_TST_SECRETSTORE_IN_SESSION";

QString describe(const CliResult& r)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(r.exitCode)
        .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err));
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(Core::Keyring::compiledIn(), "this build has no QtKeychain (WITH_KEYCHAIN=OFF): nothing to test here");
        QVERIFY(m_tmp.isValid());
    }

    // The first test to touch the keyring: from a thread that then ends (the console's
    // preload does that). Later calls from other threads must still be answered, at once.
    void keyringAnswersAnyThreadAfterTheFirstUserIsGone()
    {
        QThread* first
            = QThread::create([] { QVERIFY(Core::Keyring::write(QStringLiteral("thread-test"), "from a worker")); });
        first->start();
        QVERIFY(first->wait(20000));
        delete first;

        QElapsedTimer timer;
        timer.start();
        auto fromMain = Core::Keyring::read(QStringLiteral("thread-test"));
        QVERIFY2(fromMain, fromMain ? "" : qPrintable(fromMain.error().message()));
        QCOMPARE(fromMain.value(), QByteArray("from a worker"));
        Core::Result<QByteArray> fromOther = Core::fail(Core::ErrorCode::Failed, QString());
        QThread* other
            = QThread::create([&fromOther] { fromOther = Core::Keyring::read(QStringLiteral("thread-test")); });
        other->start();
        QVERIFY(other->wait(20000));
        delete other;
        QVERIFY2(fromOther, fromOther ? "" : qPrintable(fromOther.error().message()));
        QCOMPARE(fromOther.value(), QByteArray("from a worker"));
        QVERIFY(Core::Keyring::remove(QStringLiteral("thread-test")));
        // Far below the 15 s limit a stuck job queue would take per call.
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }

    void autoBackendKeepsSecretsInTheKeyring()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("ws1/secrets"));
        SecretStore store(folder, SecretStore::Backend::Auto);
        const QByteArray secret = QByteArray("s3cr3t-\x01\x02\xff-key", 14);
        QVERIFY(store.store(QStringLiteral("vault.docs.managed-key"), secret));
        QCOMPARE(store.locationOf(QStringLiteral("vault.docs.managed-key")), QStringLiteral("keyring"));
        QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/vault.docs.managed-key.secret")));
        const QString marker = folder + QStringLiteral("/vault.docs.managed-key.keyring");
        QVERIFY(QFileInfo::exists(marker));
        QCOMPARE(QFileInfo(marker).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QVERIFY(!readAll(marker).contains("s3cr3t"));

        // Another store over the same folder (another process, later) reads it back.
        SecretStore again(folder, SecretStore::Backend::Auto);
        auto loaded = again.load(QStringLiteral("vault.docs.managed-key"));
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
        QCOMPARE(loaded.value(), secret);

        // Removing deletes the keyring entry too.
        const QString entry = QString::fromUtf8(readAll(marker));
        QVERIFY(again.remove(QStringLiteral("vault.docs.managed-key")));
        QVERIFY(!again.contains(QStringLiteral("vault.docs.managed-key")));
        auto gone = Core::Keyring::read(entry);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code(), Core::ErrorCode::NotFound);
    }

    void fileBackendWritesPrivateFiles()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("ws2/secrets"));
        SecretStore store(folder, SecretStore::Backend::File);
        QVERIFY(store.store(QStringLiteral("region.minio.secret-key"), "abc"));
        QCOMPARE(store.locationOf(QStringLiteral("region.minio.secret-key")), QStringLiteral("file"));
        const QString file = folder + QStringLiteral("/region.minio.secret-key.secret");
        QCOMPARE(QFileInfo(file).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QCOMPARE(store.load(QStringLiteral("region.minio.secret-key")).value(), QByteArray("abc"));

        // Storing it again through the keyring moves it there and leaves no file behind.
        SecretStore keyring(folder, SecretStore::Backend::Keyring);
        QVERIFY(keyring.store(QStringLiteral("region.minio.secret-key"), "abc2"));
        QVERIFY(!QFileInfo::exists(file));
        QCOMPARE(store.load(QStringLiteral("region.minio.secret-key")).value(), QByteArray("abc2"));
    }

    void keyringReadsAreCachedUntilAnotherWriterReplacesTheSecret()
    {
        const QString folder = m_tmp.filePath(QStringLiteral("ws3/secrets"));
        const QString id = QStringLiteral("region.s3-eu.secret-key");
        SecretStore writer(folder, SecretStore::Backend::Auto);
        QVERIFY(writer.store(id, "first"));
        SecretStore reader(folder, SecretStore::Backend::Auto); // the console, say
        reader.preloadKeyring();
        const QString entry
            = QString::fromUtf8(readAll(folder + QStringLiteral("/") + id + QStringLiteral(".keyring")));

        // Changed behind the store's back in the keyring only: the cached value still answers,
        // proving that preloaded reads make no keyring round trip.
        QVERIFY(Core::Keyring::write(entry, "changed-in-keyring"));
        QCOMPARE(reader.load(id).value(), QByteArray("first"));

        // Replaced through a store (another process): the marker is rewritten, the cache is
        // stale and the new secret is read.
        QVERIFY(writer.store(id, "second"));
        QCOMPARE(reader.load(id).value(), QByteArray("second"));

        // Removed by the other writer: gone for the reader too.
        QVERIFY(writer.remove(id));
        auto gone = reader.load(id);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code(), Core::ErrorCode::NotFound);
    }

    void cliVaultKeyLivesInTheKeyringAndIsNamedWhenUnreachable()
    {
        const QString workspace = m_tmp.filePath(QStringLiteral("ws-cli"));
        const QString source = m_tmp.filePath(QStringLiteral("src"));
        QVERIFY(QDir().mkpath(source + QStringLiteral("/sub")));
        QFile f(source + QStringLiteral("/sub/a.txt"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("kept in a vault whose key is in the keyring\n").repeated(100));
        f.close();

        CliRunner cli(workspace);
        CliResult r = cli.run({QStringLiteral("vault"), QStringLiteral("create"), QStringLiteral("docs"),
                               QStringLiteral("--region"), QStringLiteral("local-east")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QStringList files = QDir(workspace + QStringLiteral("/secrets")).entryList(QDir::Files);
        QVERIFY2(files.filter(QStringLiteral(".keyring")).size() == 1, qPrintable(files.join(QLatin1Char(' '))));
        QVERIFY2(files.filter(QStringLiteral(".secret")).isEmpty(), qPrintable(files.join(QLatin1Char(' '))));

        r = cli.run({QStringLiteral("backup"), source, QStringLiteral("--vault"), QStringLiteral("docs")});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QJsonArray points
            = cli.json({QStringLiteral("points"), QStringLiteral("--vault"), QStringLiteral("docs")}).json().array();
        QCOMPARE(points.size(), 1);
        const QString point = points.first()[QStringLiteral("id")].toString();
        r = cli.run({QStringLiteral("restore"), point, QStringLiteral("--to"), m_tmp.filePath(QStringLiteral("out"))});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        const QString diff = TestSupport::compareTrees(source, m_tmp.filePath(QStringLiteral("out")));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // Outside the session that holds the keyring, the vault's key cannot be had: the
        // command fails naming the keyring, and nothing is written.
        CliRunner outside(workspace);
        outside.setEnv(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
        r = outside.run({QStringLiteral("backup"), source, QStringLiteral("--vault"), QStringLiteral("docs")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("desktop keyring"), qPrintable(describe(r)));
        QCOMPARE(cli.json({QStringLiteral("points"), QStringLiteral("--vault"), QStringLiteral("docs")})
                     .json()
                     .array()
                     .size(),
                 1);
    }

private:
    QTemporaryDir m_tmp;
};

// Runs the tests inside a private D-Bus session with an unlocked gnome-keyring, with HOME in
// a temporary folder so the operator's own keyring is never touched.
int runInKeyringSession(int argc, char** argv)
{
    const QString dbus = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
    const QString daemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
    if (dbus.isEmpty() || daemon.isEmpty()) {
        std::fprintf(stderr,
                     "FAIL: dbus-run-session and gnome-keyring-daemon are needed (scripts/setup.sh installs "
                     "the dbus and gnome-keyring packages)\n");
        return 1;
    }
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kChildEnv), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
    env.remove(QStringLiteral("CROSSVAULT_SECRET_BACKEND"));
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    QStringList args {
        QStringLiteral("--"),
        QStringLiteral("sh"),
        QStringLiteral("-c"),
        QStringLiteral("printf test | \"$1\" --unlock --components=secrets >/dev/null && shift && exec \"$@\""),
        QStringLiteral("sh"),
        daemon,
        QCoreApplication::applicationFilePath()};
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(dbus, args);
    if (!child.waitForStarted() || !child.waitForFinished(280000)) {
        std::fprintf(stderr, "FAIL: the keyring session did not run: %s\n", qPrintable(child.errorString()));
        child.kill();
        return 1;
    }
    return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : 1;
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (!qEnvironmentVariableIsSet(kChildEnv))
        return runInKeyringSession(argc, argv);
    TestSecretStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretstore.moc"
