#include "backend/regions/RegionRepository.h"

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Regions {

RegionRepository::RegionRepository(Catalog::Catalog& catalog)
    : m_catalog(catalog)
{
}

Core::Result<QList<Region>> RegionRepository::all() const
{
    QSqlQuery q(m_catalog.database());
    if (!q.exec(QStringLiteral("SELECT id, name, display_name, provider, continent, kind, location, price_sheet, settings "
                               "FROM regions ORDER BY name")))
        return Catalog::queryError(q);
    QList<Region> regions;
    while (q.next()) {
        Region r;
        r.id = q.value(0).toLongLong();
        r.name = q.value(1).toString();
        r.displayName = q.value(2).toString();
        r.provider = q.value(3).toString();
        r.continent = q.value(4).toString();
        r.kind = q.value(5).toString();
        r.location = q.value(6).toString();
        r.priceSheet = q.value(7).toString();
        r.settings = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
        regions << r;
    }
    return regions;
}

Core::Result<Region> RegionRepository::insert(const Region& region)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("INSERT INTO regions (name, display_name, provider, continent, kind, location, price_sheet, settings, created) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(Catalog::notNull(region.name));
    q.addBindValue(Catalog::notNull(region.displayName));
    q.addBindValue(Catalog::notNull(region.provider));
    q.addBindValue(Catalog::notNull(region.continent));
    q.addBindValue(Catalog::notNull(region.kind));
    q.addBindValue(Catalog::notNull(region.location));
    q.addBindValue(Catalog::notNull(region.priceSheet));
    q.addBindValue(QString::fromUtf8(QJsonDocument(region.settings).toJson(QJsonDocument::Compact)));
    q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!q.exec()) {
        if (q.lastError().text().contains(QLatin1String("UNIQUE")))
            return Core::fail(Core::ErrorCode::AlreadyExists,
                              QCoreApplication::translate("Regions", "A region named '%1' already exists.").arg(region.name));
        return Catalog::queryError(q);
    }
    Region stored = region;
    stored.id = q.lastInsertId().toLongLong();
    return stored;
}

Core::Status RegionRepository::update(const Region& region)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE regions SET display_name = ?, provider = ?, continent = ?, price_sheet = ?, settings = ? "
                             "WHERE name = ?"));
    q.addBindValue(Catalog::notNull(region.displayName));
    q.addBindValue(Catalog::notNull(region.provider));
    q.addBindValue(Catalog::notNull(region.continent));
    q.addBindValue(Catalog::notNull(region.priceSheet));
    q.addBindValue(QString::fromUtf8(QJsonDocument(region.settings).toJson(QJsonDocument::Compact)));
    q.addBindValue(Catalog::notNull(region.name));
    if (!q.exec())
        return Catalog::queryError(q);
    if (q.numRowsAffected() == 0)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(region.name));
    return {};
}

Core::Status RegionRepository::remove(const QString& name)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("DELETE FROM regions WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return Catalog::queryError(q);
    if (q.numRowsAffected() == 0)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(name));
    return {};
}

Core::Result<QString> RegionRepository::setting(const QString& key) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    q.addBindValue(key);
    if (!q.exec())
        return Catalog::queryError(q);
    return q.next() ? q.value(0).toString() : QString();
}

Core::Status RegionRepository::setSetting(const QString& key, const QString& value)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

} // namespace Regions
