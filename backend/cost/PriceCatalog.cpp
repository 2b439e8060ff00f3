#include "backend/cost/PriceCatalog.h"

#include "backend/cost/JsonLineIndex.h"
#include "backend/cost/Money.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <algorithm>

namespace Cost {

namespace {

bool validId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"));
    return re.match(id).hasMatch();
}

bool validCurrency(const QString& currency)
{
    static const QRegularExpression re(QStringLiteral("^[A-Z]{3}$"));
    return re.match(currency).hasMatch();
}

// Reads the sheets of one file, remembering the first error with its line and field.
class SheetReader final
{
public:
    SheetReader(const QByteArray& json, QString origin)
        : m_index(json)
        , m_origin(std::move(origin))
    {
    }

    Core::Error error(const QString& path, const QString& message) const
    {
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cost::PriceCatalog", "%1 line %2, field %3: %4").arg(m_origin).arg(m_index.lineOf(path)).arg(path, message));
    }

    Core::Result<QString> text(const QJsonObject& o, const QString& path, const QString& key, bool required) const
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                return error(path, QCoreApplication::translate("Cost::PriceCatalog", "'%1' is missing.").arg(key));
            return QString();
        }
        if (!v.isString())
            return error(path + QLatin1Char('.') + key, QCoreApplication::translate("Cost::PriceCatalog", "must be a string."));
        return v.toString();
    }

    Core::Result<PriceFigure> figure(const QJsonObject& parent, const QString& parentPath, const QString& key,
                                     bool required) const
    {
        const QString path = parentPath + QLatin1Char('.') + key;
        const QJsonValue v = parent.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required)
                return error(parentPath, QCoreApplication::translate("Cost::PriceCatalog", "'%1' is missing.").arg(key));
            return PriceFigure{};
        }
        if (!v.isObject())
            return error(path, QCoreApplication::translate("Cost::PriceCatalog", "must be an object such as {\"price\": \"0.02\"}."));
        return figureOf(v.toObject(), path);
    }

    Core::Result<PriceFigure> figureOf(const QJsonObject& o, const QString& path) const
    {
        PriceFigure f;
        const QJsonValue price = o.value(QStringLiteral("price"));
        const QString pricePath = path + QStringLiteral(".price");
        QString priceText;
        if (price.isString())
            priceText = price.toString();
        else if (price.isDouble())
            // Shortest text that reads back as the same double: "0.02", not 0.0200000000000000004.
            priceText = QString::number(price.toDouble(), 'f', QLocale::FloatingPointShortest);
        else if (price.isUndefined())
            return error(path, QCoreApplication::translate("Cost::PriceCatalog", "'price' is missing."));
        else
            return error(pricePath, QCoreApplication::translate("Cost::PriceCatalog", "must be a decimal amount such as \"0.02\"."));
        auto micros = Money::parse(priceText, pricePath);
        if (!micros)
            return error(pricePath, QCoreApplication::translate("Cost::PriceCatalog", "'%1' is not a non-negative amount with at most six decimals.").arg(priceText));
        f.micros = micros.value();
        auto source = text(o, path, QStringLiteral("source"), false);
        if (!source)
            return source.error();
        auto date = text(o, path, QStringLiteral("date"), false);
        if (!date)
            return date.error();
        f.source = source.value();
        f.date = date.value();
        return f;
    }

    Core::Result<PriceSheet> sheet(const QJsonObject& o, const QString& path) const
    {
        PriceSheet s;
        auto id = text(o, path, QStringLiteral("id"), true);
        if (!id)
            return id.error();
        if (!validId(id.value()))
            return error(path + QStringLiteral(".id"),
                         QCoreApplication::translate("Cost::PriceCatalog", "'%1' is not a sheet id; use provider/region in lower case, e.g. gcp/us-west1.").arg(id.value()));
        s.id = id.value();
        s.provider = s.id.section(QLatin1Char('/'), 0, 0);
        auto provider = text(o, path, QStringLiteral("provider"), false);
        if (!provider)
            return provider.error();
        if (!provider.value().isEmpty() && provider.value() != s.provider)
            return error(path + QStringLiteral(".provider"),
                         QCoreApplication::translate("Cost::PriceCatalog", "'%1' does not match the id's provider '%2'.").arg(provider.value(), s.provider));
        auto name = text(o, path, QStringLiteral("name"), false);
        if (!name)
            return name.error();
        s.name = name.value();
        auto continent = text(o, path, QStringLiteral("continent"), true);
        if (!continent)
            return continent.error();
        if (continent.value().trimmed().isEmpty())
            return error(path + QStringLiteral(".continent"), QCoreApplication::translate("Cost::PriceCatalog", "must not be empty."));
        s.continent = continent.value();
        auto currency = text(o, path, QStringLiteral("currency"), true);
        if (!currency)
            return currency.error();
        if (!validCurrency(currency.value()))
            return error(path + QStringLiteral(".currency"),
                         QCoreApplication::translate("Cost::PriceCatalog", "'%1' is not an ISO 4217 code such as USD.").arg(currency.value()));
        s.currency = currency.value();
        const QJsonValue example = o.value(QStringLiteral("example"));
        if (!example.isUndefined() && !example.isBool())
            return error(path + QStringLiteral(".example"), QCoreApplication::translate("Cost::PriceCatalog", "must be true or false."));
        s.example = example.toBool(false);
        auto note = text(o, path, QStringLiteral("note"), false);
        if (!note)
            return note.error();
        s.note = note.value();

        auto storage = figure(o, path, QStringLiteral("storage"), true);
        if (!storage)
            return storage.error();
        s.storage = storage.value();
        const QString storagePath = path + QStringLiteral(".storage");
        const QJsonValue per = o.value(QStringLiteral("storage")).toObject().value(QStringLiteral("per"));
        if (per.isUndefined() || per.toString() == QLatin1String("GB-month"))
            s.storageUnit = PriceSheet::StorageUnit::GBMonth;
        else if (per.toString() == QLatin1String("GB-hour"))
            s.storageUnit = PriceSheet::StorageUnit::GBHour;
        else
            return error(storagePath + QStringLiteral(".per"), QCoreApplication::translate("Cost::PriceCatalog", "must be \"GB-month\" or \"GB-hour\"."));

        const QString transferPath = path + QStringLiteral(".transfer");
        const QJsonValue transferValue = o.value(QStringLiteral("transfer"));
        if (transferValue.isUndefined())
            return error(path, QCoreApplication::translate("Cost::PriceCatalog", "'transfer' is missing."));
        if (!transferValue.isObject())
            return error(transferPath, QCoreApplication::translate("Cost::PriceCatalog", "must be an object with sameContinent and otherContinent."));
        const QJsonObject transfer = transferValue.toObject();
        auto same = figure(transfer, transferPath, QStringLiteral("sameContinent"), true);
        if (!same)
            return same.error();
        auto other = figure(transfer, transferPath, QStringLiteral("otherContinent"), true);
        if (!other)
            return other.error();
        s.transferSameContinent = same.value();
        s.transferOtherContinent = other.value();
        const QJsonValue destinations = transfer.value(QStringLiteral("destinations"));
        if (!destinations.isUndefined()) {
            const QString destinationsPath = transferPath + QStringLiteral(".destinations");
            if (!destinations.isArray())
                return error(destinationsPath, QCoreApplication::translate("Cost::PriceCatalog", "must be a list of {\"to\": id, \"price\": amount}."));
            const QJsonArray list = destinations.toArray();
            for (qsizetype i = 0; i < list.size(); ++i) {
                const QString itemPath = destinationsPath + QStringLiteral("[%1]").arg(i);
                if (!list.at(i).isObject())
                    return error(itemPath, QCoreApplication::translate("Cost::PriceCatalog", "must be an object {\"to\": id, \"price\": amount}."));
                const QJsonObject item = list.at(i).toObject();
                auto to = text(item, itemPath, QStringLiteral("to"), true);
                if (!to)
                    return to.error();
                if (!validId(to.value()))
                    return error(itemPath + QStringLiteral(".to"), QCoreApplication::translate("Cost::PriceCatalog", "'%1' is not a sheet id.").arg(to.value()));
                auto price = figureOf(item, itemPath);
                if (!price)
                    return price.error();
                s.transferDestinations.append(DestinationPrice{to.value(), price.value()});
            }
        }
        auto egress = figure(o, path, QStringLiteral("egress"), true);
        if (!egress)
            return egress.error();
        s.egress = egress.value();
        auto restore = figure(o, path, QStringLiteral("restore"), false);
        if (!restore)
            return restore.error();
        s.restore = restore.value();
        return s;
    }

