#pragma once

#include "backend/core/Result.h"
#include "backend/core/Workspace.h"

#include <QCommandLineParser>
#include <QJsonValue>
#include <QString>
#include <QTextStream>

#include <memory>
#include <optional>

namespace Cli {

class Services;

// Exit codes are a contract (../shared/CLI.md).
enum ExitCode : int {
    ExitOk = 0,
    ExitFailed = 1,
    ExitUsage = 2,
    ExitRefused = 3,
    ExitPartial = 4,
};

int exitCodeFor(const Core::Error& error);

// What every command gets: the workspace (opened on first use), output streams and the
// --json switch. Commands print results on out() — one JSON document with --json — and
// messages and progress on err() only.
class Context final
{
public:
    Context(QString workspaceOverride, bool json);
    ~Context();

    bool json() const { return m_json; }
    Core::Result<Core::Workspace*> workspace();
    // The region, vault and replication services over workspace() (built on first use).
    Core::Result<Services*> services();
    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    void printJson(const QJsonValue& value);
    // Prints "crossvault-cli: <message>" on stderr and returns the exit code for it.
    int fail(const Core::Error& error);
    // Bad usage: names the flag or value; returns 2.
    int usage(const QString& message);
    // Parses a sub-command's arguments (args excludes the command words). Returns an exit
    // code when the command must stop now (bad usage -> 2, --help printed -> 0).
    std::optional<int> parse(QCommandLineParser& parser, const QStringList& args, const QString& commandWords);
    // Reads a secret from the environment variable named by a flag's value; never argv.
    Core::Result<QByteArray> secretFromEnv(const QString& flag, const QString& variable);
    // Reads a secret from a file named by a flag's value.
    Core::Result<QByteArray> secretFromFile(const QString& flag, const QString& path);

private:
    QString m_workspaceOverride;
    bool m_json = false;
    QTextStream m_out;
    QTextStream m_err;
    std::unique_ptr<Core::Workspace> m_workspace;
    std::unique_ptr<Services> m_services;
};

} // namespace Cli
