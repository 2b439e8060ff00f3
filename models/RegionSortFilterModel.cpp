#include "models/RegionSortFilterModel.h"

#include "models/RegionModel.h"

RegionSortFilterModel::RegionSortFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RegionModel::UnderlyingDataRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    setDynamicSortFilter(true);
}

void RegionSortFilterModel::setFilterText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText) {
        return;
    }
    m_filterText = trimmed;
    invalidateFilter();
}

bool RegionSortFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_filterText.isEmpty()) {
        return true;
    }
    static constexpr int searched[] = {RegionModel::NameColumn, RegionModel::DisplayNameColumn,
                                       RegionModel::ProviderColumn, RegionModel::ContinentColumn,
                                       RegionModel::LocationColumn};
    for (int column : searched) {
        const QModelIndex index = sourceModel()->index(sourceRow, column, sourceParent);
        const QString value = index.data(RegionModel::UnderlyingDataRole).toString();
        if (value.contains(m_filterText, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

bool RegionSortFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QString l = left.data(sortRole()).toString();
    const QString r = right.data(sortRole()).toString();
    const int order = QString::localeAwareCompare(l.toCaseFolded(), r.toCaseFolded());
    if (order != 0) {
        return order < 0;
    }
    // Ties (same provider, same continent...) fall back to the unique name so the order is stable.
    const QString lName = left.sibling(left.row(), RegionModel::NameColumn).data(sortRole()).toString();
    const QString rName = right.sibling(right.row(), RegionModel::NameColumn).data(sortRole()).toString();
    return lName < rName;
}
