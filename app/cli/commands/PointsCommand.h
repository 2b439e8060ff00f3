#pragma once

#include "app/cli/Command.h"

namespace Cli {

// points (see shared/CLI.md)
class PointsCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("points"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
