#pragma once

#include "app/cli/Command.h"

namespace Cli {

// copy POINT --to-region R
class CopyCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("copy"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
