#include "backend/regions/RegionService.h"

#include "backend/catalog/Catalog.h"
#include "backend/core/SecretStore.h"
#include "backend/core/Workspace.h"
#include "backend/regions/RegionRepository.h"
#include "backend/regions/S3Location.h"
#include "backend/storage/ObjectStore.h"
#include "backend/storage/ObjectStoreFactory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>

namespace Regions {

namespace {

const QStringList& continents()
{
    static const QStringList all
        = {QStringLiteral("Africa"),        QStringLiteral("Asia"),          QStringLiteral("Europe"),
           QStringLiteral("North America"), QStringLiteral("South America"), QStringLiteral("Oceania"),
           QStringLiteral("Antarctica")};
    return all;
}

Core::Error invalid(const QString& message)
{
    return Core::fail(Core::ErrorCode::InvalidInput, message);
}

} // namespace

RegionService::RegionService(Core::Workspace& workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    if (auto loaded = loadAll())
        m_regions = loaded.value();
}

RegionService::~RegionService() = default;

QString RegionService::secretId(const QString& regionName, const QString& what)
{
    return QStringLiteral("region.") + regionName + QLatin1Char('.') + what;
}

QStringList RegionService::knownContinents()
{
    return continents();
}

Core::Result<QList<Region>> RegionService::loadAll() const
{
    return RegionRepository(m_workspace.catalog()).all();
}

std::optional<Region> RegionService::find(const QString& name) const
{
    const int row = rowFor(name);
    if (row < 0)
        return std::nullopt;
    return m_regions.at(row);
}

int RegionService::rowFor(const QString& name) const
{
    for (int i = 0; i < m_regions.size(); ++i)
        if (m_regions.at(i).name == name)
            return i;
    return -1;
}

Core::Status RegionService::validate(const Region& region, bool isNew) const
{
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9][a-z0-9-]{0,62}$"));
    if (region.name.isEmpty())
        return invalid(QCoreApplication::translate("Regions", "Name: a region needs a name."));
    if (!namePattern.match(region.name).hasMatch())
        return invalid(
            QCoreApplication::translate(
                "Regions",
                "Name: '%1' is not a valid region name; use lowercase letters, digits and '-', starting with a letter "
                "or digit, at most 63 characters.")
                .arg(region.name));
    if (isNew && rowFor(region.name) >= 0)
        return Core::fail(
            Core::ErrorCode::AlreadyExists,
            QCoreApplication::translate("Regions", "Name: a region named '%1' already exists.").arg(region.name));
    if (!isNew && rowFor(region.name) < 0)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(region.name));
    if (region.displayName.size() > 100)
        return invalid(QCoreApplication::translate("Regions", "Display name: at most 100 characters."));
    if (!region.continent.isEmpty() && !continents().contains(region.continent))
        return invalid(QCoreApplication::translate("Regions", "Continent: '%1' is not one of %2.")
                           .arg(region.continent, continents().join(QStringLiteral(", "))));
    static const QRegularExpression sheetPattern(QStringLiteral("^[a-z0-9-]+/[a-z0-9-]+$"));
    if (!region.priceSheet.isEmpty() && !sheetPattern.match(region.priceSheet).hasMatch())
        return invalid(
            QCoreApplication::translate("Regions", "Price sheet: '%1' is not a price sheet id such as gcp/us-west1.")
                .arg(region.priceSheet));

    if (region.kind == Region::kindLocal()) {
        if (region.location.isEmpty())
            return invalid(QCoreApplication::translate("Regions", "Folder: a local region needs a folder."));
        if (QDir::isRelativePath(region.location))
            return invalid(
                QCoreApplication::translate("Regions", "Folder: '%1' is not an absolute path.").arg(region.location));
        if (isNew) {
            for (const Region& other : m_regions)
                if (other.kind == Region::kindLocal()
                    && QDir::cleanPath(other.location) == QDir::cleanPath(region.location))
                    return invalid(QCoreApplication::translate("Regions", "Folder: the region '%1' already uses %2.")
                                       .arg(other.name, region.location));
        }
    } else if (region.kind == Region::kindS3()) {
        if (auto s = S3Location::check(region.settings); !s)
            return s;
    } else {
        return invalid(QCoreApplication::translate("Regions", "Kind: '%1' is not a storage kind; use local or s3.")
                           .arg(region.kind));
    }
    return {};
}

