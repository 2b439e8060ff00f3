#include "app/cli/commands/RestoreCommand.h"

#include "app/cli/Context.h"
#include "app/cli/JobSession.h"
#include "app/cli/KeyOptions.h"
#include "backend/jobs/RestoreJob.h"
#include "backend/regions/RegionService.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

QString RestoreCommand::summary() const
{
    return QCoreApplication::translate("Cli", "restore a backup point into a folder");
}

int RestoreCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Restores a backup point (or some of its paths) into a folder. Existing files are never "
        "overwritten without --overwrite. Exit code 4 when some items were restored with problems."));
    parser.addPositionalArgument(QStringLiteral("POINT"),
                                 QCoreApplication::translate("Cli", "Point id (see 'points')."));
    const QCommandLineOption to(QStringLiteral("to"),
                                QCoreApplication::translate("Cli", "Target folder (created if missing)."),
                                QStringLiteral("DIR"));
    const QCommandLineOption path(
        QStringLiteral("path"),
        QCoreApplication::translate("Cli", "Relative path inside the point to restore (repeatable)."),
        QStringLiteral("P"));
    const QCommandLineOption overwrite(QStringLiteral("overwrite"),
                                       QCoreApplication::translate("Cli", "Replace existing files in the target."));
    const QCommandLineOption vault(
        QStringLiteral("vault"),
        QCoreApplication::translate("Cli", "Vault of the point (when the id is in several vaults)."),
        QStringLiteral("V"));
    parser.addOptions({to, path, overwrite, vault});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("restore")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "restore: give exactly one POINT id."));
    if (!parser.isSet(to) || parser.value(to).isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "restore: --to DIR is required."));
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    const QString id = parser.positionalArguments().first();
    auto point = Vaults::PointRepository(ws.value()->catalog()).find(id, parser.value(vault));
    if (!point)
        return context.fail(point.error());
    Regions::RegionService regions(*ws.value());
    Vaults::VaultService vaults(*ws.value(), regions);
    auto access = vaults.access(point->vault, key.value());
    if (!access)
        return context.fail(access.error());

    Backup::RestoreOptions options;
    options.targetFolder = QDir::current().absoluteFilePath(parser.value(to));
    options.paths = parser.values(path);
    options.overwrite = parser.isSet(overwrite);
    JobSession session(context, ws.value()->catalog());
    auto ended = session.run(std::make_unique<Jobs::RestoreJob>(std::move(access.value()), id, options));
    if (!ended)
        return context.fail(ended.error());
    const Jobs::JobOutcome& outcome = ended->outcome;
    if (outcome.state != Jobs::JobState::Succeeded && outcome.state != Jobs::JobState::Partial)
        return context.fail(Core::Error(outcome.errorCode, outcome.error));
    QJsonObject result = outcome.result;
    result.insert(QStringLiteral("job"), ended->id);
    if (context.json())
        context.printJson(result);
    else
        context.out() << QCoreApplication::translate("Cli", "Restored point %1 into %2: %3 files, %4 bytes.")
                             .arg(id, options.targetFolder)
                             .arg(result.value(QStringLiteral("files")).toInteger())
                             .arg(result.value(QStringLiteral("bytes")).toInteger())
                      << Qt::endl;
    if (outcome.state == Jobs::JobState::Partial) {
        context.err() << QCoreApplication::translate("Cli", "warning: %1").arg(outcome.error) << Qt::endl;
        for (const QJsonValue& v : result.value(QStringLiteral("problems")).toArray())
            context.err() << QStringLiteral("  ") << v[QStringLiteral("path")].toString() << QStringLiteral(": ")
                          << v[QStringLiteral("reason")].toString() << Qt::endl;
    }
    return JobSession::exitCodeFor(outcome);
}

} // namespace Cli
