#pragma once

#include <QSortFilterProxyModel>

// Sorts RegionModel on its raw values and filters rows on a free text that matches the
// name, display name, provider, continent or location (case-insensitive).
class RegionSortFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionSortFilterModel)

public:
    explicit RegionSortFilterModel(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    const QString& filterText() const { return m_filterText; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_filterText;
};
