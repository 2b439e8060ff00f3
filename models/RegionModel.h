#pragma once

#include "backend/regions/Region.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <optional>

namespace Regions {
class RegionService;
}

// The workspace's regions as a table. Rows follow RegionService::regions() one to one;
// the service's about-to/done signals map onto begin/end row changes.
class RegionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionModel)

public:
    enum Column {
        NameColumn,
        DisplayNameColumn,
        ProviderColumn,
        ContinentColumn,
        KindColumn,
        LocationColumn,
        PriceSheetColumn,
        ColumnCount
    };

    enum Role {
        // The raw value (a QString), for sorting and filtering; DisplayRole is formatted.
        UnderlyingDataRole = Qt::UserRole,
        RegionNameRole,
    };

    explicit RegionModel(Regions::RegionService* service, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    std::optional<Regions::Region> regionFromIndex(const QModelIndex& index) const;
    QModelIndex indexFromName(const QString& name, int column = NameColumn) const;

    static QString kindText(const QString& kind);
    // The Location column's text: the folder, or "s3://bucket/prefix at host:port".
    static QString locationText(const Regions::Region& region);
    static QString toolTip(const Regions::Region& region);

private:
    void connectService();
    QVariant rawValue(const Regions::Region& region, int column) const;
    QVariant displayValue(const Regions::Region& region, int column) const;

    QPointer<Regions::RegionService> m_service;
};
