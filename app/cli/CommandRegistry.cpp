#include "app/cli/Command.h"
#include "app/cli/commands/AgentCommand.h"
#include "app/cli/commands/BackupCommand.h"
#include "app/cli/commands/CheckCommand.h"
#include "app/cli/commands/CopyCommand.h"
#include "app/cli/commands/CopyPreviewCommand.h"
#include "app/cli/commands/CostCommand.h"
#include "app/cli/commands/JobsCommand.h"
#include "app/cli/commands/PointCommand.h"
#include "app/cli/commands/PointsCommand.h"
#include "app/cli/commands/PriceCommand.h"
#include "app/cli/commands/ReplicationCommand.h"
#include "app/cli/commands/RegionCommand.h"
#include "app/cli/commands/RestoreCommand.h"
#include "app/cli/commands/VaultCommand.h"

namespace Cli {

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<RegionCommand>());
    commands.push_back(std::make_unique<VaultCommand>());
    commands.push_back(std::make_unique<BackupCommand>());
    commands.push_back(std::make_unique<PointsCommand>());
    commands.push_back(std::make_unique<PointCommand>());
    commands.push_back(std::make_unique<RestoreCommand>());
    commands.push_back(std::make_unique<CheckCommand>());
    commands.push_back(std::make_unique<ReplicationCommand>());
    commands.push_back(std::make_unique<CopyCommand>());
    commands.push_back(std::make_unique<CopyPreviewCommand>());
    commands.push_back(std::make_unique<JobsCommand>());
    commands.push_back(std::make_unique<CostCommand>());
    commands.push_back(std::make_unique<PriceCommand>());
    commands.push_back(std::make_unique<AgentCommand>());
    return commands;
}

} // namespace Cli
