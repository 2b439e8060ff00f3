#pragma once

#include "app/cli/Command.h"

namespace Cli {

// jobs (see shared/CLI.md)
class JobsCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("jobs"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