private:
    JsonLineIndex m_index;
    QString m_origin;
};

Core::Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Core::fail(file.exists() ? Core::ErrorCode::Io : Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Cost::PriceCatalog", "Cannot read price file %1: %2").arg(path, file.errorString()));
    return file.readAll();
}

Core::Status writeFile(const QString& path, const QByteArray& data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return Core::fail(Core::ErrorCode::Io, QCoreApplication::translate("Cost::PriceCatalog", "Cannot write price file %1: %2").arg(path, file.errorString()));
    return {};
}

} // namespace

Core::Result<QList<PriceSheet>> PriceCatalog::parse(const QByteArray& json, const QString& origin)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cost::PriceCatalog", "%1 line %2: not valid JSON (%3).")
                              .arg(origin)
                              .arg(JsonLineIndex::lineAt(json, parseError.offset))
                              .arg(parseError.errorString()));
    SheetReader reader(json, origin);
    if (!doc.isObject())
        return reader.error(QString(), QCoreApplication::translate("Cost::PriceCatalog", "the file must hold an object {\"version\": 1, \"sheets\": [...]}."));
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isUndefined() && version.toInt(-1) != 1)
        return reader.error(QStringLiteral("version"), QCoreApplication::translate("Cost::PriceCatalog", "only version 1 is understood."));
    const QJsonValue sheetsValue = root.value(QStringLiteral("sheets"));
    if (!sheetsValue.isArray())
        return reader.error(QStringLiteral("sheets"), QCoreApplication::translate("Cost::PriceCatalog", "must be a list of price sheets."));
    const QJsonArray sheets = sheetsValue.toArray();
    QList<PriceSheet> result;
    QSet<QString> seen;
    for (qsizetype i = 0; i < sheets.size(); ++i) {
        const QString path = QStringLiteral("sheets[%1]").arg(i);
        if (!sheets.at(i).isObject())
            return reader.error(path, QCoreApplication::translate("Cost::PriceCatalog", "must be an object."));
        auto sheet = reader.sheet(sheets.at(i).toObject(), path);
        if (!sheet)
            return sheet.error();
        if (seen.contains(sheet->id))
            return reader.error(path + QStringLiteral(".id"), QCoreApplication::translate("Cost::PriceCatalog", "'%1' appears twice.").arg(sheet->id));
        seen.insert(sheet->id);
        result.append(sheet.value());
    }
    return result;
}

