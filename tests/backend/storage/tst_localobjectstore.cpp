// LocalObjectStore: the ObjectStore contract on a real folder.

#include "backend/storage/LocalObjectStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Storage::LocalObjectStore;

class TestLocalObjectStore final : public QObject
{
    Q_OBJECT

private slots:
    void putGetRoundTrip();
    void overwriteReplacesWholeObject();
    void rangeReadsAndShortObjects();
    void missingObjects();
    void listByPrefixSortedWithoutTempFiles();
    void invalidKeysAreRefused_data();
    void invalidKeysAreRefused();
    void unwritableRootGivesClearError();
};

void TestLocalObjectStore::putGetRoundTrip()
{
    QTemporaryDir dir;
    LocalObjectStore store(dir.path());
    QByteArray data(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (int i = 0; i < data.size(); ++i)
        data[i] = static_cast<char>((i * 131) ^ (i >> 7));
    QVERIFY(store.put(QStringLiteral("data/ab/abcdef"), data).ok());
    auto got = store.get(QStringLiteral("data/ab/abcdef"));
    QVERIFY(got.ok());
    QCOMPARE(got.value(), data);
    auto info = store.stat(QStringLiteral("data/ab/abcdef"));
    QVERIFY(info.ok() && info.value().has_value());
    QCOMPARE(info.value()->size, data.size());
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("data/ab/abcdef"))));
    QVERIFY(store.put(QStringLiteral("empty"), QByteArray()).ok());
    QCOMPARE(store.get(QStringLiteral("empty")).value(), QByteArray());
}

void TestLocalObjectStore::overwriteReplacesWholeObject()
{
    QTemporaryDir dir;
    LocalObjectStore store(dir.path());
    QVERIFY(store.put(QStringLiteral("config"), QByteArray(1000, 'a')).ok());
    QVERIFY(store.put(QStringLiteral("config"), QByteArray("short")).ok());
    QCOMPARE(store.get(QStringLiteral("config")).value(), QByteArray("short"));
}

void TestLocalObjectStore::rangeReadsAndShortObjects()
{
    QTemporaryDir dir;
    LocalObjectStore store(dir.path());
    QVERIFY(store.put(QStringLiteral("pack"), QByteArray("0123456789")).ok());
    QCOMPARE(store.getRange(QStringLiteral("pack"), 3, 4).value(), QByteArray("3456"));
    auto past = store.getRange(QStringLiteral("pack"), 8, 5);
    QVERIFY(!past.ok());
    QCOMPARE(past.error().code(), Core::ErrorCode::Corrupt);
    QVERIFY(past.error().message().contains(QStringLiteral("shorter than expected")));
}

void TestLocalObjectStore::missingObjects()
{
    QTemporaryDir dir;
    LocalObjectStore store(dir.path());
    auto got = store.get(QStringLiteral("nope/x"));
    QVERIFY(!got.ok());
    QCOMPARE(got.error().code(), Core::ErrorCode::NotFound);
    QVERIFY(got.error().message().contains(QStringLiteral("nope/x")));
    QCOMPARE(store.getRange(QStringLiteral("nope/x"), 0, 1).error().code(), Core::ErrorCode::NotFound);
    QVERIFY(!store.stat(QStringLiteral("nope/x")).value().has_value());
    QVERIFY(store.remove(QStringLiteral("nope/x")).ok());
    QVERIFY(store.list(QStringLiteral("nope/")).value().isEmpty());
}

void TestLocalObjectStore::listByPrefixSortedWithoutTempFiles()
{
    QTemporaryDir dir;
    LocalObjectStore store(dir.path());
    for (const char* key : {"data/b2/b2", "data/a1/a1", "data/a1/a0", "index/1", "datum"})
        QVERIFY(store.put(QString::fromLatin1(key), QByteArray(key)).ok());
    // A temporary file left by a killed writer is not an object.
    QFile leftover(dir.filePath(QStringLiteral("data/a1/.cv-tmp-dead")));
    QVERIFY(leftover.open(QIODevice::WriteOnly));
    leftover.write("half");
    leftover.close();
    auto listed = store.list(QStringLiteral("data/"));
    QVERIFY(listed.ok());
    QStringList keys;
    for (const auto& info : listed.value())
        keys << info.key;
    QCOMPARE(keys, (QStringList{QStringLiteral("data/a1/a0"), QStringLiteral("data/a1/a1"), QStringLiteral("data/b2/b2")}));
    QCOMPARE(store.list(QStringLiteral("dat")).value().size(), 4);
    QCOMPARE(store.list(QString()).value().size(), 5);
    QVERIFY(store.remove(QStringLiteral("data/a1/a0")).ok());
    QCOMPARE(store.list(QStringLiteral("data/a1/")).value().size(), 1);
}

void TestLocalObjectStore::invalidKeysAreRefused_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("parent") << "../escape";
    QTest::newRow("inner parent") << "data/../../escape";
    QTest::newRow("absolute") << "/etc/passwd";
    QTest::newRow("empty segment") << "data//x";
    QTest::newRow("empty") << "";
    QTest::newRow("temp name") << "data/.cv-tmp-x";
}

void TestLocalObjectStore::invalidKeysAreRefused()
{
    QFETCH(QString, key);
    QTemporaryDir dir;
    LocalObjectStore store(dir.path());
    auto s = store.put(key, QByteArray("x"));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code(), Core::ErrorCode::InvalidInput);
    QCOMPARE(store.get(key).error().code(), Core::ErrorCode::InvalidInput);
}

void TestLocalObjectStore::unwritableRootGivesClearError()
{
    QTemporaryDir dir;
    // A file where the store's folder should be.
    QFile blocker(dir.filePath(QStringLiteral("root")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    LocalObjectStore store(blocker.fileName());
    auto s = store.put(QStringLiteral("data/x"), QByteArray("x"));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code(), Core::ErrorCode::Io);
    QVERIFY2(s.error().message().contains(blocker.fileName()), qPrintable(s.error().message()));
    auto probe = store.probe({});
    QVERIFY(!probe.ok());
}

QTEST_GUILESS_MAIN(TestLocalObjectStore)
#include "tst_localobjectstore.moc"
