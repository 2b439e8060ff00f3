#include "backend/sources/FolderSource.h"
#include "backend/storage/LocalObjectStore.h"
#include "backend/vault/Vault.h"
#include "tests/backend/vault/VaultTestUtil.h"
#include "tests/support/TreeCompare.h"

#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Backup;

// The vault engine end to end on real folders through a LocalObjectStore.
class TestVault final : public QObject
{
    Q_OBJECT

private slots:
    void roundTripOfARealTree();
    void freshProcessOpensWithRecoveryKey();
    void secondBackupStoresAlmostNothing();
    void incrementalReusesUnchangedFiles();
    void editInTheMiddleChangesFewChunks();
    void customerKeyWrongPassphraseIsWrongKey();
    void keyFileOpensTheVault();
    void restoreRefusesToOverwrite();
    void restoreSelectedPaths();
    void cancelMidBackupLeavesVaultClean();
    void deletePointAndPrune();
    void replicaSharesKeysAndChunks();
    void unsupportedFilesAreSkippedNotFatal();
    void createTwiceIsRefused();

private:
    static const std::atomic_bool& noCancel()
    {
        static std::atomic_bool flag = false;
        return flag;
    }
    static CreateOptions managedOptions()
    {
        CreateOptions o;
        o.method = EncryptionMethod::Managed;
        return o;
    }
};

#define REQUIRE_OK(expr)                                                                                               \
    do {                                                                                                               \
        const auto& r_ = (expr);                                                                                       \
        if (!r_)                                                                                                       \
            QFAIL(qPrintable(QStringLiteral(#expr ": ") + r_.error().message()));                                      \
    } while (false)

void TestVault::roundTripOfARealTree()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 50);
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v1"), managedOptions());
    REQUIRE_OK(vault);
    QCOMPARE(vault.value()->managedKey().size(), 32);

    Sources::FolderSource source(src);
    QList<Progress> reports;
    auto backup = vault.value()->backup(
        source, {}, [&](const Progress& p) { reports.append(p); }, noCancel());
    REQUIRE_OK(backup);
    QVERIFY(!backup->partial());
    QVERIFY(backup->logicalBytes > 50 * 1024 * 1024 + 24 * 1024 * 1024);
    // Random half incompressible, text half compresses well, zeros dedup: well below logical.
    QVERIFY2(backup->storedBytesNew < 40 * 1024 * 1024, qPrintable(QString::number(backup->storedBytesNew)));
    QVERIFY(!reports.isEmpty());
    QCOMPARE(reports.last().bytesDone, reports.last().bytesTotal);

    auto points = vault.value()->points();
    REQUIRE_OK(points);
    QCOMPARE(points->size(), 1);
    QCOMPARE(points->first().id, backup->pointId);
    QCOMPARE(points->first().sourceKind, QStringLiteral("folder"));
    QCOMPARE(points->first().logicalBytes, backup->logicalBytes);

    const QString out = tmp.filePath(QStringLiteral("out"));
    RestoreOptions ro;
    ro.targetFolder = out;
    auto restored = vault.value()->restore(backup->pointId, ro, {}, noCancel());
    REQUIRE_OK(restored);
    QVERIFY2(restored->problems.isEmpty(), qPrintable(restored->problems.value(0).reason));
    const QString diff = TestSupport::compareTrees(src, out);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // The sparse file came back with holes, not 24 MiB of written zeros.
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(out + QStringLiteral("/sparse.img")).constData(), &st), 0);
    QVERIFY(st.st_blocks * 512 < 4 * 1024 * 1024);

    CheckOptions co;
    co.readData = true;
    auto check = vault.value()->check(co, {}, noCancel());
    REQUIRE_OK(check);
    QVERIFY2(check->ok(), qPrintable(check->errors.value(0).key + QLatin1Char(' ') + check->errors.value(0).problem));
    QVERIFY(check->reclaimable.isEmpty());
    QVERIFY(check->packsRead > 0);
    QCOMPARE(check->packsRead, check->packsChecked);
}

