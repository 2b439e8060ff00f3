#pragma once

#include "app/cli/Command.h"

namespace Cli {

// backup (see shared/CLI.md)
class BackupCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("backup"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
