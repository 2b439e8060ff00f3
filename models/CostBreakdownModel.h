#pragma once

#include "backend/cost/Estimate.h"

#include <QAbstractTableModel>

// An estimate's breakdown as a table: one row per region, then a total row. DisplayRole
// carries money formatted in the estimate's currency ("$0.80"); UnderlyingDataRole the raw
// value (micro-units as qint64, the region id as QString) for sorting and export.
class CostBreakdownModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostBreakdownModel)

public:
    enum Column { RegionColumn, StorageColumn, TransferColumn, TotalColumn, ColumnCount };
    enum Role {
        UnderlyingDataRole = Qt::UserRole,
        IsTotalRowRole, // bool: the last row sums the others
    };

    explicit CostBreakdownModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows (one reset: every row changes at once).
    void setEstimate(const Cost::Estimate& estimate);
    void clear();
    const Cost::Estimate& estimate() const { return m_estimate; }
    bool isEmpty() const { return m_estimate.regions.isEmpty(); }

private:
    QVariant rawValue(int row, int column) const;

    Cost::Estimate m_estimate;
};
