#include "models/PointModel.h"

#include "backend/core/Units.h"
#include "backend/vaults/VaultService.h"

#include <QDir>

#include <algorithm>

namespace {

QString formatTime(const QDateTime& time)
{
    // Sortable and compact; seconds matter little next to the point id, which has them.
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

} // namespace

PointModel::PointModel(Vaults::VaultService* service, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
    if (m_service) {
        connect(m_service, &Vaults::VaultService::pointsChanged, this, [this](const QString& vault) {
            if (vault == m_vault) {
                refresh();
            }
        });
        connect(m_service, &Vaults::VaultService::reloaded, this, &PointModel::refresh);
        connect(m_service, &Vaults::VaultService::vaultRemoved, this, &PointModel::refresh);
    }
}

void PointModel::setVault(const QString& vault)
{
    if (vault == m_vault) {
        return;
    }
    m_vault = vault;
    refresh();
}

void PointModel::refresh()
{
    QList<Vaults::PointRecord> points;
    m_error.clear();
    if (m_service && !m_vault.isEmpty() && m_service->find(m_vault)) {
        Core::Result<QList<Vaults::PointRecord>> listed = m_service->points(m_vault);
        if (listed) {
            points = listed.value();
            std::reverse(points.begin(), points.end()); // the catalog lists oldest first
        } else {
            m_error = listed.error().message();
        }
    }
    beginResetModel();
    m_points = points;
    endResetModel();
}

int PointModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_points.size());
}

int PointModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PointModel::rawValue(const Vaults::PointRecord& point, int column) const
{
    switch (column) {
    case IdColumn:
        return point.id;
    case SourceColumn:
        return point.source;
    case CreatedColumn:
        return point.created;
    case StateColumn:
        return point.state;
    case OriginColumn:
        return point.origin;
    case TierColumn:
        return point.tier;
    case ExpiresColumn:
        return point.expires;
    case LockedColumn:
        return point.locked;
    case LogicalBytesColumn:
        return point.logicalBytes;
    default:
        return {};
    }
}

QVariant PointModel::displayValue(const Vaults::PointRecord& point, int column) const
{
    switch (column) {
    case SourceColumn:
        return QDir::toNativeSeparators(point.source);
    case CreatedColumn:
        return formatTime(point.created);
    case StateColumn:
        return point.state == QLatin1String("complete") ? tr("Complete")
            : point.state == QLatin1String("partial")   ? tr("Partial")
                                                         : point.state;
    case OriginColumn:
        return point.origin == QLatin1String("manual") ? tr("Manual")
            : point.origin == QLatin1String("policy")  ? tr("Policy")
            : point.origin == QLatin1String("replica") ? tr("Replica")
                                                        : point.origin;
    case TierColumn:
        return point.tier == QLatin1String("standard") ? tr("Standard")
            : point.tier == QLatin1String("archive")   ? tr("Archive")
                                                        : point.tier;
    case ExpiresColumn:
        return point.expires.isValid() ? formatTime(point.expires) : tr("Never");
    case LockedColumn:
        return point.locked ? tr("Locked") : QString();
    case LogicalBytesColumn:
        return Core::formatBytes(point.logicalBytes);
    default:
        return rawValue(point, column);
    }
}

QVariant PointModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Vaults::PointRecord& point = m_points.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(point, index.column());
    case Qt::ToolTipRole:
        if (index.column() == SourceColumn) {
            return QDir::toNativeSeparators(point.source);
        }
        if (index.column() == StateColumn && point.state == QLatin1String("partial")) {
            return tr("Some files could not be read when this point was made; %1 were skipped.").arg(point.skipped);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LogicalBytesColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case UnderlyingDataRole:
        return rawValue(point, index.column());
    case PointIdRole:
        return point.id;
    default:
        return {};
    }
}

QVariant PointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case IdColumn:
        return tr("Point");
    case SourceColumn:
        return tr("Source");
    case CreatedColumn:
        return tr("Created");
    case StateColumn:
        return tr("State");
    case OriginColumn:
        return tr("Origin");
    case TierColumn:
        return tr("Tier");
    case ExpiresColumn:
        return tr("Expires");
    case LockedColumn:
        return tr("Lock");
    case LogicalBytesColumn:
        return tr("Size");
    default:
        return {};
    }
}

std::optional<Vaults::PointRecord> PointModel::pointFromIndex(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_points.size()) {
        return std::nullopt;
    }
    return m_points.at(index.row());
}

QModelIndex PointModel::indexFromId(const QString& id, int column) const
{
    for (int row = 0; row < m_points.size(); ++row) {
        if (m_points.at(row).id == id) {
            return index(row, column);
        }
    }
    return {};
}
