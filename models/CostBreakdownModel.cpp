#include "models/CostBreakdownModel.h"

#include "backend/cost/Money.h"

#include <QFont>

CostBreakdownModel::CostBreakdownModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int CostBreakdownModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || m_estimate.regions.isEmpty())
        return 0;
    return int(m_estimate.regions.size()) + 1;
}

int CostBreakdownModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CostBreakdownModel::rawValue(int row, int column) const
{
    const bool total = row == m_estimate.regions.size();
    if (total) {
        switch (column) {
        case RegionColumn:
            return QString();
        case StorageColumn:
            return m_estimate.storage;
        case TransferColumn:
            return m_estimate.transfer;
        case TotalColumn:
            return m_estimate.total();
        default:
            return {};
        }
    }
    const Cost::RegionEstimate& r = m_estimate.regions.at(row);
    switch (column) {
    case RegionColumn:
        return r.region;
    case StorageColumn:
        return r.storage;
    case TransferColumn:
        return r.transfer;
    case TotalColumn:
        return r.total();
    default:
        return {};
    }
}

QVariant CostBreakdownModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const bool total = row == m_estimate.regions.size();
    switch (role) {
    case UnderlyingDataRole:
        return rawValue(row, column);
    case IsTotalRowRole:
        return total;
    case Qt::DisplayRole:
        if (column == RegionColumn) {
            if (total)
                return m_estimate.months == 1 ? tr("Total (1 month)") : tr("Total (%1 months)").arg(m_estimate.months);
            const Cost::RegionEstimate& r = m_estimate.regions.at(row);
            return r.isSource ? tr("%1 (source)").arg(r.region) : r.region;
        }
        return Cost::Money::formatWithCurrency(rawValue(row, column).toLongLong(), m_estimate.currency);
    case Qt::ToolTipRole:
        if (!total && column == TransferColumn) {
            const Cost::RegionEstimate& r = m_estimate.regions.at(row);
            return tr("%1 per GB (%2)")
                .arg(Cost::Money::formatWithCurrency(r.transferPricePerGB, m_estimate.currency, 4), r.transferKind);
        }
        if (!total && column == StorageColumn) {
            const Cost::RegionEstimate& r = m_estimate.regions.at(row);
            return tr("%1 per GB-month; %2 bytes stored once retention (%3 days) has filled")
                .arg(Cost::Money::formatWithCurrency(r.storagePricePerGBMonth, m_estimate.currency, 4))
                .arg(r.steadyStoredBytes)
                .arg(r.retentionDays);
        }
        return {};
    case Qt::TextAlignmentRole:
        return column == RegionColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (total) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant CostBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RegionColumn:
        return tr("Region");
    case StorageColumn:
        return tr("Storage");
    case TransferColumn:
        return tr("Transfer");
    case TotalColumn:
        return tr("Total");
    default:
        return {};
    }
}

void CostBreakdownModel::setEstimate(const Cost::Estimate& estimate)
{
    beginResetModel();
    m_estimate = estimate;
    endResetModel();
}

void CostBreakdownModel::clear()
{
    setEstimate(Cost::Estimate{});
}
