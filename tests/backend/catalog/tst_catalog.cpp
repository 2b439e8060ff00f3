// The workspace catalog: migrations, refusal of foreign/newer/read-only files, and
// concurrent writers in real processes.

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"
#include "backend/core/Workspace.h"
#include "tests/support/CliRunner.h"

#include <QFile>
#include <QJsonArray>
#include <QLockFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using CatalogDb = Catalog::Catalog;

class TestCatalog final : public QObject
{
    Q_OBJECT

private slots:
    void freshCatalogIsMigratedToCurrentSchema();
    void versionOneCatalogIsUpgradedKeepingRows();
    void duplicateReplicationLinksAreStoppedByTheUpgrade();
    void reopeningIsIdempotent();
    void garbageFileIsRefusedByName();
    void foreignSqliteDatabaseIsRefused();
    void newerSchemaIsRefused();
    void readOnlyFileIsRefused();
    void transactionRollsBackOnFailure();
    void transactionSurvivesAWriterOutsideTheLock();
    void aQueryBusyTooLongIsARefusal();
    void concurrentWriterProcessesAllSucceed();
    void heldWriterLockGivesClearRefusal();

private:
    static int userVersion(const QString& path);
};

int TestCatalog::userVersion(const QString& path)
{
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                version = q.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return version;
}

void TestCatalog::freshCatalogIsMigratedToCurrentSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        auto catalog = CatalogDb::open(path);
        QVERIFY2(catalog.ok(), qPrintable(catalog.ok() ? QString() : catalog.error().message()));
        QSqlQuery q(catalog.value()->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM regions")));
    }
    QVERIFY(CatalogDb::schemaVersion() >= 1);
    QCOMPARE(userVersion(path), CatalogDb::schemaVersion());
}

void TestCatalog::versionOneCatalogIsUpgradedKeepingRows()
{
    if (CatalogDb::schemaVersion() < 2)
        QSKIP("only one schema version exists");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        // Hand-made schema 1 catalog, as an older Crossvault left it.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")));
        QVERIFY(q.exec(QStringLiteral(
            "CREATE TABLE regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL "
            "DEFAULT '', provider TEXT NOT NULL DEFAULT '', continent TEXT NOT NULL DEFAULT '', kind TEXT NOT "
            "NULL, location TEXT NOT NULL, price_sheet TEXT NOT NULL DEFAULT '', settings TEXT NOT NULL DEFAULT "
            "'{}', created TEXT NOT NULL)")));
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO regions (name, kind, location, created) VALUES ('old-nas', 'local', '/srv/nas', "
            "'2026-01-01T00:00:00Z')")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));

    auto catalog = CatalogDb::open(path);
    QVERIFY2(catalog.ok(), qPrintable(catalog.ok() ? QString() : catalog.error().message()));
    QSqlQuery q(catalog.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT name FROM regions")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("old-nas"));
    QVERIFY2(q.exec(QStringLiteral("SELECT count(*) FROM vaults")), "migration 2 must create the vaults table");
    catalog.value().reset();
    QCOMPARE(userVersion(path), CatalogDb::schemaVersion());
}

