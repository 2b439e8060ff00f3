#pragma once

#include "app/cli/Command.h"

namespace Cli {

// restore (see shared/CLI.md)
class RestoreCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("restore"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
