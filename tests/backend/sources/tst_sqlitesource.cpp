#include "backend/sources/SqliteSource.h"
#include "backend/storage/LocalObjectStore.h"
#include "backend/vault/Vault.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <thread>

using namespace Backup;

// A SQLite database backed up while another connection keeps writing; the restored copy
// passes PRAGMA integrity_check and holds a consistent prefix of the writes.
class TestSqliteSource final : public QObject
{
    Q_OBJECT

private slots:
    void snapshotUnderConcurrentWrites();
    void notADatabaseIsAnError();

private:
    static const std::atomic_bool& noCancel()
    {
        static std::atomic_bool flag = false;
        return flag;
    }
};

namespace {

// Runs fn with a fresh connection to path and removes it afterwards.
template<typename Fn>
void withDatabase(const QString& path, Fn fn)
{
    const QString name = QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
        if (db.open())
            fn(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace

void TestSqliteSource::snapshotUnderConcurrentWrites()
{
    QTemporaryDir tmp;
    const QString dbPath = tmp.filePath(QStringLiteral("app.sqlite"));
    withDatabase(dbPath, [](QSqlDatabase& db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=WAL")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB, total INTEGER)")));
        QVERIFY(q.exec(QStringLiteral("BEGIN")));
        for (int i = 0; i < 2000; ++i)
            QVERIFY(q.exec(QStringLiteral("INSERT INTO t(payload, total) VALUES (randomblob(1000), %1)").arg(i + 1)));
        QVERIFY(q.exec(QStringLiteral("COMMIT")));
    });

    // Each transaction inserts a row whose total is the row count after it: a consistent
    // snapshot has total == count(*) for its last row.
    std::atomic_bool stop = false;
    std::atomic_int written = 0;
    std::thread writer([&] {
        withDatabase(dbPath, [&](QSqlDatabase& db) {
            QSqlQuery q(db);
            while (!stop) {
                q.exec(QStringLiteral("BEGIN IMMEDIATE"));
                q.exec(QStringLiteral("INSERT INTO t(payload, total) SELECT randomblob(2000), count(*) + 1 FROM t"));
                q.exec(QStringLiteral("COMMIT"));
                ++written;
            }
        });
    });

    Storage::LocalObjectStore store(tmp.filePath(QStringLiteral("region")));
    auto vault = Vault::create(store, QStringLiteral("vaults/db"), {});
    QVERIFY(vault);
    while (written < 50)
        QThread::msleep(5);
    Sources::SqliteSource source(dbPath, tmp.path());
    auto backup = vault.value()->backup(source, {}, {}, noCancel());
    const int writtenAtEnd = written;
    stop = true;
    writer.join();
    if (!backup)
        QFAIL(qPrintable(backup.error().message()));
    QVERIFY(writtenAtEnd > 50);
    // The snapshot folder is gone after the backup.
    QCOMPARE(QDir(tmp.path()).entryList({QStringLiteral("crossvault-sqlite-*")}, QDir::Dirs).size(), 0);
    auto point = vault.value()->point(backup->pointId);
    QVERIFY(point);
    QCOMPARE(point->sourceKind, QStringLiteral("sqlite"));

    RestoreOptions ro;
    ro.targetFolder = tmp.filePath(QStringLiteral("out"));
    auto restored = vault.value()->restore(backup->pointId, ro, {}, noCancel());
    if (!restored)
        QFAIL(qPrintable(restored.error().message()));
    const QString restoredDb = ro.targetFolder + QStringLiteral("/app.sqlite");
    QVERIFY(QFile::exists(restoredDb));
    bool checked = false;
    withDatabase(restoredDb, [&](QSqlDatabase& db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), (SELECT total FROM t ORDER BY id DESC LIMIT 1) FROM t")));
        QVERIFY(q.next());
        const qint64 count = q.value(0).toLongLong();
        QVERIFY(count >= 2000 + 50);
        QCOMPARE(q.value(1).toLongLong(), count);
        checked = true;
    });
    QVERIFY(checked);
}

void TestSqliteSource::notADatabaseIsAnError()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("junk.sqlite"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
    }
    Sources::SqliteSource source(path, tmp.path());
    const std::atomic_bool cancel = false;
    auto prepared = source.prepare(cancel);
    QVERIFY(!prepared);
    QVERIFY(prepared.error().message().contains(path));
    Sources::SqliteSource missing(tmp.filePath(QStringLiteral("missing.sqlite")));
    auto absent = missing.prepare(cancel);
    QVERIFY(!absent);
    QCOMPARE(absent.error().code(), Core::ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestSqliteSource)
#include "tst_sqlitesource.moc"