void TestVault::freshProcessOpensWithRecoveryKey()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 0);
    QString recovery, pointId;
    {
        Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
        auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
        REQUIRE_OK(vault);
        Sources::FolderSource source(src);
        auto backup = vault.value()->backup(source, {}, {}, noCancel());
        REQUIRE_OK(backup);
        pointId = backup->pointId;
        auto text = vault.value()->exportRecoveryKey();
        REQUIRE_OK(text);
        recovery = text.value();
        QVERIFY(recovery.startsWith(QStringLiteral("CVRK1-")));
    }
    // Only the region's objects and the recovery key: open, list, restore.
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto peek = Vault::peek(store, QStringLiteral("vaults/v"));
    REQUIRE_OK(peek);
    QCOMPARE(peek->method, EncryptionMethod::Managed);
    QCOMPARE(KeySource::recoveryKey(recovery.toLower().replace(QLatin1Char('-'), QLatin1Char(' '))).kind(),
             KeySource::Kind::ManagedKey);
    QString typo = recovery;
    typo[10] = typo[10] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    QVERIFY(KeySource::recoveryKey(typo).isNull());

    auto vault = Vault::open(store, QStringLiteral("vaults/v"), KeySource::recoveryKey(recovery));
    REQUIRE_OK(vault);
    auto points = vault.value()->points();
    REQUIRE_OK(points);
    QCOMPARE(points->size(), 1);
    QCOMPARE(points->first().id, pointId);
    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    REQUIRE_OK(vault.value()->restore(pointId, ro, {}, noCancel()));
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    auto wrong = Vault::open(store, QStringLiteral("vaults/v"), KeySource::managedKey(Vault::generateManagedKey()));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code(), Core::ErrorCode::WrongKey);
    auto missing = Vault::open(store, QStringLiteral("vaults/none"), KeySource::recoveryKey(recovery));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), Core::ErrorCode::NotFound);
}

void TestVault::secondBackupStoresAlmostNothing()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 8);
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto first = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(first);
    QVERIFY(first->storedBytesNew > 4 * 1024 * 1024);

    // Same data re-read (no incremental shortcut): every chunk is already there.
    BackupOptions reread;
    reread.incremental = false;
    auto second = vault.value()->backup(source, reread, {}, noCancel());
    REQUIRE_OK(second);
    QCOMPARE(second->filesReused, 0);
    QVERIFY2(second->storedBytesNew < 64 * 1024, qPrintable(QString::number(second->storedBytesNew)));

    // The same data under another source path dedups across sources too.
    const QString copy = tmp.filePath(QStringLiteral("copy"));
    VaultTest::makeTree(copy, 8);
    Sources::FolderSource other(copy);
    auto third = vault.value()->backup(other, {}, {}, noCancel());
    REQUIRE_OK(third);
    QVERIFY2(third->storedBytesNew < 64 * 1024, qPrintable(QString::number(third->storedBytesNew)));
    QCOMPARE(vault.value()->points()->size(), 3);
}

void TestVault::incrementalReusesUnchangedFiles()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 4);
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto first = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(first);
    QCOMPARE(first->filesReused, 0);

    QTest::qWait(20); // a distinct mtime for the changed file
    VaultTest::writeFile(src + QStringLiteral("/small.txt"), "changed content\n");
    VaultTest::writeFile(src + QStringLiteral("/new.txt"), "new file\n");
    auto second = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(second);
    // Every file except the changed and the new one comes from the previous point.
    auto entries = vault.value()->listPoint(second->pointId);
    REQUIRE_OK(entries);
    qint64 files = 0;
    for (const PointEntry& e : entries.value())
        files += e.type == Sources::SourceEntry::Type::File ? 1 : 0;
    QCOMPARE(second->filesReused, files - 2);

    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    REQUIRE_OK(vault.value()->restore(second->pointId, ro, {}, noCancel()));
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestVault::editInTheMiddleChangesFewChunks()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    const QString file = src + QStringLiteral("/data.bin");
    QByteArray data = VaultTest::randomBytes(24 * 1024 * 1024, 7);
    QVERIFY(VaultTest::writeFile(file, data));
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto first = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(first);
    QVERIFY(first->storedBytesNew > 24 * 1024 * 1024);

    // Insert 100 bytes in the middle: only the chunks around the edit are new.
    data.insert(12 * 1024 * 1024, VaultTest::randomBytes(100, 8));
    QVERIFY(VaultTest::writeFile(file, data));
    auto second = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(second);
    QVERIFY2(second->storedBytesNew < 6 * 1024 * 1024, qPrintable(QString::number(second->storedBytesNew)));

    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    REQUIRE_OK(vault.value()->restore(second->pointId, ro, {}, noCancel()));
    QCOMPARE(VaultTest::readFile(ro.targetFolder + QStringLiteral("/data.bin")), data);
}

