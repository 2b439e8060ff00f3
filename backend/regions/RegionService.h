#pragma once

#include "backend/core/Result.h"
#include "backend/regions/Region.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace Core {
class Workspace;
}
namespace Storage {
class ObjectStore;
}

namespace Regions {

// Secrets given when a region is added (S3 keys); kept in the workspace's SecretStore,
// never in the catalog.
struct RegionSecrets
{
    QByteArray accessKey;
    QByteArray secretKey;
};

// Whether add() checks the location itself or the caller already did (on a worker, with the
// same region and secrets), so that the GUI thread never waits for the network.
enum class LocationCheck { Run, AlreadyDone };

// One step of a location check ("write a probe object") and whether it passed.
using LocationStepReport = std::function<void(const QString& step, bool ok)>;

// The workspace's regions: validation, persistence in the catalog, and change signals
// (about-to / done pairs that models map onto begin/end row changes).
// Lives on the thread that created it (the GUI thread in the console); all calls are
// quick catalog operations except checkLocation(), which touches the storage.
class RegionService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionService)

public:
    explicit RegionService(Core::Workspace& workspace, QObject* parent = nullptr);
    ~RegionService() override;

    // Sorted by name.
    const QList<Region>& regions() const { return m_regions; }
    std::optional<Region> find(const QString& name) const;

    // Checks names and fields without touching storage: returns InvalidInput naming the field,
    // or AlreadyExists for a taken name (when isNew).
    Core::Status validate(const Region& region, bool isNew) const;
    // Checks that the region's location is reachable and writable: a real round trip (put,
    // get, list, delete of a probe object), each step reported through report (called on the
    // calling thread). I/O: call from a worker. Local folders are created if missing.
    static Core::Status checkLocation(const Region& region, const RegionSecrets& secrets,
                                      const LocationStepReport& report = {});

    // Validates, checks the location (unless the caller did), stores the region in the catalog
    // and an S3 region's keys in the SecretStore. An S3 region's location is derived from its
    // settings when empty.
    Core::Result<Region> add(Region region, const RegionSecrets& secrets = {},
                             LocationCheck check = LocationCheck::Run);
    // Changes display name, provider, continent, price sheet and an S3 region's transfer settings
    // (S3Location::transferKeys(), taken from region.settings: an absent key goes back to its
    // default). Name, kind, location, endpoint, bucket and prefix are fixed.
    Core::Status update(const Region& region);
    // Replaces an S3 region's stored keys; an empty field keeps the stored one. No I/O beyond
    // the SecretStore: check the new keys with checkLocation() first.
    Core::Status replaceSecrets(const QString& name, const RegionSecrets& secrets);
    // Whether the workspace holds the region's keys (S3 regions; false for local ones).
    bool hasStoredSecrets(const QString& name) const;
    // Refused while a vault lives in the region.
    Core::Status remove(const QString& name);

    // Opens the region's object store (local folder or S3 bucket).
    Core::Result<std::unique_ptr<Storage::ObjectStore>> openStore(const QString& name) const;
    // The region's credentials from the workspace's secret store (empty for local regions).
    Core::Result<RegionSecrets> secretsFor(const QString& name) const;
    // How many vaults of the catalog live in the region.
    int vaultCount(const QString& name) const;

    static QStringList knownContinents();

    // Re-reads the catalog (another process may have changed it) and emits modelReset-style
    // signals around the change.
    void reload();

    static QString secretId(const QString& regionName, const QString& what);

signals:
    void regionAboutToBeAdded(int row);
    void regionAdded(int row);
    void regionChanged(int row);
    void regionAboutToBeRemoved(int row);
    void regionRemoved(int row);
    void aboutToReload();
    void reloaded();

private:
    Core::Result<QList<Region>> loadAll() const;
    int rowFor(const QString& name) const;

    Core::Workspace& m_workspace;
    QList<Region> m_regions;
};

// The regions a fresh workspace starts with (two local folders on different continents).
QList<Region> defaultRegions(const QString& workspacePath);

} // namespace Regions
