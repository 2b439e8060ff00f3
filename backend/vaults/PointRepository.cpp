#include "backend/vaults/PointRepository.h"

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace Vaults {

namespace {

QDateTime parseTime(const QVariant& v)
{
    if (v.isNull() || v.toString().isEmpty())
        return {};
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QVariant timeOrNull(const QDateTime& t)
{
    return t.isValid() ? QVariant(t.toUTC().toString(Qt::ISODateWithMs)) : QVariant();
}

const QString selectColumns = QStringLiteral(
    "SELECT p.id, p.vault, v.name, p.source, p.kind, p.created, p.finished, p.state, p.origin, p.tier, p.expires, p.locked, "
    "p.logical_bytes, p.stored_bytes_new, p.files, p.skipped FROM points p JOIN vaults v ON v.id = p.vault ");

PointRecord fromRow(const QSqlQuery& q)
{
    PointRecord r;
    r.id = q.value(0).toString();
    r.vaultId = q.value(1).toLongLong();
    r.vault = q.value(2).toString();
    r.source = q.value(3).toString();
    r.kind = q.value(4).toString();
    r.created = parseTime(q.value(5));
    r.finished = parseTime(q.value(6));
    r.state = q.value(7).toString();
    r.origin = q.value(8).toString();
    r.tier = q.value(9).toString();
    r.expires = parseTime(q.value(10));
    r.locked = q.value(11).toBool();
    r.logicalBytes = q.value(12).toLongLong();
    r.storedBytesNew = q.value(13).toLongLong();
    r.files = q.value(14).toLongLong();
    r.skipped = q.value(15).toLongLong();
    return r;
}

Core::Status insertRow(QSqlQuery& q, const PointRecord& p)
{
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO points (id, vault, source, kind, created, finished, state, origin, tier, "
                             "expires, locked, logical_bytes, stored_bytes_new, files, skipped) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(Catalog::notNull(p.id));
    q.addBindValue(p.vaultId);
    q.addBindValue(Catalog::notNull(p.source));
    q.addBindValue(Catalog::notNull(p.kind));
    q.addBindValue(timeOrNull(p.created.isValid() ? p.created : QDateTime::currentDateTimeUtc()));
    q.addBindValue(timeOrNull(p.finished));
    q.addBindValue(Catalog::notNull(p.state));
    q.addBindValue(Catalog::notNull(p.origin));
    q.addBindValue(Catalog::notNull(p.tier));
    q.addBindValue(timeOrNull(p.expires));
    q.addBindValue(p.locked ? 1 : 0);
    q.addBindValue(p.logicalBytes);
    q.addBindValue(p.storedBytesNew);
    q.addBindValue(p.files);
    q.addBindValue(p.skipped);
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

} // namespace

PointRepository::PointRepository(Catalog::Catalog& catalog)
    : m_catalog(catalog)
{
}

Core::Result<QList<PointRecord>> PointRepository::list(const QString& vault, const QString& source) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(selectColumns + QStringLiteral("WHERE (? = '' OR v.name = ?) AND (? = '' OR p.source = ?) ORDER BY p.created, p.id"));
    const QString v = vault.isNull() ? QString(QLatin1String("")) : vault;
    const QString s = source.isNull() ? QString(QLatin1String("")) : source;
    q.addBindValue(v);
    q.addBindValue(v);
    q.addBindValue(s);
    q.addBindValue(s);
    if (!q.exec())
        return Catalog::queryError(q);
    QList<PointRecord> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Core::Result<PointRecord> PointRepository::find(const QString& id, const QString& vault) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(selectColumns + QStringLiteral("WHERE p.id = ? AND (? = '' OR v.name = ?) ORDER BY v.name"));
    const QString v = vault.isNull() ? QString(QLatin1String("")) : vault;
    q.addBindValue(id);
    q.addBindValue(v);
    q.addBindValue(v);
    if (!q.exec())
        return Catalog::queryError(q);
    QList<PointRecord> found;
    while (q.next())
        found << fromRow(q);
    if (found.isEmpty()) {
        const QString where = vault.isEmpty() ? QString() : QCoreApplication::translate("Vaults", " in vault '%1'").arg(vault);
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Vaults", "There is no backup point '%1'%2 (see 'points').").arg(id, where));
    }
    if (found.size() > 1) {
        QStringList names;
        for (const PointRecord& p : std::as_const(found))
            names << p.vault;
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Vaults", "Point '%1' exists in several vaults (%2); name one with --vault.")
                              .arg(id, names.join(QStringLiteral(", "))));
    }
    return found.first();
}

Core::Status PointRepository::upsert(const PointRecord& point)
{
    QSqlQuery q(m_catalog.database());
    return insertRow(q, point);
}

Core::Status PointRepository::remove(qint64 vaultId, const QString& id)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("DELETE FROM points WHERE vault = ? AND id = ?"));
    q.addBindValue(vaultId);
    q.addBindValue(id);
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

Core::Status PointRepository::replaceAll(qint64 vaultId, const QList<PointRecord>& points)
{
    return m_catalog.transaction([&]() -> Core::Status {
        QSqlQuery q(m_catalog.database());
        q.prepare(QStringLiteral("DELETE FROM points WHERE vault = ?"));
        q.addBindValue(vaultId);
        if (!q.exec())
            return Catalog::queryError(q);
        for (PointRecord p : points) {
            p.vaultId = vaultId;
            if (auto s = insertRow(q, p); !s)
                return s;
        }
        return {};
    });
}

} // namespace Vaults