void TestCatalog::duplicateReplicationLinksAreStoppedByTheUpgrade()
{
    // Schema 3 had no unique indexes, so two processes enabling at once could leave two
    // active links of one source into one region. The upgrade keeps the oldest, stops the
    // other (its target becomes standalone) and then builds the indexes.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        auto catalog = CatalogDb::open(path);
        QVERIFY(catalog.ok());
        QSqlQuery q(catalog.value()->database());
        for (const char* sql :
             {"DROP INDEX replication_one_target_per_region", "DROP INDEX replication_one_source_per_target",
              "INSERT INTO vaults (id, name, created, region, type, encryption) VALUES"
              " (1, 'src', '2026-01-01T00:00:00Z', 'a', 'general', 'managed'),"
              " (2, 'src-b1', '2026-01-01T00:00:00Z', 'b', 'replication-target', 'managed'),"
              " (3, 'src-b2', '2026-01-01T00:00:00Z', 'b', 'replication-target', 'managed')",
              "INSERT INTO replication_links (id, source, target, region, state, created) VALUES"
              " (1, 1, 2, 'b', 'active', '2026-01-01T00:00:00Z'), (2, 1, 3, 'b', 'active', '2026-01-01T00:00:01Z')",
              "PRAGMA user_version = 3"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
    }
    auto catalog = CatalogDb::open(path);
    QVERIFY2(catalog.ok(), qPrintable(catalog.ok() ? QString() : catalog.error().message()));
    QSqlQuery q(catalog.value()->database());
    QVERIFY(q.exec(QStringLiteral("SELECT id, state, stopped FROM replication_links ORDER BY id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toString(), QStringLiteral("active"));
    QVERIFY(q.next());
    QCOMPARE(q.value(1).toString(), QStringLiteral("stopped"));
    QVERIFY(!q.value(2).toString().isEmpty());
    QVERIFY(q.exec(QStringLiteral("SELECT name, type FROM vaults ORDER BY id")));
    QStringList types;
    while (q.next())
        types << q.value(0).toString() + QLatin1Char('=') + q.value(1).toString();
    QCOMPARE(types,
             QStringList({QStringLiteral("src=general"), QStringLiteral("src-b1=replication-target"),
                          QStringLiteral("src-b2=standalone")}));
    QVERIFY2(!q.exec(QStringLiteral("UPDATE replication_links SET state = 'active' WHERE id = 2")),
             "the index refuses a second active link now");
    catalog.value().reset();
    QCOMPARE(userVersion(path), CatalogDb::schemaVersion());
}

void TestCatalog::reopeningIsIdempotent()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    for (int i = 0; i < 3; ++i) {
        auto catalog = CatalogDb::open(path);
        QVERIFY(catalog.ok());
    }
    QCOMPARE(userVersion(path), CatalogDb::schemaVersion());
}

void TestCatalog::garbageFileIsRefusedByName()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("these are my holiday notes, not a database\n");
    f.close();
    auto catalog = CatalogDb::open(path);
    QVERIFY(!catalog.ok());
    QCOMPARE(catalog.error().code(), Core::ErrorCode::Corrupt);
    QVERIFY(catalog.error().message().contains(path));
    QVERIFY(catalog.error().message().contains(QStringLiteral("not a Crossvault catalog")));
    // The user's file is untouched.
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("these are my holiday notes, not a database\n"));
}

void TestCatalog::foreignSqliteDatabaseIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    auto catalog = CatalogDb::open(path);
    QVERIFY(!catalog.ok());
    QCOMPARE(catalog.error().code(), Core::ErrorCode::Corrupt);
    QVERIFY(catalog.error().message().contains(QStringLiteral("not a Crossvault catalog")));
}

void TestCatalog::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        auto catalog = CatalogDb::open(path);
        QVERIFY(catalog.ok());
        QSqlQuery q(catalog.value()->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(CatalogDb::schemaVersion() + 5)));
    }
    auto catalog = CatalogDb::open(path);
    QVERIFY(!catalog.ok());
    QCOMPARE(catalog.error().code(), Core::ErrorCode::Refused);
    QVERIFY(catalog.error().message().contains(QStringLiteral("newer Crossvault")));
    QCOMPARE(userVersion(path), CatalogDb::schemaVersion() + 5);
}

void TestCatalog::readOnlyFileIsRefused()
{
    if (::geteuid() == 0)
        QSKIP("root ignores file permissions");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        QVERIFY(CatalogDb::open(path).ok());
    }
    QFile::setPermissions(path, QFileDevice::ReadOwner);
    auto catalog = CatalogDb::open(path);
    QVERIFY(!catalog.ok());
    QVERIFY(catalog.error().message().contains(QStringLiteral("read-only")));
}

void TestCatalog::transactionRollsBackOnFailure()
{
    QTemporaryDir dir;
    auto catalog = CatalogDb::open(dir.filePath(QStringLiteral("catalog.sqlite")));
    QVERIFY(catalog.ok());
    CatalogDb& c = *catalog.value();
    Core::Status s = c.transaction([&]() -> Core::Status {
        QSqlQuery q(c.database());
        q.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES ('a', 'b')"));
        return Core::fail(Core::ErrorCode::Failed, QStringLiteral("boom"));
    });
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message(), QStringLiteral("boom"));
    QSqlQuery q(c.database());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM settings WHERE key = 'a'")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 0);
}

