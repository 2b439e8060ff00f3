#pragma once

#include "app/cli/Command.h"

namespace Cli {

// region list | add | set | test | remove
class RegionCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("region"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;

private:
    int list(Context& context, const QStringList& args);
    int add(Context& context, const QStringList& args);
    int set(Context& context, const QStringList& args);
    int test(Context& context, const QStringList& args);
    int remove(Context& context, const QStringList& args);
};

} // namespace Cli
