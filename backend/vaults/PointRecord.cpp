#include "backend/vaults/PointRecord.h"

#include <QJsonValue>

namespace Vaults {

namespace {
QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}
} // namespace

QJsonObject PointRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("vault"), vault},
        {QStringLiteral("source"), source},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("created"), isoOrNull(created)},
        {QStringLiteral("finished"), isoOrNull(finished)},
        {QStringLiteral("state"), state},
        {QStringLiteral("origin"), origin},
        {QStringLiteral("tier"), tier},
        {QStringLiteral("expires"), isoOrNull(expires)},
        {QStringLiteral("locked"), locked},
        {QStringLiteral("logicalBytes"), logicalBytes},
        {QStringLiteral("storedBytesNew"), storedBytesNew},
        {QStringLiteral("files"), files},
        {QStringLiteral("skipped"), skipped},
    };
}

} // namespace Vaults
