#include "backend/vaults/VaultRepository.h"

#include "backend/catalog/Catalog.h"
#include "backend/catalog/QueryResult.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Vaults {

namespace {

Core::Error notFound(const QString& name)
{
    return Core::fail(Core::ErrorCode::NotFound,
                      QCoreApplication::translate("Vaults", "There is no vault named '%1' in this workspace (see 'vault list'; "
                                                            "'vault import' adds an existing one).")
                          .arg(name));
}

const QString selectColumns = QStringLiteral(
    "SELECT v.id, v.name, v.uid, v.region, v.type, v.encryption, v.description, v.label, v.created, v.stored_bytes, "
    "v.recovery_key_exported, (SELECT count(*) FROM points p WHERE p.vault = v.id) FROM vaults v ");

VaultRecord fromRow(const QSqlQuery& q)
{
    VaultRecord r;
    r.id = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.uid = q.value(2).toString();
    r.region = q.value(3).toString();
    r.type = q.value(4).toString();
    r.encryption = q.value(5).toString();
    r.description = q.value(6).toString();
    r.label = q.value(7).toString();
    r.created = QDateTime::fromString(q.value(8).toString(), Qt::ISODateWithMs).toUTC();
    r.storedBytes = q.value(9).toLongLong();
    r.recoveryKeyExported = q.value(10).toBool();
    r.points = q.value(11).toInt();
    return r;
}

} // namespace

VaultRepository::VaultRepository(Catalog::Catalog& catalog)
    : m_catalog(catalog)
{
}

Core::Result<QList<VaultRecord>> VaultRepository::all() const
{
    QSqlQuery q(m_catalog.database());
    if (!q.exec(selectColumns + QStringLiteral("ORDER BY v.name")))
        return Catalog::queryError(q);
    QList<VaultRecord> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

Core::Result<VaultRecord> VaultRepository::find(const QString& name) const
{
    QSqlQuery q(m_catalog.database());
    q.prepare(selectColumns + QStringLiteral("WHERE v.name = ?"));
    q.addBindValue(Catalog::notNull(name));
    if (!q.exec())
        return Catalog::queryError(q);
    if (!q.next())
        return notFound(name);
    return fromRow(q);
}

Core::Result<VaultRecord> VaultRepository::insert(VaultRecord r)
{
    if (!r.created.isValid())
        r.created = QDateTime::currentDateTimeUtc();
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("INSERT INTO vaults (name, uid, region, type, encryption, description, label, created, stored_bytes, "
                             "recovery_key_exported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(Catalog::notNull(r.name));
    q.addBindValue(Catalog::notNull(r.uid));
    q.addBindValue(Catalog::notNull(r.region));
    q.addBindValue(Catalog::notNull(r.type));
    q.addBindValue(Catalog::notNull(r.encryption));
    q.addBindValue(Catalog::notNull(r.description));
    q.addBindValue(Catalog::notNull(r.label));
    q.addBindValue(r.created.toUTC().toString(Qt::ISODateWithMs));
    q.addBindValue(r.storedBytes);
    q.addBindValue(r.recoveryKeyExported ? 1 : 0);
    if (!q.exec()) {
        if (q.lastError().text().contains(QLatin1String("UNIQUE")))
            return Core::fail(Core::ErrorCode::AlreadyExists,
                              QCoreApplication::translate("Vaults", "A vault named '%1' already exists in this workspace.").arg(r.name));
        return Catalog::queryError(q);
    }
    r.id = q.lastInsertId().toLongLong();
    return r;
}

Core::Status VaultRepository::remove(const QString& name)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("DELETE FROM vaults WHERE name = ?"));
    q.addBindValue(Catalog::notNull(name));
    if (!q.exec())
        return Catalog::queryError(q);
    if (q.numRowsAffected() == 0)
        return notFound(name);
    return {};
}

Core::Status VaultRepository::setStoredBytes(const QString& name, qint64 bytes)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE vaults SET stored_bytes = ? WHERE name = ?"));
    q.addBindValue(bytes);
    q.addBindValue(Catalog::notNull(name));
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

Core::Status VaultRepository::addStoredBytes(const QString& name, qint64 bytes)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE vaults SET stored_bytes = stored_bytes + ? WHERE name = ?"));
    q.addBindValue(bytes);
    q.addBindValue(Catalog::notNull(name));
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

Core::Status VaultRepository::setRecoveryKeyExported(const QString& name, bool exported)
{
    QSqlQuery q(m_catalog.database());
    q.prepare(QStringLiteral("UPDATE vaults SET recovery_key_exported = ? WHERE name = ?"));
    q.addBindValue(exported ? 1 : 0);
    q.addBindValue(Catalog::notNull(name));
    if (!q.exec())
        return Catalog::queryError(q);
    return {};
}

} // namespace Vaults
