#pragma once

#include "backend/vaults/PointRecord.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPointer>

#include <optional>

namespace Vaults {
class VaultService;
}

// The backup points of one vault (newest first), read from the catalog through
// VaultService. Re-reads when the service says the vault's points changed or it reloaded.
class PointModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PointModel)

public:
    enum Column {
        IdColumn,
        SourceColumn,
        CreatedColumn,
        StateColumn,
        OriginColumn,
        TierColumn,
        ExpiresColumn,
        LockedColumn,
        LogicalBytesColumn,
        ColumnCount
    };

    enum Role {
        UnderlyingDataRole = Qt::UserRole,
        PointIdRole,
    };

    explicit PointModel(Vaults::VaultService* service, QObject* parent = nullptr);

    // Shows the points of vault (empty: none).
    void setVault(const QString& vault);
    const QString& vault() const { return m_vault; }
    // Re-reads the catalog.
    void refresh();
    // The catalog's error of the last refresh, empty when it worked.
    const QString& lastError() const { return m_error; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    std::optional<Vaults::PointRecord> pointFromIndex(const QModelIndex& index) const;
    QModelIndex indexFromId(const QString& id, int column = IdColumn) const;

private:
    QVariant rawValue(const Vaults::PointRecord& point, int column) const;
    QVariant displayValue(const Vaults::PointRecord& point, int column) const;

    QPointer<Vaults::VaultService> m_service;
    QString m_vault;
    QList<Vaults::PointRecord> m_points;
    QString m_error;
};