QByteArray PriceCatalog::serialize(const QList<PriceSheet>& sheets)
{
    QJsonArray list;
    for (const PriceSheet& s : sheets)
        list.append(s.toJson());
    const QJsonObject root{{QStringLiteral("version"), 1},
                           {QStringLiteral("unit"), QStringLiteral("prices per GB = 10^9 bytes; 730 hours a month")},
                           {QStringLiteral("sheets"), list}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Core::Status PriceCatalog::validate(const PriceSheet& sheet)
{
    // Round-trip through the parser so edits obey exactly the file rules.
    auto parsed = parse(serialize({sheet}), QCoreApplication::translate("Cost::PriceCatalog", "price sheet"));
    if (!parsed)
        return parsed.error();
    return {};
}

Core::Result<PriceCatalog> PriceCatalog::defaults()
{
    auto data = readFile(defaultsResource());
    if (!data)
        return data.error();
    auto sheets = parse(data.value(), QStringLiteral("default-prices.json"));
    if (!sheets)
        return sheets.error();
    PriceCatalog catalog;
    catalog.m_defaults = sheets.value();
    catalog.rebuild();
    return catalog;
}

Core::Result<PriceCatalog> PriceCatalog::load(const QString& overridesPath)
{
    auto catalog = defaults();
    if (!catalog)
        return catalog.error();
    catalog->m_overridesPath = overridesPath;
    if (!overridesPath.isEmpty() && QFileInfo::exists(overridesPath)) {
        auto data = readFile(overridesPath);
        if (!data)
            return data.error();
        auto sheets = parse(data.value(), overridesPath);
        if (!sheets)
            return sheets.error();
        catalog->m_overrides = sheets.value();
        catalog->rebuild();
    }
    return catalog;
}

void PriceCatalog::rebuild()
{
    m_effective = m_overrides;
    for (const PriceSheet& d : std::as_const(m_defaults)) {
        if (!isOverridden(d.id))
            m_effective.append(d);
    }
    std::sort(m_effective.begin(), m_effective.end(),
              [](const PriceSheet& a, const PriceSheet& b) { return a.id < b.id; });
}

const PriceSheet* PriceCatalog::find(const QString& id) const
{
    for (const PriceSheet& s : m_effective) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QStringList PriceCatalog::ids() const
{
    QStringList result;
    for (const PriceSheet& s : m_effective)
        result.append(s.id);
    return result;
}

bool PriceCatalog::isOverridden(const QString& id) const
{
    return std::any_of(m_overrides.cbegin(), m_overrides.cend(), [&](const PriceSheet& s) { return s.id == id; });
}

bool PriceCatalog::isDefault(const QString& id) const
{
    return std::any_of(m_defaults.cbegin(), m_defaults.cend(), [&](const PriceSheet& s) { return s.id == id; });
}

Core::Status PriceCatalog::setOverride(const PriceSheet& sheet)
{
    if (Core::Status valid = validate(sheet); !valid)
        return valid;
    auto it = std::find_if(m_overrides.begin(), m_overrides.end(), [&](const PriceSheet& s) { return s.id == sheet.id; });
    if (it != m_overrides.end())
        *it = sheet;
    else
        m_overrides.append(sheet);
    rebuild();
    return saveOverrides();
}

Core::Status PriceCatalog::removeOverride(const QString& id)
{
    const auto removed = m_overrides.removeIf([&](const PriceSheet& s) { return s.id == id; });
    if (removed == 0)
        return Core::fail(Core::ErrorCode::NotFound, QCoreApplication::translate("Cost::PriceCatalog", "Price sheet '%1' has no workspace edit.").arg(id));
    rebuild();
    return saveOverrides();
}

Core::Result<int> PriceCatalog::importFile(const QString& path)
{
    auto data = readFile(path);
    if (!data)
        return data.error();
    auto sheets = parse(data.value(), QFileInfo(path).fileName());
    if (!sheets)
        return sheets.error();
    for (const PriceSheet& sheet : sheets.value()) {
        m_overrides.removeIf([&](const PriceSheet& s) { return s.id == sheet.id; });
        m_overrides.append(sheet);
    }
    rebuild();
    if (Core::Status saved = saveOverrides(); !saved)
        return saved.error();
    return int(sheets->size());
}

Core::Status PriceCatalog::exportFile(const QString& path, const QStringList& ids) const
{
    QList<PriceSheet> chosen;
    for (const QString& id : ids) {
        const PriceSheet* s = find(id);
        if (!s)
            return Core::fail(Core::ErrorCode::NotFound, QCoreApplication::translate("Cost::PriceCatalog", "No price sheet '%1'.").arg(id));
        chosen.append(*s);
    }
    return writeFile(path, serialize(ids.isEmpty() ? m_effective : chosen));
}

Core::Status PriceCatalog::saveOverrides() const
{
    if (m_overridesPath.isEmpty())
        return {};
    return writeFile(m_overridesPath, serialize(m_overrides));
}

} // namespace Cost
