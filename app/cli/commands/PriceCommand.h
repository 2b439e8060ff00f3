#pragma once

#include "app/cli/Command.h"

namespace Cli {

// price list | show | import | export | reset: the price sheets the cost calculator uses
// (shipped defaults plus the workspace's edits in <workspace>/prices.json).
class PriceCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("price"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;

private:
    int list(Context& context, const QStringList& args);
    int show(Context& context, const QStringList& args);
    int importFile(Context& context, const QStringList& args);
    int exportFile(Context& context, const QStringList& args);
    int reset(Context& context, const QStringList& args);
};

} // namespace Cli
