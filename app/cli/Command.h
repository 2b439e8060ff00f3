#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Cli {

class Context;

// One top-level command word ("region", "vault", "backup"…). A command owns its
// sub-commands and parses its own flags.
class Command
{
public:
    virtual ~Command() = default;
    virtual QString name() const = 0;
    // One line for the global --help.
    virtual QString summary() const = 0;
    // args: everything after the command word.
    virtual int run(Context& context, const QStringList& args) = 0;
};

// Every command of crossvault-cli, in --help order (CommandRegistry.cpp).
std::vector<std::unique_ptr<Command>> allCommands();

} // namespace Cli
