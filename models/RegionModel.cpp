#include "models/RegionModel.h"

#include "backend/regions/RegionService.h"
#include "models/Continents.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>

RegionModel::RegionModel(Regions::RegionService* service, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(service)
{
    connectService();
}

void RegionModel::connectService()
{
    if (!m_service) {
        return;
    }
    using Regions::RegionService;
    connect(m_service, &RegionService::regionAboutToBeAdded, this, [this](int row) { beginInsertRows({}, row, row); });
    connect(m_service, &RegionService::regionAdded, this, [this](int) { endInsertRows(); });
    connect(m_service, &RegionService::regionChanged, this,
            [this](int row) { emit dataChanged(index(row, 0), index(row, ColumnCount - 1)); });
    connect(m_service, &RegionService::regionAboutToBeRemoved, this,
            [this](int row) { beginRemoveRows({}, row, row); });
    connect(m_service, &RegionService::regionRemoved, this, [this](int) { endRemoveRows(); });
    connect(m_service, &RegionService::aboutToReload, this, [this] { beginResetModel(); });
    connect(m_service, &RegionService::reloaded, this, [this] { endResetModel(); });
    // A destroyed service leaves an empty model rather than dangling rows.
    connect(m_service, &QObject::destroyed, this, [this] {
        beginResetModel();
        m_service = nullptr;
        endResetModel();
    });
}

int RegionModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_service) {
        return 0;
    }
    return int(m_service->regions().size());
}

int RegionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RegionModel::kindText(const QString& kind)
{
    if (kind == Regions::Region::kindLocal()) {
        return QCoreApplication::translate("RegionModel", "Local folder");
    }
    if (kind == Regions::Region::kindS3()) {
        return QCoreApplication::translate("RegionModel", "S3 bucket");
    }
    return kind;
}

QString RegionModel::locationText(const Regions::Region& region)
{
    if (region.kind != Regions::Region::kindS3()) {
        return region.location;
    }
    // The bucket says where inside the store; the endpoint's host says which store.
    const QUrl endpoint(region.settings.value(QStringLiteral("endpoint")).toString());
    const QString host
        = endpoint.port() > 0 ? QStringLiteral("%1:%2").arg(endpoint.host()).arg(endpoint.port()) : endpoint.host();
    if (host.isEmpty()) {
        return region.location;
    }
    return tr("%1 at %2").arg(region.location, host);
}

QString RegionModel::toolTip(const Regions::Region& region)
{
    const QString title = region.displayName.isEmpty() ? region.name : region.displayName;
    if (region.kind != Regions::Region::kindS3()) {
        return tr("%1\nLocation: %2").arg(title, region.location);
    }
    // Settings only: the keys live in the secret store and never reach the model.
    const QJsonObject& s = region.settings;
    QString tip = tr("%1\nLocation: %2\nEndpoint: %3\nSigning region: %4\nAddressing: %5")
                      .arg(title, region.location, s.value(QStringLiteral("endpoint")).toString(),
                           s.value(QStringLiteral("signingRegion")).toString(QStringLiteral("us-east-1")),
                           s.value(QStringLiteral("pathStyle")).toBool() ? tr("path-style") : tr("virtual-hosted"));
    if (const QString ca = s.value(QStringLiteral("caFile")).toString(); !ca.isEmpty()) {
        tip += tr("\nCA bundle: %1").arg(ca);
    }
    if (const qint64 limit = s.value(QStringLiteral("bandwidthLimit")).toInteger(0); limit > 0) {
        tip += tr("\nBandwidth limit: %1 MB/s").arg(QLocale().toString(double(limit) / 1e6, 'f', 1));
    }
    if (s.contains(QStringLiteral("maxParallel"))) {
        tip += tr("\nParallel requests: %1").arg(s.value(QStringLiteral("maxParallel")).toInt());
    }
    if (s.contains(QStringLiteral("partSize"))) {
        tip += tr("\nPart size: %1 MiB").arg(s.value(QStringLiteral("partSize")).toInteger() / (1024 * 1024));
    }
    return tip;
}

QVariant RegionModel::rawValue(const Regions::Region& region, int column) const
{
    switch (column) {
    case NameColumn:
        return region.name;
    case DisplayNameColumn:
        return region.displayName;
    case ProviderColumn:
        return region.provider;
    case ContinentColumn:
        return region.continent;
    case KindColumn:
        return region.kind;
    case LocationColumn:
        return region.location;
    case PriceSheetColumn:
        return region.priceSheet;
    default:
        return {};
    }
}

QVariant RegionModel::displayValue(const Regions::Region& region, int column) const
{
    switch (column) {
    case ContinentColumn:
        return Continents::displayName(region.continent);
    case KindColumn:
        return kindText(region.kind);
    case LocationColumn:
        return locationText(region);
    case PriceSheetColumn:
        // An empty price sheet is a choice ("no price"), not missing data: say so.
        return region.priceSheet.isEmpty() ? tr("None") : region.priceSheet;
    default:
        return rawValue(region, column);
    }
}

QVariant RegionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_service) {
        return {};
    }
    const Regions::Region& region = m_service->regions().at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(region, index.column());
    case Qt::EditRole:
    case UnderlyingDataRole:
        return rawValue(region, index.column());
    case RegionNameRole:
        return region.name;
    case Qt::ToolTipRole:
        if (index.column() == LocationColumn || index.column() == NameColumn) {
            return toolTip(region);
        }
        return {};
    default:
        return {};
    }
}

QVariant RegionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DisplayNameColumn:
        return tr("Display name");
    case ProviderColumn:
        return tr("Provider");
    case ContinentColumn:
        return tr("Continent");
    case KindColumn:
        return tr("Kind");
    case LocationColumn:
        return tr("Location");
    case PriceSheetColumn:
        return tr("Price sheet");
    default:
        return {};
    }
}

std::optional<Regions::Region> RegionModel::regionFromIndex(const QModelIndex& index) const
{
    if (!m_service || !index.isValid() || index.model() != this || index.row() >= rowCount()) {
        return std::nullopt;
    }
    return m_service->regions().at(index.row());
}

QModelIndex RegionModel::indexFromName(const QString& name, int column) const
{
    if (!m_service) {
        return {};
    }
    const QList<Regions::Region>& regions = m_service->regions();
    for (int row = 0; row < regions.size(); ++row) {
        if (regions.at(row).name == name) {
            return index(row, column);
        }
    }
    return {};
}
