#pragma once

#include "backend/core/Result.h"
#include "backend/regions/Region.h"
#include "backend/regions/RegionService.h"

#include <memory>

namespace Storage {

class ObjectStore;

// Opens the object store behind a region: a folder for "local", a bucket for "s3".
Core::Result<std::unique_ptr<ObjectStore>> openObjectStore(const Regions::Region& region,
                                                           const Regions::RegionSecrets& secrets);

} // namespace Storage
