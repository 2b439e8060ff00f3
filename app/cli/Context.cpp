#include "app/cli/Context.h"

#include "app/cli/Services.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace Cli {

int exitCodeFor(const Core::Error& error)
{
    switch (error.code()) {
    case Core::ErrorCode::InvalidInput:
    case Core::ErrorCode::AlreadyExists: // a taken name is an invalid value
        return ExitUsage;
    case Core::ErrorCode::Refused:
        return ExitRefused;
    default:
        return ExitFailed;
    }
}

Context::Context(QString workspaceOverride, bool json)
    : m_workspaceOverride(std::move(workspaceOverride))
    , m_json(json)
    , m_out(stdout)
    , m_err(stderr)
{
}

Context::~Context()
{
    m_out.flush();
    m_err.flush();
}

Core::Result<Core::Workspace*> Context::workspace()
{
    if (!m_workspace) {
        auto opened = Core::Workspace::open(Core::Workspace::resolvePath(m_workspaceOverride));
        if (!opened)
            return opened.error();
        m_workspace = std::move(opened.value());
    }
    return m_workspace.get();
}

Core::Result<Services*> Context::services()
{
    if (!m_services) {
        auto ws = workspace();
        if (!ws)
            return ws.error();
        m_services = std::make_unique<Services>(*ws.value());
    }
    return m_services.get();
}

void Context::printJson(const QJsonValue& value)
{
    QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << doc.toJson(QJsonDocument::Indented);
    m_out.flush();
}

int Context::fail(const Core::Error& error)
{
    m_err << QStringLiteral("crossvault-cli: ") << error.message() << Qt::endl;
    return exitCodeFor(error);
}

int Context::usage(const QString& message)
{
    m_err << QStringLiteral("crossvault-cli: ") << message << Qt::endl;
    return ExitUsage;
}

std::optional<int> Context::parse(QCommandLineParser& parser, const QStringList& args, const QString& commandWords)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("Cli", "Show this help."));
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("crossvault-cli")} + args))
        return usage(parser.errorText() + QLatin1Char('\n')
                     + QCoreApplication::translate("Cli", "Run 'crossvault-cli %1 --help' for usage.").arg(commandWords));
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        const QString usageLine = QStringLiteral("crossvault-cli ") + commandWords + QStringLiteral(" [options]");
        text.replace(QCoreApplication::arguments().constFirst() + QStringLiteral(" [options]"), usageLine);
        text.replace(QStringLiteral("crossvault-cli [options]"), usageLine);
        m_out << text;
        m_out.flush();
        return ExitOk;
    }
    return std::nullopt;
}

Core::Result<QByteArray> Context::secretFromEnv(const QString& flag, const QString& variable)
{
    if (variable.isEmpty())
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cli", "%1 needs the name of an environment variable.").arg(flag));
    if (!qEnvironmentVariableIsSet(variable.toLocal8Bit().constData()))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cli", "%1: the environment variable %2 is not set.").arg(flag, variable));
    const QByteArray value = qgetenv(variable.toLocal8Bit().constData());
    if (value.isEmpty())
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cli", "%1: the environment variable %2 is empty.").arg(flag, variable));
    return value;
}

Core::Result<QByteArray> Context::secretFromFile(const QString& flag, const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cli", "%1: cannot read %2: %3").arg(flag, path, f.errorString()));
    QByteArray value = f.readAll();
    while (value.endsWith('\n') || value.endsWith('\r'))
        value.chop(1);
    if (value.isEmpty())
        return Core::fail(Core::ErrorCode::InvalidInput, QCoreApplication::translate("Cli", "%1: %2 is empty.").arg(flag, path));
    return value;
}

} // namespace Cli
