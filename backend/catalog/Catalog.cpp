#include "backend/catalog/Catalog.h"

#include "backend/catalog/Migrations.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace Catalog {

namespace {

// SQLite files start with this header; anything else is not a catalog.
bool looksLikeSqlite(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return true; // let SQLite report the real problem
    const QByteArray head = f.read(16);
    return head.isEmpty() || head == QByteArrayLiteral("SQLite format 3\0");
}

Core::Status exec(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return Core::fail(Core::ErrorCode::Failed, q.lastError().text());
    return {};
}

} // namespace

Catalog::~Catalog()
{
    QMutexLocker locker(&m_mutex);
    const QString mine = m_connectionPrefix + QLatin1Char('-')
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
    for (const QString& name : std::as_const(m_connections)) {
        if (name == mine) {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isValid())
                db.close();
        }
        // A worker's connection is not opened here (Qt refuses another thread's connection);
        // removing it closes it.
        QSqlDatabase::removeDatabase(name);
    }
}

int Catalog::schemaVersion()
{
    return migrations().isEmpty() ? 0 : migrations().constLast().version;
}

Core::Result<std::unique_ptr<Catalog>> Catalog::open(const QString& path, int lockTimeoutMs)
{
    std::unique_ptr<Catalog> catalog(new Catalog);
    catalog->m_path = QFileInfo(path).absoluteFilePath();
    catalog->m_lockTimeoutMs = lockTimeoutMs;
    catalog->m_connectionPrefix
        = QStringLiteral("crossvault-catalog-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    catalog->m_lock = std::make_unique<QLockFile>(catalog->m_path + QStringLiteral(".lock"));
    catalog->m_lock->setStaleLockTime(0); // a lock whose process died is stale at once

    const QFileInfo info(catalog->m_path);
    if (info.exists()) {
        if (!info.isFile())
            return Core::fail(Core::ErrorCode::InvalidInput,
                              QCoreApplication::translate("Catalog", "%1 is not a file.").arg(catalog->m_path));
        if (!info.isReadable())
            return Core::fail(Core::ErrorCode::Io,
                              QCoreApplication::translate("Catalog", "Cannot read the catalog %1: permission denied.")
                                  .arg(catalog->m_path));
        if (!looksLikeSqlite(catalog->m_path))
            return Core::fail(Core::ErrorCode::Corrupt,
                              QCoreApplication::translate("Catalog",
                                                          "%1 is not a Crossvault catalog (not an SQLite database). "
                                                          "Move it away or choose another workspace.")
                                  .arg(catalog->m_path));
        if (!info.isWritable())
            return Core::fail(
                Core::ErrorCode::Io,
                QCoreApplication::translate(
                    "Catalog",
                    "The catalog %1 is read-only. Crossvault needs to write to it; check the file's permissions.")
                    .arg(catalog->m_path));
    }

    QSqlDatabase db = catalog->database();
    if (!db.isOpen())
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Catalog", "Cannot open the catalog %1: %2")
                              .arg(catalog->m_path, db.lastError().text()));

    if (auto s = catalog->migrate(); !s)
        return s.error();
    return catalog;
}

QSqlDatabase Catalog::database() const
{
    const QString name = m_connectionPrefix + QLatin1Char('-')
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isValid())
        return db;

    db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_lockTimeoutMs));
    {
        QMutexLocker locker(&m_mutex);
        m_connections << name;
    }
    if (!db.open())
        return db;
    for (const char* pragma :
         {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
        QSqlQuery q(db);
        q.exec(QString::fromLatin1(pragma));
    }
    return db;
}

Core::Status Catalog::lockWriter()
{
    // The lock file keeps other processes out; QLockFile is not thread-safe, so the job
    // runner's threads of this process queue on a mutex first.
    if (!m_writer.tryLock(m_lockTimeoutMs))
        return Core::fail(Core::ErrorCode::Refused,
                          QCoreApplication::translate("Catalog",
                                                      "The catalog %1 is busy with another job of this program; try "
                                                      "again when it has finished.")
                              .arg(m_path));
    if (m_lock->tryLock(m_lockTimeoutMs))
        return {};
    m_writer.unlock();
    return refusedForOtherProcess();
}

Core::Error Catalog::refusedForOtherProcess() const
{
    qint64 pid = 0;
    QString host, app;
    m_lock->getLockInfo(&pid, &host, &app);
    if (pid == 0)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Catalog",
                                        "The catalog %1 is being written by another process; try again when it has "
                                        "finished.")
                .arg(m_path));
    return Core::fail(
        Core::ErrorCode::Refused,
        QCoreApplication::translate(
            "Catalog",
            "The catalog %1 is being written by another process (%2, pid %3); try again when it has finished.")
            .arg(m_path, app.isEmpty() ? QCoreApplication::translate("Catalog", "unknown program") : app)
            .arg(pid));
}

void Catalog::unlockWriter()
{
    m_lock->unlock();
    m_writer.unlock();
}

