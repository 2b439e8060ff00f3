#pragma once

#include "app/cli/Command.h"

namespace Cli {

// point (see shared/CLI.md)
class PointCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("point"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
