#include "backend/summary/WorkspaceSummary.h"

#include "backend/catalog/Catalog.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Summary {

namespace {

// Runs one aggregate query; the caller reads the single row it returns.
Core::Result<QSqlQuery> select(const Catalog::Catalog& catalog, const QString& sql, const QVariantList& values = {})
{
    QSqlQuery query(catalog.database());
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return Core::fail(Core::ErrorCode::Io, QCoreApplication::translate("Summary", "Cannot read the catalog: %1")
                                                   .arg(query.lastError().text()));
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return Core::fail(Core::ErrorCode::Io, QCoreApplication::translate("Summary", "Cannot read the catalog: %1")
                                                   .arg(query.lastError().text()));
    return query;
}

} // namespace

Core::Result<WorkspaceSummary> summarise(const Catalog::Catalog& catalog, const QDateTime& now)
{
    WorkspaceSummary s;

    auto vaults = select(catalog, QStringLiteral("SELECT COUNT(*),"
                                                 " COALESCE(SUM(type = 'replication-target'), 0),"
                                                 " COALESCE(SUM(stored_bytes), 0),"
                                                 " COALESCE(SUM(encryption = 'managed' AND recovery_key_exported = 0), 0)"
                                                 " FROM vaults"));
    if (!vaults)
        return vaults.error();
    s.vaults = vaults->value(0).toInt();
    s.targetVaults = vaults->value(1).toInt();
    s.storedBytes = vaults->value(2).toLongLong();
    s.unexportedKeys = vaults->value(3).toInt();

    // Logical size counts each source once (its newest point), as "what is protected".
    auto points = select(catalog, QStringLiteral("SELECT (SELECT COUNT(*) FROM points WHERE state = 'complete'),"
                                                 " (SELECT MAX(created) FROM points WHERE state = 'complete'),"
                                                 " (SELECT COALESCE(SUM(p.logical_bytes), 0) FROM points p"
                                                 "   JOIN vaults v ON v.id = p.vault AND v.type <> 'replication-target'"
                                                 "   WHERE p.state = 'complete' AND p.created = (SELECT MAX(q.created) FROM points q"
                                                 "     WHERE q.vault = p.vault AND q.source = p.source AND q.state = 'complete'))"));
    if (!points)
        return points.error();
    s.points = points->value(0).toInt();
    if (!points->value(1).isNull())
        s.newestPoint = QDateTime::fromString(points->value(1).toString(), Qt::ISODateWithMs).toUTC();
    s.logicalBytes = points->value(2).toLongLong();

    auto links = select(catalog, QStringLiteral("SELECT COUNT(*) FROM replication_links WHERE state = 'active'"));
    if (!links)
        return links.error();
    s.activeReplications = links->value(0).toInt();

    const QString dayAgo = now.toUTC().addSecs(-24 * 3600).toString(Qt::ISODateWithMs);
    auto jobs = select(catalog,
                       QStringLiteral("SELECT COALESCE(SUM(state IN ('queued', 'running')), 0),"
                                      " COALESCE(SUM(state = 'failed' AND COALESCE(finished, created) >= ?), 0) FROM jobs"),
                       {dayAgo});
    if (!jobs)
        return jobs.error();
    s.runningJobs = jobs->value(0).toInt();
    s.failedJobs = jobs->value(1).toInt();
    return s;
}

} // namespace Summary
