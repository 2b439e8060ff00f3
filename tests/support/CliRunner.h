#pragma once

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace TestSupport {

// Runs the real crossvault-cli binary ($CROSSVAULT_CLI) as a process.
struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

class CliRunner final
{
public:
    explicit CliRunner(QString workspace);
    // Adds/overrides an environment variable for the next runs (e.g. a passphrase).
    void setEnv(const QString& name, const QString& value);
    CliResult run(const QStringList& args, int timeoutMs = 120000) const;
    // Same with --json prepended.
    CliResult json(const QStringList& args, int timeoutMs = 120000) const;
    static QString binary();

private:
    QString m_workspace;
    QProcessEnvironment m_env;
};

} // namespace TestSupport
