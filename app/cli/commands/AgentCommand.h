#pragma once

#include "app/cli/Command.h"

namespace Cli {

// agent [--once]
class AgentCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("agent"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