Core::Status RegionService::checkLocation(const Region& region, const RegionSecrets& secrets,
                                          const LocationStepReport& report)
{
    if (region.kind == Region::kindLocal()) {
        const QFileInfo info(region.location);
        if (info.exists() && !info.isDir())
            return invalid(
                QCoreApplication::translate("Regions", "Folder: %1 is a file, not a folder.").arg(region.location));
        if (!QDir().mkpath(region.location))
            return Core::fail(
                Core::ErrorCode::Io,
                QCoreApplication::translate("Regions",
                                            "Folder: cannot create %1 (check the parent folder's permissions and that "
                                            "the mount is present).")
                    .arg(region.location));
    }
    auto store = Storage::openObjectStore(region, secrets);
    if (!store)
        return store.error();
    auto probed = store.value()->probe(report);
    if (!probed)
        return probed.error().withContext(
            QCoreApplication::translate("Regions", "%1 is not usable: ").arg(store.value()->describe()));
    return {};
}

Core::Result<Region> RegionService::add(Region region, const RegionSecrets& secrets, LocationCheck check)
{
    if (region.kind == Region::kindLocal())
        region.location = QDir::cleanPath(region.location);
    if (region.kind == Region::kindS3() && region.location.isEmpty())
        region.location = S3Location::locationOf(region.settings);
    if (auto s = validate(region, true); !s)
        return s.error();
    if (region.kind == Region::kindS3() && (secrets.accessKey.isEmpty() || secrets.secretKey.isEmpty()))
        return invalid(
            secrets.accessKey.isEmpty()
                ? QCoreApplication::translate("Regions", "Access key: an S3 region needs its access key ID.")
                : QCoreApplication::translate("Regions", "Secret key: an S3 region needs its secret access key."));
    if (check == LocationCheck::Run) {
        if (auto s = checkLocation(region, secrets); !s)
            return s.error();
    }

    auto& catalog = m_workspace.catalog();
    RegionRepository repo(catalog);
    Core::Result<Region> stored = region;
    Core::Status s = catalog.transaction([&]() -> Core::Status {
        stored = repo.insert(region);
        if (!stored)
            return stored.error();
        if (region.kind == Region::kindS3()) {
            if (auto k
                = m_workspace.secrets().store(secretId(region.name, QStringLiteral("access-key")), secrets.accessKey);
                !k)
                return k;
            if (auto k
                = m_workspace.secrets().store(secretId(region.name, QStringLiteral("secret-key")), secrets.secretKey);
                !k)
                return k;
        }
        return {};
    });
    if (!s)
        return s.error();

    int row = 0;
    while (row < m_regions.size() && m_regions.at(row).name < region.name)
        ++row;
    emit regionAboutToBeAdded(row);
    m_regions.insert(row, stored.value());
    emit regionAdded(row);
    return stored;
}

Core::Status RegionService::update(const Region& region)
{
    const int row = rowFor(region.name);
    if (row < 0)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(region.name));
    Region merged = m_regions.at(row);
    merged.displayName = region.displayName;
    merged.provider = region.provider;
    merged.continent = region.continent;
    merged.priceSheet = region.priceSheet;
    if (merged.kind == Region::kindS3()) {
        // Transfer tuning may change; endpoint, bucket and prefix identify the data and stay.
        for (const QString& key : S3Location::transferKeys()) {
            if (region.settings.contains(key))
                merged.settings.insert(key, region.settings.value(key));
            else
                merged.settings.remove(key);
        }
    }
    if (auto s = validate(merged, false); !s)
        return s;
    if (auto s = RegionRepository(m_workspace.catalog()).update(merged); !s)
        return s;
    m_regions[row] = merged;
    emit regionChanged(row);
    return {};
}

Core::Status RegionService::replaceSecrets(const QString& name, const RegionSecrets& secrets)
{
    const auto region = find(name);
    if (!region)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(name));
    if (region->kind != Region::kindS3())
        return invalid(
            QCoreApplication::translate("Regions", "The region '%1' is a local folder; it has no keys.").arg(name));
    Core::SecretStore& store = m_workspace.secrets();
    const QString accessId = secretId(name, QStringLiteral("access-key"));
    const QString secretKeyId = secretId(name, QStringLiteral("secret-key"));
    // The two keys are a pair: when the second cannot be stored, the first goes back to what
    // it was, so the region never holds a new access key with an old secret key.
    const Core::Result<QByteArray> oldAccess = store.load(accessId);
    if (!secrets.accessKey.isEmpty())
        if (auto s = store.store(accessId, secrets.accessKey); !s)
            return s;
    if (!secrets.secretKey.isEmpty()) {
        if (auto s = store.store(secretKeyId, secrets.secretKey); !s) {
            if (!secrets.accessKey.isEmpty() && oldAccess)
                (void)store.store(accessId, oldAccess.value());
            return s;
        }
    }
    return {};
}

