#pragma once

#include "app/cli/Command.h"

namespace Cli {

// replication enable | stop | status | limit
class ReplicationCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("replication"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;

private:
    int enable(Context& context, const QStringList& args);
    int stop(Context& context, const QStringList& args);
    int status(Context& context, const QStringList& args);
    // Extension to shared/CLI.md: the per-region limit of targets (workspace setting).
    int limit(Context& context, const QStringList& args);
};

} // namespace Cli