void TestVault::customerKeyWrongPassphraseIsWrongKey()
{
    QTemporaryDir tmp;
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    CreateOptions o;
    o.method = EncryptionMethod::Customer;
    o.key = KeySource::passphrase("correct horse battery staple");
    auto created = Vault::create(store, QStringLiteral("vaults/c"), o);
    REQUIRE_OK(created);
    QVERIFY(created.value()->managedKey().isEmpty());
    auto recovery = created.value()->exportRecoveryKey();
    QVERIFY(!recovery);
    QCOMPARE(recovery.error().code(), Core::ErrorCode::Refused);
    created.value().reset();

    auto wrong = Vault::open(store, QStringLiteral("vaults/c"), KeySource::passphrase("incorrect horse"));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code(), Core::ErrorCode::WrongKey);
    auto managed = Vault::open(store, QStringLiteral("vaults/c"), KeySource::managedKey(Vault::generateManagedKey()));
    QVERIFY(!managed);
    QCOMPARE(managed.error().code(), Core::ErrorCode::WrongKey);
    REQUIRE_OK(Vault::open(store, QStringLiteral("vaults/c"), KeySource::passphrase("correct horse battery staple")));

    CreateOptions weak = o;
    weak.key = KeySource::passphrase("short");
    auto refused = Vault::create(store, QStringLiteral("vaults/weak"), weak);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), Core::ErrorCode::InvalidInput);
}

void TestVault::keyFileOpensTheVault()
{
    QTemporaryDir tmp;
    const QString keyFile = tmp.filePath(QStringLiteral("vault.key"));
    QVERIFY(VaultTest::writeFile(keyFile, VaultTest::randomBytes(64, 11)));
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    CreateOptions o;
    o.method = EncryptionMethod::Customer;
    o.key = KeySource::keyFile(keyFile);
    REQUIRE_OK(Vault::create(store, QStringLiteral("vaults/k"), o));
    REQUIRE_OK(Vault::open(store, QStringLiteral("vaults/k"), KeySource::keyFile(keyFile)));
    const QString other = tmp.filePath(QStringLiteral("other.key"));
    QVERIFY(VaultTest::writeFile(other, VaultTest::randomBytes(64, 12)));
    auto wrong = Vault::open(store, QStringLiteral("vaults/k"), KeySource::keyFile(other));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code(), Core::ErrorCode::WrongKey);
    auto missing
        = Vault::open(store, QStringLiteral("vaults/k"), KeySource::keyFile(tmp.filePath(QStringLiteral("nope"))));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), Core::ErrorCode::InvalidInput);
    QVERIFY(missing.error().message().contains(QStringLiteral("nope")));
}

