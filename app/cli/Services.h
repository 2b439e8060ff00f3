#pragma once

#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"

namespace Core {
class Workspace;
}

namespace Cli {

// The backend services most commands work through, built once over the command's
// workspace. Public members so a command can bind the ones it uses:
//   auto& [workspace, regions, vaults, replication] = *services.value();
class Services final
{
public:
    explicit Services(Core::Workspace& ws);
    Q_DISABLE_COPY_MOVE(Services)

    Core::Workspace& workspace;
    Regions::RegionService regions;
    Vaults::VaultService vaults;
    Replication::ReplicationService replication;
};

} // namespace Cli
