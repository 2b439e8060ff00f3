#pragma once

#include "backend/core/Result.h"
#include "backend/cost/PriceSheet.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cost {

// The price sheets Crossvault knows: the defaults shipped as a resource
// (resources/prices/default-prices.json) with the workspace's own edits on top
// (<workspace>/prices.json, sheets replacing defaults of the same id or adding new ones).
//
// Price file format (version 1), amounts as decimal strings (numbers are accepted too) in
// the sheet's currency per GB = 10^9 bytes:
//   {"version":1,"sheets":[{"id":"gcp/us-west1","provider":"gcp","name":"Oregon",
//     "continent":"North America","currency":"USD",
//     "storage":{"price":"0.02","per":"GB-month","source":"…","date":"2024-12-02"},
//     "transfer":{"sameContinent":{"price":"0.02"},"otherContinent":{"price":"0.08"},
//                 "destinations":[{"to":"gcp/asia-east1","price":"0.08"}]},
//     "egress":{"price":"0.12"},"restore":{"price":"0"},"example":false}]}
// A malformed file is refused with its line and the field's path.
class PriceCatalog final
{
public:
    static QString defaultsResource() { return QStringLiteral(":/backend/prices/default-prices.json"); }
    static QString overridesFileName() { return QStringLiteral("prices.json"); }

    // Defaults plus the overrides file at overridesPath (missing file: no overrides).
    static Core::Result<PriceCatalog> load(const QString& overridesPath = {});
    // Defaults only; an empty catalog with an error if the resource is broken (a build bug).
    static Core::Result<PriceCatalog> defaults();

    // Parses a price file; origin names it in messages ("prices.json").
    static Core::Result<QList<PriceSheet>> parse(const QByteArray& json, const QString& origin);
    static QByteArray serialize(const QList<PriceSheet>& sheets);
    // Checks one sheet's fields (used for edits in the console); names the field.
    static Core::Status validate(const PriceSheet& sheet);

    // Effective sheets, sorted by id.
    const QList<PriceSheet>& sheets() const { return m_effective; }
    const PriceSheet* find(const QString& id) const;
    QStringList ids() const;
    bool isOverridden(const QString& id) const;
    bool isDefault(const QString& id) const;
    const QString& overridesPath() const { return m_overridesPath; }

    // Edits kept in the overrides file (saved at once when it has a path).
    Core::Status setOverride(const PriceSheet& sheet);
    // Drops a workspace edit: a default sheet comes back, an added sheet disappears.
    Core::Status removeOverride(const QString& id);
    // Reads a price file and keeps its sheets as overrides; returns how many.
    Core::Result<int> importFile(const QString& path);
    // Writes the effective sheets (all, or the ids given) as a price file.
    Core::Status exportFile(const QString& path, const QStringList& ids = {}) const;

private:
    Core::Status saveOverrides() const;
    void rebuild();

    QList<PriceSheet> m_defaults;
    QList<PriceSheet> m_overrides;
    QList<PriceSheet> m_effective;
    QString m_overridesPath;
};

} // namespace Cost