void TestVault::restoreRefusesToOverwrite()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 0);
    // A file named like the restore's temporary files, and a read-only folder (0555, as in a
    // Go module cache) whose files an overwrite must still replace.
    VaultTest::writeFile(src + QStringLiteral("/.cv-restore-0.tmp"), "not a temporary file\n");
    QVERIFY(QDir().mkpath(src + QStringLiteral("/readonly")));
    VaultTest::writeFile(src + QStringLiteral("/readonly/inside.txt"), "kept read-only\n");
    const auto readOnly = [](const QString& dir, bool on) {
        QFile::setPermissions(dir,
                              on ? QFileDevice::ReadOwner | QFileDevice::ExeOwner | QFileDevice::ReadGroup
                                      | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther
                                 : QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    };
    readOnly(src + QStringLiteral("/readonly"), true);
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto backup = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(backup);

    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    const auto cleanUp = qScopeGuard([&] {
        readOnly(src + QStringLiteral("/readonly"), false);
        readOnly(ro.targetFolder + QStringLiteral("/readonly"), false);
    });
    REQUIRE_OK(vault.value()->restore(backup->pointId, ro, {}, noCancel()));
    VaultTest::writeFile(ro.targetFolder + QStringLiteral("/small.txt"), "local edit\n");
    auto again = vault.value()->restore(backup->pointId, ro, {}, noCancel());
    QVERIFY(!again);
    QCOMPARE(again.error().code(), Core::ErrorCode::Refused);
    QVERIFY2(again.error().message().contains(ro.targetFolder), qPrintable(again.error().message()));
    QCOMPARE(VaultTest::readFile(ro.targetFolder + QStringLiteral("/small.txt")), QByteArray("local edit\n"));

    // A temporary file of a killed restore (its process is gone) is cleaned up by the next one.
    const QString stale = ro.targetFolder + QStringLiteral("/readonly/.cv-restore-4194303-7-abc123.tmp");
    readOnly(ro.targetFolder + QStringLiteral("/readonly"), false);
    VaultTest::writeFile(stale, "half a file");
    readOnly(ro.targetFolder + QStringLiteral("/readonly"), true);
    ro.overwrite = true;
    REQUIRE_OK(vault.value()->restore(backup->pointId, ro, {}, noCancel()));
    QVERIFY(!QFileInfo::exists(stale));
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestVault::restoreSelectedPaths()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 0);
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto backup = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(backup);

    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    ro.paths = {QStringLiteral("docs"), QStringLiteral("bin/tool.sh")};
    auto restored = vault.value()->restore(backup->pointId, ro, {}, noCancel());
    REQUIRE_OK(restored);
    QCOMPARE(VaultTest::readFile(ro.targetFolder + QStringLiteral("/docs/notes.md")),
             VaultTest::readFile(src + QStringLiteral("/docs/notes.md")));
    QVERIFY(QFileInfo(ro.targetFolder + QStringLiteral("/bin/tool.sh")).isExecutable());
    QVERIFY(!QFileInfo::exists(ro.targetFolder + QStringLiteral("/small.txt")));
    QVERIFY(!QFileInfo::exists(ro.targetFolder + QStringLiteral("/sparse.img")));

    ro.paths = {QStringLiteral("no/such/path")};
    auto missing = vault.value()->restore(backup->pointId, ro, {}, noCancel());
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), Core::ErrorCode::NotFound);
    QVERIFY(missing.error().message().contains(QStringLiteral("no/such/path")));
}

