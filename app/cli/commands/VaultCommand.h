#pragma once

#include "app/cli/Command.h"

namespace Cli {

// vault create | list | import | delete | export-key
class VaultCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("vault"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;

private:
    int create(Context& context, const QStringList& args);
    int list(Context& context, const QStringList& args);
    int import(Context& context, const QStringList& args);
    int remove(Context& context, const QStringList& args);
    int exportKey(Context& context, const QStringList& args);
};

} // namespace Cli
