#include "app/cli/Command.h"
#include "app/cli/commands/RegionCommand.h"

namespace Cli {

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<RegionCommand>());
    return commands;
}

} // namespace Cli
