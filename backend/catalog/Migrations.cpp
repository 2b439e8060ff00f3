#include "backend/catalog/Migrations.h"

namespace Catalog {

const QList<Migration>& migrations()
{
    static const QList<Migration> all = {
        {1,
         {
             QStringLiteral("CREATE TABLE settings ("
                            " key TEXT PRIMARY KEY,"
                            " value TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE regions ("
                            " id INTEGER PRIMARY KEY,"
                            " name TEXT NOT NULL UNIQUE,"
                            " display_name TEXT NOT NULL DEFAULT '',"
                            " provider TEXT NOT NULL DEFAULT '',"
                            " continent TEXT NOT NULL DEFAULT '',"
                            " kind TEXT NOT NULL CHECK (kind IN ('local', 's3')),"
                            " location TEXT NOT NULL,"
                            " price_sheet TEXT NOT NULL DEFAULT '',"
                            " settings TEXT NOT NULL DEFAULT '{}',"
                            " created TEXT NOT NULL)"),
         }},
        // Vaults, their backup points and the job log (backend/vaults, backend/jobs).
        {2,
         {
             QStringLiteral("CREATE TABLE vaults ("
                            " id INTEGER PRIMARY KEY,"
                            " name TEXT NOT NULL UNIQUE,"
                            " uid TEXT NOT NULL DEFAULT '',"
                            " region TEXT NOT NULL,"
                            " type TEXT NOT NULL DEFAULT 'general'"
                            "  CHECK (type IN ('general', 'replication-target', 'standalone')),"
                            " encryption TEXT NOT NULL CHECK (encryption IN ('managed', 'customer')),"
                            " description TEXT NOT NULL DEFAULT '',"
                            " label TEXT NOT NULL DEFAULT '',"
                            " created TEXT NOT NULL,"
                            " stored_bytes INTEGER NOT NULL DEFAULT 0,"
                            " recovery_key_exported INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE TABLE points ("
                            " id TEXT NOT NULL,"
                            " vault INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,"
                            " source TEXT NOT NULL,"
                            " kind TEXT NOT NULL DEFAULT 'folder',"
                            " created TEXT NOT NULL,"
                            " finished TEXT,"
                            " state TEXT NOT NULL DEFAULT 'complete',"
                            " origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'policy', 'replica')),"
                            " tier TEXT NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'archive')),"
                            " expires TEXT,"
                            " locked INTEGER NOT NULL DEFAULT 0,"
                            " logical_bytes INTEGER NOT NULL DEFAULT 0,"
                            " stored_bytes_new INTEGER NOT NULL DEFAULT 0,"
                            " files INTEGER NOT NULL DEFAULT 0,"
                            " skipped INTEGER NOT NULL DEFAULT 0,"
                            " PRIMARY KEY (vault, id))"),
             QStringLiteral("CREATE INDEX points_by_created ON points (vault, created)"),
             QStringLiteral("CREATE TABLE jobs ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " type TEXT NOT NULL,"
                            " vault TEXT NOT NULL DEFAULT '',"
                            " description TEXT NOT NULL DEFAULT '',"
                            " state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', "
                            "'cancelled', 'partial')),"
                            " parent INTEGER REFERENCES jobs(id) ON DELETE SET NULL,"
                            " created TEXT NOT NULL,"
                            " started TEXT,"
                            " finished TEXT,"
                            " phase TEXT NOT NULL DEFAULT '',"
                            " bytes_done INTEGER NOT NULL DEFAULT 0,"
                            " bytes_total INTEGER NOT NULL DEFAULT 0,"
                            " files_done INTEGER NOT NULL DEFAULT 0,"
                            " files_total INTEGER NOT NULL DEFAULT 0,"
                            " rate REAL NOT NULL DEFAULT 0,"
                            " eta INTEGER,"
                            " error TEXT NOT NULL DEFAULT '',"
                            " result TEXT NOT NULL DEFAULT '{}',"
                            " pid INTEGER NOT NULL DEFAULT 0,"
                            " host TEXT NOT NULL DEFAULT '',"
                            " cancel_requested INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE INDEX jobs_by_state ON jobs (state)"),
         }},
        // Replication links and replica points (backend/replication).
        {3,
         {
             QStringLiteral("CREATE TABLE replication_links ("
                            " id INTEGER PRIMARY KEY,"
                            " source INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,"
                            " target INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,"
                            " region TEXT NOT NULL,"
                            " state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'stopped')),"
                            " created TEXT NOT NULL,"
                            " stopped TEXT)"),
             QStringLiteral("CREATE TABLE replicas ("
                            " vault INTEGER NOT NULL REFERENCES vaults(id) ON DELETE CASCADE,"
                            " point TEXT NOT NULL,"
                            " source_vault TEXT NOT NULL,"
                            " name TEXT NOT NULL DEFAULT '',"
                            " description TEXT NOT NULL DEFAULT '',"
                            " created TEXT NOT NULL,"
                            " PRIMARY KEY (vault, point))"),
         }},
        // Replication rules the catalog enforces itself, whatever process writes it: one
        // active target per source and region, one active source per target. Duplicates that
        // two processes enabling at once could make before are stopped first (the oldest link
        // of each pair stays), and targets left with no active link become standalone, so
        // the indexes can be built and no catalog is locked out by its own upgrade.
        {4,
         {
             QStringLiteral("UPDATE replication_links SET state = 'stopped',"
                            " stopped = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                            " WHERE state = 'active' AND id NOT IN (SELECT min(id) FROM replication_links"
                            " WHERE state = 'active' GROUP BY source, region)"),
             QStringLiteral("UPDATE replication_links SET state = 'stopped',"
                            " stopped = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                            " WHERE state = 'active' AND id NOT IN (SELECT min(id) FROM replication_links"
                            " WHERE state = 'active' GROUP BY target)"),
             QStringLiteral("UPDATE vaults SET type = 'standalone' WHERE type = 'replication-target'"
                            " AND id IN (SELECT target FROM replication_links WHERE state = 'stopped')"
                            " AND id NOT IN (SELECT target FROM replication_links WHERE state = 'active')"),
             QStringLiteral("CREATE UNIQUE INDEX replication_one_target_per_region"
                            " ON replication_links (source, region) WHERE state = 'active'"),
             QStringLiteral("CREATE UNIQUE INDEX replication_one_source_per_target"
                            " ON replication_links (target) WHERE state = 'active'"),
         }},
    };
    return all;
}

} // namespace Catalog
