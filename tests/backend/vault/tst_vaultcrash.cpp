#include "backend/sources/FolderSource.h"
#include "backend/storage/LocalObjectStore.h"
#include "backend/vault/Vault.h"
#include "tests/backend/vault/VaultTestUtil.h"
#include "tests/support/TreeCompare.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace Backup;

// A backup process killed with SIGKILL at various moments leaves a vault that checks clean
// (leftovers are only reclaimable), holds only complete points, and takes the next backup.
// The backup runs in a real child process: this executable started again in "child" mode.
class TestVaultCrash final : public QObject
{
    Q_OBJECT

private slots:
    void killedBackupLeavesConsistentVault();
};

namespace {

const char* kChildEnv = "CROSSVAULT_VAULTCRASH_CHILD";

// Child mode: back up $SRC into the vault at $REGION with the managed key $KEY (hex).
int runChild()
{
    Storage::LocalObjectStore store(qEnvironmentVariable("REGION"));
    auto vault = Vault::open(store, QStringLiteral("vaults/v"),
                             KeySource::managedKey(QByteArray::fromHex(qgetenv("KEY"))));
    if (!vault)
        return 2;
    Sources::FolderSource source(qEnvironmentVariable("SRC"));
    std::atomic_bool cancel = false;
    auto result = vault.value()->backup(source, {}, {}, cancel);
    return result ? 0 : 1;
}

} // namespace

void TestVaultCrash::killedBackupLeavesConsistentVault()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    const QString region = tmp.filePath(QStringLiteral("region"));
    for (int i = 0; i < 8; ++i)
        VaultTest::writeFile(src + QStringLiteral("/f%1.bin").arg(i), VaultTest::randomBytes(6 * 1024 * 1024, 200 + i));
    VaultTest::makeTree(src + QStringLiteral("/tree"), 0);
    Storage::LocalObjectStore store(region);
    CreateOptions o;
    o.packSize = 4 * 1024 * 1024;
    auto created = Vault::create(store, QStringLiteral("vaults/v"), o);
    QVERIFY(created);
    const QByteArray key = created.value()->managedKey();
    created.value().reset();

    const std::atomic_bool noCancel = false;
    int killed = 0;
    for (int delayMs : {30, 120, 250, 400, 700, 1000}) {
        // Change some data each round so every run has new chunks to write.
        VaultTest::writeFile(src + QStringLiteral("/round.bin"), VaultTest::randomBytes(8 * 1024 * 1024, 300 + delayMs));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildEnv), QStringLiteral("1"));
        env.insert(QStringLiteral("REGION"), region);
        env.insert(QStringLiteral("SRC"), src);
        env.insert(QStringLiteral("KEY"), QString::fromLatin1(key.toHex()));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QThread::msleep(static_cast<unsigned long>(delayMs));
        if (child.state() == QProcess::Running) {
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            ++killed;
        }
        QVERIFY(child.waitForFinished(60000));

        auto vault = Vault::open(store, QStringLiteral("vaults/v"), KeySource::managedKey(key));
        QVERIFY(vault);
        auto check = vault.value()->check({}, {}, noCancel);
        QVERIFY(check);
        QVERIFY2(check->ok(), qPrintable(check->errors.value(0).key + QLatin1Char(' ') + check->errors.value(0).problem));
        // Every listed point is complete: it restores.
        auto points = vault.value()->points();
        QVERIFY(points);
        for (const PointInfo& p : points.value()) {
            RestoreOptions ro;
            // Earlier rounds' points are listed again: a folder per round keeps restores apart.
            ro.targetFolder = tmp.filePath(QStringLiteral("out-%1-%2").arg(delayMs).arg(p.id));
            auto restored = vault.value()->restore(p.id, ro, {}, noCancel);
            if (!restored)
                QFAIL(qPrintable(restored.error().message()));
        }
    }
    QVERIFY(killed > 0);

    // The next backup succeeds; prune then leaves nothing reclaimable; all checks clean.
    auto vault = Vault::open(store, QStringLiteral("vaults/v"), KeySource::managedKey(key));
    QVERIFY(vault);
    Sources::FolderSource source(src);
    auto backup = vault.value()->backup(source, {}, {}, noCancel);
    if (!backup)
        QFAIL(qPrintable(backup.error().message()));
    auto prune = vault.value()->prune({}, noCancel);
    if (!prune)
        QFAIL(qPrintable(prune.error().message()));
    CheckOptions co;
    co.readData = true;
    auto check = vault.value()->check(co, {}, noCancel);
    QVERIFY(check);
    QVERIFY(check->ok());
    QVERIFY2(check->reclaimable.isEmpty(), qPrintable(check->reclaimable.join(QLatin1Char(' '))));
    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("final"));
    auto restored = vault.value()->restore(backup->pointId, ro, {}, noCancel);
    QVERIFY(restored);
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildEnv))
        return runChild();
    TestVaultCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_vaultcrash.moc"