void TestCatalog::transactionSurvivesAWriterOutsideTheLock()
{
    // Single-statement writes (job progress, from other processes) don't take the writer lock
    // file. One landing between a transaction's first read and its first write used to fail
    // that write at once with "database is locked"; now the outside writer waits instead.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    auto catalog = CatalogDb::open(path);
    QVERIFY(catalog.ok());
    CatalogDb& c = *catalog.value();
    QSqlDatabase outside = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("outside"));
    outside.setDatabaseName(path);
    outside.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=200"));
    QVERIFY(outside.open());
    // Closed even when a check below fails, so later tests don't inherit the connection.
    const auto closeOutside = qScopeGuard([&outside] {
        outside.close();
        outside = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("outside"));
    });
    bool outsideWrote = true;
    const Core::Status s = c.transaction([&]() -> Core::Status {
        QSqlQuery read(c.database());
        if (!read.exec(QStringLiteral("SELECT count(*) FROM settings")) || !read.next())
            return Core::fail(Core::ErrorCode::Failed, read.lastError().text());
        read.finish();
        QSqlQuery other(outside);
        outsideWrote = other.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES ('outside', '1')"));
        QSqlQuery write(c.database());
        if (!write.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES ('inside', '1')")))
            return Core::fail(Core::ErrorCode::Failed, write.lastError().text());
        return {};
    });
    QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message()));
    QVERIFY(!outsideWrote);
    QSqlQuery retry(outside);
    QVERIFY2(retry.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES ('outside', '1')")),
             qPrintable(retry.lastError().text()));
    retry.finish();
}

void TestCatalog::aQueryBusyTooLongIsARefusal()
{
    // Another process holds SQLite's write lock past the busy timeout: the failed write is
    // a refusal to retry (exit 3 in the CLI), not an unexplained I/O error.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    auto catalog = CatalogDb::open(path, 100);
    QVERIFY(catalog.ok());
    QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("holder"));
    holder.setDatabaseName(path);
    QVERIFY(holder.open());
    const auto closeHolder = qScopeGuard([&holder] {
        holder.close();
        holder = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
    });
    QSqlQuery hold(holder);
    QVERIFY(hold.exec(QStringLiteral("BEGIN IMMEDIATE")));
    QSqlQuery write(catalog.value()->database());
    QVERIFY(!write.exec(QStringLiteral("INSERT INTO settings (key, value) VALUES ('busy', '1')")));
    const Core::Error error = Catalog::queryError(write);
    QCOMPARE(error.code(), Core::ErrorCode::Refused);
    QVERIFY2(error.message().contains(QStringLiteral("locked by another process")), qPrintable(error.message()));
    QVERIFY(hold.exec(QStringLiteral("ROLLBACK")));
    QSqlQuery other(catalog.value()->database());
    QVERIFY(!other.exec(QStringLiteral("SELECT nope FROM settings")));
    QCOMPARE(Catalog::queryError(other).code(), Core::ErrorCode::Io);
    QVERIFY(Catalog::queryError(other).message().startsWith(QStringLiteral("Catalog error: ")));
}

void TestCatalog::concurrentWriterProcessesAllSucceed()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("ws"));
    // Six real processes add regions to one fresh workspace at the same time: every one
    // must succeed and the catalog must hold them all (plus the two defaults, once).
    QList<QProcess*> processes;
    for (int i = 0; i < 6; ++i) {
        auto* p = new QProcess(this);
        p->start(TestSupport::CliRunner::binary(),
                 {QStringLiteral("--workspace"), ws, QStringLiteral("region"), QStringLiteral("add"),
                  QStringLiteral("r%1").arg(i), QStringLiteral("--kind"), QStringLiteral("local"),
                  QStringLiteral("--path"), dir.filePath(QStringLiteral("r%1").arg(i))});
        processes << p;
    }
    for (QProcess* p : processes) {
        QVERIFY(p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
    }
    TestSupport::CliRunner cli(ws);
    const auto listed = cli.json({QStringLiteral("region"), QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(listed.json().array().size(), 8);
}

void TestCatalog::heldWriterLockGivesClearRefusal()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("ws"));
    {
        auto opened = Core::Workspace::open(ws);
        QVERIFY(opened.ok());
    }
    // Another process (here: this test) holds the catalog's writer lock.
    QLockFile lock(ws + QStringLiteral("/catalog.sqlite.lock"));
    QVERIFY(lock.tryLock(0));
    TestSupport::CliRunner cli(ws);
    const auto r
        = cli.run({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("blocked"), QStringLiteral("--kind"),
                   QStringLiteral("local"), QStringLiteral("--path"), dir.filePath(QStringLiteral("blocked"))});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("being written by another process"), r.err.constData());
    lock.unlock();
    const auto again
        = cli.run({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("blocked"), QStringLiteral("--kind"),
                   QStringLiteral("local"), QStringLiteral("--path"), dir.filePath(QStringLiteral("blocked"))});
    QVERIFY2(again.exitCode == 0, again.err.constData());
}

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
