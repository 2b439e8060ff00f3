#include "backend/vault/ReplicationStopMarker.h"

#include "backend/storage/ObjectStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Backup {

namespace {

QString objectKey(QString prefix)
{
    if (!prefix.isEmpty() && !prefix.endsWith(QLatin1Char('/')))
        prefix += QLatin1Char('/');
    return prefix + ReplicationStopMarker::key();
}

} // namespace

QString ReplicationStopMarker::key()
{
    return QStringLiteral("replication-stopped");
}

Core::Status ReplicationStopMarker::write(Storage::ObjectStore& store, const QString& prefix,
                                          const QString& sourceVaultId, const QDateTime& stopped)
{
    const QJsonObject marker {
        {QStringLiteral("format"), QStringLiteral("crossvault-replication-stopped")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("source"), sourceVaultId},
        {QStringLiteral("stopped"), stopped.toUTC().toString(Qt::ISODate)},
    };
    const QString where = objectKey(prefix);
    if (auto s = store.put(where, QJsonDocument(marker).toJson(QJsonDocument::Indented)); !s)
        return s.error().withContext(
            QCoreApplication::translate("Backup::Vault", "Cannot write '%1' in %2: ").arg(where, store.describe()));
    return {};
}

Core::Status ReplicationStopMarker::remove(Storage::ObjectStore& store, const QString& prefix)
{
    return store.remove(objectKey(prefix));
}

Core::Result<bool> ReplicationStopMarker::isPresent(Storage::ObjectStore& store, const QString& prefix)
{
    const QString where = objectKey(prefix);
    auto info = store.stat(where);
    if (info)
        return info->has_value();
    return info.error().withContext(
        QCoreApplication::translate("Backup::Vault", "Cannot read '%1' in %2: ").arg(where, store.describe()));
}

} // namespace Backup
