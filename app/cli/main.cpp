// crossvault-cli: the headless face of the Crossvault backend (contract: shared/CLI.md).

#include "app/cli/Command.h"
#include "app/cli/Context.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

void printHelp(QTextStream& out, const std::vector<std::unique_ptr<Cli::Command>>& commands)
{
    out << QCoreApplication::translate("Cli", "Usage: crossvault-cli [--workspace DIR] [--json] COMMAND ...") << "\n\n"
        << QCoreApplication::translate("Cli", "Global options:") << '\n'
        << QCoreApplication::translate("Cli", "  --workspace DIR  workspace folder (default: $CROSSVAULT_WORKSPACE, else the console's)") << '\n'
        << QCoreApplication::translate("Cli", "  --json           print one JSON document on stdout") << '\n'
        << QCoreApplication::translate("Cli", "  --help           this help; 'COMMAND --help' for a command's") << '\n'
        << QCoreApplication::translate("Cli", "  --version        print the version") << "\n\n"
        << QCoreApplication::translate("Cli", "Commands:") << '\n';
    for (const auto& c : commands)
        out << QStringLiteral("  %1 %2\n").arg(c->name(), -12).arg(c->summary());
    out << '\n'
        << QCoreApplication::translate("Cli", "Exit codes: 0 success, 1 failed, 2 bad usage or input, 3 refused by a rule, 4 partial success.")
        << '\n';
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Crossvault"));
    QCoreApplication::setApplicationName(QStringLiteral("crossvault"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CROSSVAULT_VERSION));

    QStringList args = QCoreApplication::arguments().mid(1);
    QString workspace;
    bool json = false;
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto commands = Cli::allCommands();

    // Global options come before the command word.
    while (!args.isEmpty() && args.first().startsWith(QLatin1String("--"))) {
        const QString opt = args.takeFirst();
        if (opt == QLatin1String("--json")) {
            json = true;
        } else if (opt == QLatin1String("--workspace")) {
            if (args.isEmpty() || args.first().isEmpty()) {
                err << QCoreApplication::translate("Cli", "crossvault-cli: --workspace needs a folder.") << Qt::endl;
                return Cli::ExitUsage;
            }
            workspace = args.takeFirst();
        } else if (opt.startsWith(QLatin1String("--workspace="))) {
            workspace = opt.mid(12);
        } else if (opt == QLatin1String("--help")) {
            printHelp(out, commands);
            return Cli::ExitOk;
        } else if (opt == QLatin1String("--version")) {
            out << "crossvault-cli " << CROSSVAULT_VERSION << Qt::endl;
            return Cli::ExitOk;
        } else {
            err << QCoreApplication::translate("Cli", "crossvault-cli: unknown global option %1; run 'crossvault-cli --help'.").arg(opt)
                << Qt::endl;
            return Cli::ExitUsage;
        }
    }
    if (args.isEmpty()) {
        printHelp(err, commands);
        return Cli::ExitUsage;
    }
    const QString word = args.takeFirst();
    // Scripts also write the global options after the command ("region list --json").
    for (int i = 0; i < args.size();) {
        if (args.at(i) == QLatin1String("--json")) {
            json = true;
            args.removeAt(i);
        } else if (args.at(i) == QLatin1String("--workspace") && i + 1 < args.size()) {
            workspace = args.at(i + 1);
            args.remove(i, 2);
        } else {
            ++i;
        }
    }
    if (word == QLatin1String("help")) {
        printHelp(out, commands);
        return Cli::ExitOk;
    }
    for (const auto& c : commands) {
        if (c->name() == word) {
            Cli::Context context(workspace, json);
            return c->run(context, args);
        }
    }
    err << QCoreApplication::translate("Cli", "crossvault-cli: unknown command '%1'; run 'crossvault-cli --help'.").arg(word) << Qt::endl;
    return Cli::ExitUsage;
}
