#pragma once

#include "app/cli/Command.h"

namespace Cli {

// check (see shared/CLI.md)
class CheckCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("check"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
