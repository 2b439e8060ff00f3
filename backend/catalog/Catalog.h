#pragma once

#include "backend/core/Result.h"

#include <QLockFile>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace Catalog {

// The workspace's SQLite catalog: what regions, vaults, points and jobs exist.
// One file per workspace, WAL, foreign keys on, versioned migrations (PRAGMA user_version)
// each in its own transaction. An exclusive writer lock (a QLockFile beside the database)
// keeps two processes from migrating or writing at once.
//
// A QSqlDatabase connection belongs to the thread that opened it: database() returns the
// calling thread's own connection, opening it on first use, so workers may use the catalog.
// SQLite serialises writers itself (busy timeout); transaction() also takes the writer lock
// so two processes never interleave multi-statement writes.
class Catalog final
{
public:
    ~Catalog();
    Catalog(const Catalog&) = delete;
    Catalog& operator=(const Catalog&) = delete;

    // Opens (creating if needed) and migrates the catalog at path. Fails clearly when the
    // file is not a catalog, comes from a newer Crossvault, is read-only, or another
    // process holds the writer lock for longer than lockTimeoutMs.
    static Core::Result<std::unique_ptr<Catalog>> open(const QString& path, int lockTimeoutMs = 5000);

    // Current schema version of this build.
    static int schemaVersion();

    QSqlDatabase database() const;
    // Closes the calling thread's connection. Worker threads call it when their work is
    // done (a pool thread may end, and a later thread may reuse its address).
    void releaseThreadConnection() const;
    const QString& path() const { return m_path; }

    // Runs fn inside a transaction; commits when it returns ok, rolls back otherwise.
    Core::Status transaction(const std::function<Core::Status()>& fn);

private:
    Catalog() = default;
    Core::Status migrate();

    Core::Status lockWriter();
    void unlockWriter();
    Core::Error refusedForOtherProcess() const;
    Core::Status beginImmediate(QSqlDatabase& db) const;

    QString m_path;
    QString m_connectionPrefix;
    int m_lockTimeoutMs = 5000;
    std::unique_ptr<QLockFile> m_lock;
    mutable QMutex m_mutex;
    QMutex m_writer; // held with m_lock: one writer thread of this process at a time
    mutable QStringList m_connections;
};

} // namespace Catalog
