#include "tests/support/CliRunner.h"

#include <QProcess>

namespace TestSupport {

CliRunner::CliRunner(QString workspace)
    : m_workspace(std::move(workspace))
    , m_env(QProcessEnvironment::systemEnvironment())
{
    m_env.remove(QStringLiteral("CROSSVAULT_WORKSPACE"));
}

void CliRunner::setEnv(const QString& name, const QString& value)
{
    m_env.insert(name, value);
}

QString CliRunner::binary()
{
    return qEnvironmentVariable("CROSSVAULT_CLI");
}

CliResult CliRunner::run(const QStringList& args, int timeoutMs) const
{
    QProcess p;
    p.setProcessEnvironment(m_env);
    QStringList all{QStringLiteral("--workspace"), m_workspace};
    all += args;
    p.start(binary(), all);
    CliResult r;
    if (!p.waitForStarted(10000)) {
        r.err = "cannot start " + binary().toUtf8();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

CliResult CliRunner::json(const QStringList& args, int timeoutMs) const
{
    return run(QStringList{QStringLiteral("--json")} + args, timeoutMs);
}

} // namespace TestSupport
