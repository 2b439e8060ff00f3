#include "backend/vaults/VaultRecord.h"

#include <QJsonValue>

namespace Vaults {

namespace {
QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}
} // namespace

QJsonObject VaultRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("uid"), uid},
        {QStringLiteral("name"), name},
        {QStringLiteral("region"), region},
        {QStringLiteral("type"), type},
        {QStringLiteral("encryption"), encryption},
        {QStringLiteral("description"), description},
        {QStringLiteral("label"), label},
        {QStringLiteral("created"), isoOrNull(created)},
        {QStringLiteral("storedBytes"), storedBytes},
        {QStringLiteral("points"), points},
        {QStringLiteral("recoveryKeyExported"), encryption == QLatin1String("managed") ? QJsonValue(recoveryKeyExported)
                                                                                       : QJsonValue()},
    };
}

} // namespace Vaults