Core::Status Catalog::beginImmediate(QSqlDatabase& db) const
{
    // IMMEDIATE takes SQLite's write lock up front, waiting out the busy timeout. A deferred
    // BEGIN would read first and fail at its first write, without waiting, whenever another
    // process wrote in between (SQLITE_BUSY_SNAPSHOT in WAL mode): single-statement writes
    // such as job progress don't take the writer lock file.
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return {};
    // SQLITE_BUSY (5) for longer than the busy timeout: a writer that does not take the lock
    // file (a single-statement write) held SQLite's lock all that time.
    if (q.lastError().nativeErrorCode() == QLatin1String("5"))
        return Core::fail(Core::ErrorCode::Refused,
                          QCoreApplication::translate("Catalog",
                                                      "The catalog %1 stayed locked by another process; try again "
                                                      "in a moment.")
                              .arg(m_path));
    return Core::fail(Core::ErrorCode::Io, q.lastError().text());
}

Core::Status Catalog::transaction(const std::function<Core::Status()>& fn)
{
    if (auto s = lockWriter(); !s)
        return s;
    QSqlDatabase db = database();
    if (auto begun = beginImmediate(db); !begun) {
        unlockWriter();
        if (begun.error().code() == Core::ErrorCode::Refused)
            return begun;
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Catalog", "Cannot start a catalog transaction: %1")
                              .arg(begun.error().message()));
    }
    Core::Status result = fn();
    if (result) {
        if (!db.commit()) {
            const QString why = db.lastError().text();
            db.rollback();
            result = Core::fail(Core::ErrorCode::Io,
                                QCoreApplication::translate("Catalog", "Cannot commit to the catalog: %1").arg(why));
        }
    } else {
        db.rollback();
    }
    unlockWriter();
    return result;
}

Core::Status Catalog::migrate()
{
    QSqlDatabase db = database();
    // Quick look without the lock: the usual case is an up-to-date catalog.
    auto readVersion = [&]() -> Core::Result<int> {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
            return Core::fail(Core::ErrorCode::Corrupt,
                              QCoreApplication::translate("Catalog", "%1 is not a Crossvault catalog or is damaged: %2")
                                  .arg(m_path, q.lastError().text()));
        return q.value(0).toInt();
    };
    auto version = readVersion();
    if (!version)
        return version.error();
    if (version.value() > schemaVersion())
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Catalog",
                "The catalog %1 was written by a newer Crossvault (schema %2; this version understands up to %3). "
                "Upgrade Crossvault to open it.")
                .arg(m_path)
                .arg(version.value())
                .arg(schemaVersion()));
    if (version.value() == schemaVersion())
        return {};

    // Migrate under the writer lock, re-reading the version: another process may have
    // migrated while we waited.
    if (auto s = lockWriter(); !s)
        return s;
    auto unlock = qScopeGuard([&] { unlockWriter(); });
    version = readVersion();
    if (!version)
        return version.error();
    const int current = version.value();
    if (current == 0) {
        // A non-empty database without our schema version is someone else's SQLite file.
        QSqlQuery tables(db);
        if (tables.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table'")) && tables.next()
            && tables.value(0).toInt() > 0)
            return Core::fail(
                Core::ErrorCode::Corrupt,
                QCoreApplication::translate(
                    "Catalog", "%1 is an SQLite database but not a Crossvault catalog. Choose another workspace.")
                    .arg(m_path));
    }
    for (const Migration& m : migrations()) {
        if (m.version <= current)
            continue;
        if (auto begun = beginImmediate(db); !begun)
            return Core::fail(Core::ErrorCode::Io,
                              QCoreApplication::translate("Catalog", "The catalog %1 cannot be upgraded: %2")
                                  .arg(m_path, begun.error().message()));
        Core::Status s;
        for (const QString& sql : m.statements) {
            s = exec(db, sql);
            if (!s)
                break;
        }
        if (s)
            s = exec(db, QStringLiteral("PRAGMA user_version = %1").arg(m.version));
        if (!s || !db.commit()) {
            const QString why = s ? db.lastError().text() : s.error().message();
            db.rollback();
            if (why.contains(QLatin1String("readonly"), Qt::CaseInsensitive))
                return Core::fail(
                    Core::ErrorCode::Io,
                    QCoreApplication::translate("Catalog", "The catalog %1 is read-only; it cannot be upgraded.")
                        .arg(m_path));
            return Core::fail(Core::ErrorCode::Failed,
                              QCoreApplication::translate("Catalog", "Catalog migration to schema %1 failed: %2")
                                  .arg(m.version)
                                  .arg(why));
        }
    }
    return {};
}

void Catalog::releaseThreadConnection() const
{
    const QString name = m_connectionPrefix + QLatin1Char('-')
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (!db.isValid())
            return;
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    QMutexLocker locker(&m_mutex);
    m_connections.removeAll(name);
}

} // namespace Catalog
