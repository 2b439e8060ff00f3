#pragma once

#include "app/cli/Command.h"

namespace Cli {

// cost estimate | copy | actual: what backups and copies cost, priced with the workspace's
// price sheets (see PriceCommand). Money is printed as exact decimal strings.
class CostCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("cost"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;

private:
    int estimate(Context& context, const QStringList& args);
    int copy(Context& context, const QStringList& args);
    int actual(Context& context, const QStringList& args);
};

} // namespace Cli
