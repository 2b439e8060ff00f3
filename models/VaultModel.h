#pragma once

#include "backend/vaults/VaultRecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

#include <optional>

namespace Vaults {
class VaultService;
}

// The workspace's vaults as a table. Rows follow VaultService::vaults() one to one; the
// service's about-to/done signals map onto begin/end row changes.
class VaultModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VaultModel)

public:
    enum Column {
        NameColumn,
        RegionColumn,
        TypeColumn,
        EncryptionColumn,
        PointsColumn,
        StoredBytesColumn,
        RecoveryKeyColumn,
        ReplicationColumn,
        ColumnCount
    };

    enum Role {
        // The raw value (QString, qint64, bool…) for sorting; DisplayRole is formatted.
        UnderlyingDataRole = Qt::UserRole,
        VaultNameRole,
        // True for a managed-key vault whose recovery key was never exported.
        RecoveryKeyMissingRole,
        // The vault's replication role: "source", "target", "" (standalone).
        ReplicationRoleRole,
    };

    // What the Replication column shows for one vault (ReplicationModel::summaries()).
    struct Replication
    {
        QString role; // source | target | empty
        QString text; // e.g. "Source → 1 target · in sync", "Target of db (read-only)"
        QString toolTip;
    };

    explicit VaultModel(Vaults::VaultService* service, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    std::optional<Vaults::VaultRecord> vaultFromIndex(const QModelIndex& index) const;
    QModelIndex indexFromName(const QString& name, int column = NameColumn) const;

    // Replaces the Replication column's content (vault name -> summary).
    void setReplication(const QHash<QString, Replication>& byVault);

    static bool recoveryKeyMissing(const Vaults::VaultRecord& vault);
    static QString encryptionText(const QString& encryption);
    static QString typeText(const QString& type);

private:
    void connectService();
    QVariant rawValue(const Vaults::VaultRecord& vault, int column) const;
    QVariant displayValue(const Vaults::VaultRecord& vault, int column) const;

    QPointer<Vaults::VaultService> m_service;
    QHash<QString, Replication> m_replication;
};
