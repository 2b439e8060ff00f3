#include "app/cli/Services.h"

namespace Cli {

Services::Services(Core::Workspace& ws)
    : workspace(ws)
    , regions(ws)
    , vaults(ws, regions)
    , replication(ws, regions, vaults)
{ }

} // namespace Cli