bool RegionService::hasStoredSecrets(const QString& name) const
{
    return m_workspace.secrets().contains(secretId(name, QStringLiteral("access-key")))
        && m_workspace.secrets().contains(secretId(name, QStringLiteral("secret-key")));
}

int RegionService::vaultCount(const QString& name) const
{
    QSqlQuery q(m_workspace.catalog().database());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'vaults'"))
        || !q.next() || q.value(0).toInt() == 0)
        return 0;
    q.finish();
    q.prepare(QStringLiteral("SELECT count(*) FROM vaults WHERE region = ?"));
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return 0;
    return q.value(0).toInt();
}

Core::Status RegionService::remove(const QString& name)
{
    const int row = rowFor(name);
    if (row < 0)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(name));
    if (const int vaults = vaultCount(name); vaults > 0)
        return Core::fail(Core::ErrorCode::Refused,
                          QCoreApplication::translate(
                              "Regions",
                              "The region '%1' holds %n vault(s); delete or move them before removing the region.",
                              nullptr, vaults)
                              .arg(name));
    auto& catalog = m_workspace.catalog();
    Core::Status s = catalog.transaction([&]() -> Core::Status {
        if (auto r = RegionRepository(catalog).remove(name); !r)
            return r;
        (void)m_workspace.secrets().remove(secretId(name, QStringLiteral("access-key")));
        (void)m_workspace.secrets().remove(secretId(name, QStringLiteral("secret-key")));
        return {};
    });
    if (!s)
        return s;
    emit regionAboutToBeRemoved(row);
    m_regions.removeAt(row);
    emit regionRemoved(row);
    return {};
}

Core::Result<RegionSecrets> RegionService::secretsFor(const QString& name) const
{
    RegionSecrets secrets;
    const auto region = find(name);
    if (!region)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(name));
    if (region->kind != Region::kindS3())
        return secrets;
    auto access = m_workspace.secrets().load(secretId(name, QStringLiteral("access-key")));
    auto secret = m_workspace.secrets().load(secretId(name, QStringLiteral("secret-key")));
    for (const auto* loaded : {&access, &secret}) {
        if (!*loaded && loaded->error().code() != Core::ErrorCode::NotFound)
            return loaded->error(); // e.g. the keyring is locked or unreachable: say that
    }
    if (!access || !secret)
        return Core::fail(
            Core::ErrorCode::NotFound,
            QCoreApplication::translate(
                "Regions", "The credentials of region '%1' are missing from this workspace; add the region again.")
                .arg(name));
    secrets.accessKey = access.value();
    secrets.secretKey = secret.value();
    return secrets;
}

Core::Result<std::unique_ptr<Storage::ObjectStore>> RegionService::openStore(const QString& name) const
{
    const auto region = find(name);
    if (!region)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Regions", "There is no region named '%1'.").arg(name));
    auto secrets = secretsFor(name);
    if (!secrets)
        return secrets.error();
    return Storage::openObjectStore(*region, secrets.value());
}

void RegionService::reload()
{
    auto loaded = loadAll();
    if (!loaded)
        return;
    emit aboutToReload();
    m_regions = loaded.value();
    emit reloaded();
}

QList<Region> defaultRegions(const QString& workspacePath)
{
    Region east;
    east.name = QStringLiteral("local-east");
    east.displayName = QCoreApplication::translate("Regions", "Local East (embedded default)");
    east.provider = QStringLiteral("local");
    east.continent = QStringLiteral("Asia");
    east.kind = Region::kindLocal();
    east.location = workspacePath + QStringLiteral("/regions/local-east");

    Region west = east;
    west.name = QStringLiteral("local-west");
    west.displayName = QCoreApplication::translate("Regions", "Local West (embedded default)");
    west.continent = QStringLiteral("Europe");
    west.location = workspacePath + QStringLiteral("/regions/local-west");
    return {east, west};
}

} // namespace Regions
