#pragma once

#include "app/cli/Command.h"

namespace Cli {

// point delete | point set (see shared/CLI.md; `set` is an extension, README)
class PointCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("point"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;

private:
    // point set POINT [--tier T] [--expire-days N | --no-expiry]
    int runSet(Context& context, const QStringList& args);
};

} // namespace Cli