void TestVault::cancelMidBackupLeavesVaultClean()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    for (int i = 0; i < 6; ++i)
        VaultTest::writeFile(src + QStringLiteral("/f%1.bin").arg(i),
                             VaultTest::randomBytes(12 * 1024 * 1024, 100 + i));
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    CreateOptions o = managedOptions();
    o.packSize = 4 * 1024 * 1024;
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), o);
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);

    std::atomic_bool cancel = false;
    auto cancelled = vault.value()->backup(
        source, {},
        [&](const Progress& p) {
            if (p.bytesDone > 30 * 1024 * 1024)
                cancel = true;
        },
        cancel);
    QVERIFY(!cancelled);
    QCOMPARE(cancelled.error().code(), Core::ErrorCode::Cancelled);
    QVERIFY(vault.value()->points()->isEmpty());

    auto check = vault.value()->check({}, {}, noCancel());
    REQUIRE_OK(check);
    QVERIFY2(check->ok(), qPrintable(check->errors.value(0).key + QLatin1Char(' ') + check->errors.value(0).problem));

    // The next backup succeeds and reuses what the cancelled one stored.
    auto next = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(next);
    QVERIFY2(next->storedBytesNew < 60 * 1024 * 1024, qPrintable(QString::number(next->storedBytesNew)));
    auto prune = vault.value()->prune({}, noCancel());
    REQUIRE_OK(prune);
    CheckOptions co;
    co.readData = true;
    auto after = vault.value()->check(co, {}, noCancel());
    REQUIRE_OK(after);
    QVERIFY(after->ok());
    QVERIFY2(after->reclaimable.isEmpty(), qPrintable(after->reclaimable.join(QLatin1Char(' '))));
    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    REQUIRE_OK(vault.value()->restore(next->pointId, ro, {}, noCancel()));
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestVault::deletePointAndPrune()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::writeFile(src + QStringLiteral("/keep.bin"), VaultTest::randomBytes(3 * 1024 * 1024, 21));
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    CreateOptions o = managedOptions();
    o.packSize = 4 * 1024 * 1024;
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), o);
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    VaultTest::writeFile(src + QStringLiteral("/gone.bin"), VaultTest::randomBytes(6 * 1024 * 1024, 22));
    auto first = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(first);
    QFile::remove(src + QStringLiteral("/gone.bin"));
    auto second = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(second);
    const qint64 before = vault.value()->storedBytes().value();

    REQUIRE_OK(vault.value()->deletePoint(first->pointId));
    QCOMPARE(vault.value()->deletePoint(first->pointId).error().code(), Core::ErrorCode::NotFound);
    auto prune = vault.value()->prune({}, noCancel());
    REQUIRE_OK(prune);
    QVERIFY(prune->bytesFreed > 5 * 1024 * 1024);
    QVERIFY(vault.value()->storedBytes().value() < before - 5 * 1024 * 1024);

    CheckOptions co;
    co.readData = true;
    auto check = vault.value()->check(co, {}, noCancel());
    REQUIRE_OK(check);
    QVERIFY(check->ok());
    QVERIFY(check->reclaimable.isEmpty());
    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    REQUIRE_OK(vault.value()->restore(second->pointId, ro, {}, noCancel()));
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestVault::replicaSharesKeysAndChunks()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 2);
    Storage::LocalObjectStore east(tmp.filePath(QStringLiteral("east")));
    Storage::LocalObjectStore west(tmp.filePath(QStringLiteral("west")));
    auto vault = Vault::create(east, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto backup = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(backup);

    auto replica = Vault::createReplicaOf(*vault.value(), west, QStringLiteral("vaults/v-replica"));
    REQUIRE_OK(replica);
    QVERIFY(replica.value()->info().id != vault.value()->info().id);
    QCOMPARE(replica.value()->info().replicaOf, vault.value()->info().id);
    // A copier lists both sides and copies what the target lacks, as stored.
    const QString from = QStringLiteral("vaults/v/"), to = QStringLiteral("vaults/v-replica/");
    auto listed = east.list(from);
    REQUIRE_OK(listed);
    for (const auto& o : listed.value()) {
        const QString rel = o.key.mid(from.size());
        if (rel == QLatin1String("config") || rel.startsWith(QLatin1String("keys/")))
            continue;
        QVERIFY(west.put(to + rel, east.get(o.key).value()));
    }
    replica.value().reset();
    auto opened
        = Vault::open(west, QStringLiteral("vaults/v-replica"), KeySource::managedKey(vault.value()->managedKey()));
    REQUIRE_OK(opened);
    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    REQUIRE_OK(opened.value()->restore(backup->pointId, ro, {}, noCancel()));
    const QString diff = TestSupport::compareTrees(src, ro.targetFolder);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // Same chunk ids: backing up the same data into the replica stores no new packs.
    auto again = opened.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(again);
    QVERIFY(again->storedBytesNew < 64 * 1024);
}

void TestVault::unsupportedFilesAreSkippedNotFatal()
{
    QTemporaryDir tmp;
    const QString src = tmp.filePath(QStringLiteral("src"));
    VaultTest::makeTree(src, 0);
    QCOMPARE(::mkfifo(QFile::encodeName(src + QStringLiteral("/pipe")).constData(), 0600), 0);
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    REQUIRE_OK(vault);
    Sources::FolderSource source(src);
    auto backup = vault.value()->backup(source, {}, {}, noCancel());
    REQUIRE_OK(backup);
    QVERIFY(backup->partial());
    QCOMPARE(backup->skipped.size(), 1);
    QCOMPARE(backup->skipped.first().path, QStringLiteral("pipe"));
    QCOMPARE(vault.value()->point(backup->pointId)->skipped, 1);
}

void TestVault::createTwiceIsRefused()
{
    QTemporaryDir tmp;
    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    REQUIRE_OK(Vault::create(store, QStringLiteral("vaults/v"), managedOptions()));
    auto again = Vault::create(store, QStringLiteral("vaults/v"), managedOptions());
    QVERIFY(!again);
    QCOMPARE(again.error().code(), Core::ErrorCode::AlreadyExists);
    CreateOptions bad = managedOptions();
    bad.compressionLevel = 42;
    auto invalid = Vault::create(store, QStringLiteral("vaults/w"), bad);
    QVERIFY(!invalid);
    QCOMPARE(invalid.error().code(), Core::ErrorCode::InvalidInput);
    QVERIFY(invalid.error().message().contains(QStringLiteral("compression level")));
}

QTEST_GUILESS_MAIN(TestVault)
#include "tst_vault.moc"
