#include "backend/storage/ObjectStoreFactory.h"

#include "backend/storage/LocalObjectStore.h"
#include "backend/storage/S3ObjectStore.h"

#include <QCoreApplication>

namespace Storage {

Core::Result<std::unique_ptr<ObjectStore>> openObjectStore(const Regions::Region& region,
                                                           const Regions::RegionSecrets& secrets)
{
    if (region.kind == Regions::Region::kindLocal())
        return std::unique_ptr<ObjectStore>(std::make_unique<LocalObjectStore>(region.location));
    if (region.kind == Regions::Region::kindS3()) {
        auto config = S3Config::fromSettings(region.settings, secrets.accessKey, secrets.secretKey);
        if (!config)
            return config.error().withContext(QCoreApplication::translate("Storage", "Region '%1': ").arg(region.name));
        return std::unique_ptr<ObjectStore>(std::make_unique<S3ObjectStore>(std::move(config.value())));
    }
    return Core::fail(Core::ErrorCode::InvalidInput,
                      QCoreApplication::translate("Storage", "The storage kind '%1' of region '%2' is not supported by this build.")
                          .arg(region.kind, region.name));
}

} // namespace Storage
