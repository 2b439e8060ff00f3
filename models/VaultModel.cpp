#include "models/VaultModel.h"

#include "backend/core/Units.h"
#include "backend/vaults/VaultService.h"

#include <QBrush>
#include <QColor>

VaultModel::VaultModel(Vaults::VaultService* service, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
    connectService();
}

void VaultModel::connectService()
{
    if (!m_service) {
        return;
    }
    using Vaults::VaultService;
    connect(m_service, &VaultService::vaultAboutToBeAdded, this, [this](int row) { beginInsertRows({}, row, row); });
    connect(m_service, &VaultService::vaultAdded, this, [this](int) { endInsertRows(); });
    connect(m_service, &VaultService::vaultAboutToBeRemoved, this, [this](int row) { beginRemoveRows({}, row, row); });
    connect(m_service, &VaultService::vaultRemoved, this, [this](int) { endRemoveRows(); });
    connect(m_service, &VaultService::vaultChanged, this,
            [this](int row) { emit dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
    connect(m_service, &VaultService::aboutToReload, this, [this] { beginResetModel(); });
    connect(m_service, &VaultService::reloaded, this, [this] { endResetModel(); });
}

int VaultModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_service ? 0 : int(m_service->vaults().size());
}

int VaultModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool VaultModel::recoveryKeyMissing(const Vaults::VaultRecord& vault)
{
    return vault.encryption == QLatin1String("managed") && !vault.recoveryKeyExported;
}

QString VaultModel::encryptionText(const QString& encryption)
{
    if (encryption == QLatin1String("managed")) {
        return tr("Managed key");
    }
    if (encryption == QLatin1String("customer")) {
        return tr("Customer key");
    }
    return encryption;
}

QString VaultModel::typeText(const QString& type)
{
    if (type == QLatin1String("general")) {
        return tr("General");
    }
    if (type == QLatin1String("replication-target")) {
        return tr("Replication target");
    }
    if (type == QLatin1String("standalone")) {
        return tr("Standalone");
    }
    return type;
}

QVariant VaultModel::rawValue(const Vaults::VaultRecord& vault, int column) const
{
    switch (column) {
    case NameColumn:
        return vault.name;
    case RegionColumn:
        return vault.region;
    case TypeColumn:
        return vault.type;
    case EncryptionColumn:
        return vault.encryption;
    case PointsColumn:
        return vault.points;
    case StoredBytesColumn:
        return vault.storedBytes;
    case RecoveryKeyColumn:
        return vault.recoveryKeyExported;
    case ReplicationColumn:
        return m_replication.value(vault.name).text;
    default:
        return {};
    }
}

QVariant VaultModel::displayValue(const Vaults::VaultRecord& vault, int column) const
{
    switch (column) {
    case TypeColumn:
        return typeText(vault.type);
    case EncryptionColumn:
        return encryptionText(vault.encryption);
    case PointsColumn:
        return QString::number(vault.points);
    case StoredBytesColumn:
        return Core::formatBytes(vault.storedBytes);
    case RecoveryKeyColumn:
        if (vault.encryption != QLatin1String("managed")) {
            return tr("Held by you");
        }
        return vault.recoveryKeyExported ? tr("Exported") : tr("Not exported");
    default:
        return rawValue(vault, column);
    }
}

QVariant VaultModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_service) {
        return {};
    }
    const Vaults::VaultRecord& vault = m_service->vaults().at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(vault, index.column());
    case Qt::ToolTipRole:
        if (index.column() == RecoveryKeyColumn && recoveryKeyMissing(vault)) {
            return tr("Without the recovery key this vault cannot be opened from another workspace. Export it and "
                      "keep it somewhere safe.");
        }
        if (index.column() == ReplicationColumn) {
            return m_replication.value(vault.name).toolTip;
        }
        if (index.column() == NameColumn && !vault.description.isEmpty()) {
            return vault.description;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == RecoveryKeyColumn && recoveryKeyMissing(vault)) {
            return QBrush(QColor(0xb4, 0x53, 0x09)); // amber: needs attention, not an error
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == PointsColumn || index.column() == StoredBytesColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return {};
    case UnderlyingDataRole:
        return rawValue(vault, index.column());
    case VaultNameRole:
        return vault.name;
    case RecoveryKeyMissingRole:
        return recoveryKeyMissing(vault);
    case ReplicationRoleRole:
        return m_replication.value(vault.name).role;
    default:
        return {};
    }
}

QVariant VaultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case RegionColumn:
        return tr("Region");
    case TypeColumn:
        return tr("Type");
    case EncryptionColumn:
        return tr("Encryption");
    case PointsColumn:
        return tr("Points");
    case StoredBytesColumn:
        return tr("Stored");
    case RecoveryKeyColumn:
        return tr("Recovery key");
    case ReplicationColumn:
        return tr("Replication");
    default:
        return {};
    }
}

void VaultModel::setReplication(const QHash<QString, Replication>& byVault)
{
    m_replication = byVault;
    const int rows = rowCount();
    if (rows > 0) {
        emit dataChanged(index(0, ReplicationColumn), index(rows - 1, ReplicationColumn));
    }
}

std::optional<Vaults::VaultRecord> VaultModel::vaultFromIndex(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || !m_service || index.row() >= m_service->vaults().size()) {
        return std::nullopt;
    }
    return m_service->vaults().at(index.row());
}

QModelIndex VaultModel::indexFromName(const QString& name, int column) const
{
    if (!m_service) {
        return {};
    }
    const QList<Vaults::VaultRecord>& vaults = m_service->vaults();
    for (int row = 0; row < vaults.size(); ++row) {
        if (vaults.at(row).name == name) {
            return index(row, column);
        }
    }
    return {};
}
