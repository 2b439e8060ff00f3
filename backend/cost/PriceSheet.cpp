#include "backend/cost/PriceSheet.h"

#include "backend/cost/Money.h"

#include <QJsonArray>

namespace Cost {

namespace {
QJsonObject figureJson(const PriceFigure& figure)
{
    QJsonObject o{{QStringLiteral("price"), Money::toDecimal(figure.micros)}};
    if (!figure.source.isEmpty())
        o.insert(QStringLiteral("source"), figure.source);
    if (!figure.date.isEmpty())
        o.insert(QStringLiteral("date"), figure.date);
    return o;
}
} // namespace

qint64 PriceSheet::storageUnitHours() const
{
    return storageUnit == StorageUnit::GBHour ? 1 : Money::hoursPerMonth;
}

qint64 PriceSheet::storageMicrosPerGBMonth() const
{
    return storageUnit == StorageUnit::GBHour ? storage.micros * Money::hoursPerMonth : storage.micros;
}

QString PriceSheet::unitName(StorageUnit unit)
{
    return unit == StorageUnit::GBHour ? QStringLiteral("GB-hour") : QStringLiteral("GB-month");
}

QJsonObject PriceSheet::toJson() const
{
    QJsonObject storageJson = figureJson(storage);
    storageJson.insert(QStringLiteral("per"), unitName(storageUnit));
    QJsonObject transfer{{QStringLiteral("sameContinent"), figureJson(transferSameContinent)},
                         {QStringLiteral("otherContinent"), figureJson(transferOtherContinent)}};
    if (!transferDestinations.isEmpty()) {
        QJsonArray destinations;
        for (const DestinationPrice& d : transferDestinations) {
            QJsonObject o = figureJson(d.price);
            o.insert(QStringLiteral("to"), d.to);
            destinations.append(o);
        }
        transfer.insert(QStringLiteral("destinations"), destinations);
    }
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("provider"), provider},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("continent"), continent},
                  {QStringLiteral("currency"), currency},
                  {QStringLiteral("storage"), storageJson},
                  {QStringLiteral("transfer"), transfer},
                  {QStringLiteral("egress"), figureJson(egress)},
                  {QStringLiteral("restore"), figureJson(restore)}};
    if (example)
        o.insert(QStringLiteral("example"), true);
    if (!note.isEmpty())
        o.insert(QStringLiteral("note"), note);
    return o;
}

} // namespace Cost
