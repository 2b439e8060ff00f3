#pragma once

#include "app/cli/Command.h"

namespace Cli {

// copy-preview POINT --to-region R
class CopyPreviewCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("copy-preview"); }
    QString summary() const override;
    int run(Context& context, const QStringList& args) override;
};

} // namespace Cli
