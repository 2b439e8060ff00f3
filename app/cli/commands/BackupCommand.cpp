#include "app/cli/commands/BackupCommand.h"

#include "app/cli/Context.h"
#include "app/cli/CopySession.h"
#include "app/cli/JobSession.h"
#include "app/cli/KeyOptions.h"
#include "app/cli/Services.h"
#include "backend/jobs/BackupJob.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/sources/FolderSource.h"
#include "backend/sources/SqliteSource.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

QString BackupCommand::summary() const
{
    return QCoreApplication::translate("Cli", "back up a folder or SQLite database into a vault");
}

int BackupCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Backs SOURCE (a folder, or a SQLite database with --kind sqlite) up into a vault as a "
        "new backup point. Exit code 4 when some files could not be read (they are listed)."));
    parser.addPositionalArgument(QStringLiteral("SOURCE"),
                                 QCoreApplication::translate("Cli", "Folder or SQLite database file."));
    const QCommandLineOption vault(QStringLiteral("vault"),
                                   QCoreApplication::translate("Cli", "Vault to back up into."), QStringLiteral("V"));
    const QCommandLineOption kind(
        QStringLiteral("kind"),
        QCoreApplication::translate("Cli", "folder (default for folders) or sqlite (default for files)."),
        QStringLiteral("KIND"));
    const QCommandLineOption exclude(
        QStringLiteral("exclude"),
        QCoreApplication::translate("Cli", "Glob of paths to leave out (repeatable), e.g. '*.tmp', 'cache/'."),
        QStringLiteral("GLOB"));
    const QCommandLineOption copyTo(
        QStringLiteral("copy-to"),
        QCoreApplication::translate("Cli", "Copy the point to another region afterwards (replication)."),
        QStringLiteral("REGION[:DAYS]"));
    const QCommandLineOption noWait(QStringLiteral("no-wait"),
                                    QCoreApplication::translate("Cli", "Do not wait for chained copy jobs."));
    parser.addOptions({vault, kind, exclude, copyTo, noWait});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("backup")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "backup: give exactly one SOURCE."));
    if (!parser.isSet(vault))
        return context.usage(QCoreApplication::translate("Cli", "backup: --vault is required (see 'vault list')."));
    // --copy-to REGION[:DAYS]: a replica of the new point in each region, chained after the backup.
    QList<std::pair<QString, int>> copyRegions;
    for (const QString& value : parser.values(copyTo)) {
        const QString regionName = value.section(QLatin1Char(':'), 0, 0);
        int days = 0;
        if (value.contains(QLatin1Char(':'))) {
            bool ok = false;
            days = value.section(QLatin1Char(':'), 1).toInt(&ok);
            if (!ok || days < 1)
                return context.usage(
                    QCoreApplication::translate(
                        "Cli", "backup: --copy-to %1: DAYS must be a whole number of days, at least 1.")
                        .arg(value));
        }
        if (regionName.isEmpty())
            return context.usage(
                QCoreApplication::translate("Cli", "backup: --copy-to needs a REGION[:DAYS], not '%1'.").arg(value));
        copyRegions.append({regionName, days});
    }
    if (!copyRegions.isEmpty() && parser.isSet(noWait))
        return context.usage(QCoreApplication::translate(
            "Cli", "backup: --copy-to copies run in this process after the backup; drop --no-wait."));

    const QFileInfo source(parser.positionalArguments().first());
    if (!source.exists())
        return context.usage(QCoreApplication::translate("Cli", "backup: SOURCE %1 does not exist.")
                                 .arg(parser.positionalArguments().first()));
    QString sourceKind = parser.value(kind);
    if (sourceKind.isEmpty())
        sourceKind = source.isDir() ? QStringLiteral("folder") : QStringLiteral("sqlite");
    std::unique_ptr<Sources::Source> src;
    if (sourceKind == QLatin1String("folder")) {
        if (!source.isDir())
            return context.usage(
                QCoreApplication::translate("Cli", "backup: --kind folder needs a folder, but %1 is a file.")
                    .arg(source.filePath()));
        src = std::make_unique<Sources::FolderSource>(source.absoluteFilePath(), parser.values(exclude));
    } else if (sourceKind == QLatin1String("sqlite")) {
        if (!source.isFile())
            return context.usage(
                QCoreApplication::translate("Cli", "backup: --kind sqlite needs a database file, but %1 is not a file.")
                    .arg(source.filePath()));
        if (parser.isSet(exclude))
            return context.usage(QCoreApplication::translate("Cli", "backup: --exclude applies to folders only."));
        src = std::make_unique<Sources::SqliteSource>(source.absoluteFilePath());
    } else {
        return context.usage(
            QCoreApplication::translate("Cli", "backup: --kind must be folder or sqlite, not '%1'.").arg(sourceKind));
    }
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());

    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    // Replication-target vaults are read-only (exit 3 with the rule).
    auto& [workspace, regions, vaults, replication] = *services.value();
    if (auto s = replication.checkBackupAllowed(parser.value(vault)); !s)
        return context.fail(s.error());
    auto access = vaults.access(parser.value(vault), key.value());
    if (!access)
        return context.fail(access.error());
    const bool warnKey
        = access->record().encryption == QLatin1String("managed") && !access->record().recoveryKeyExported;

    JobSession session(context, workspace.catalog());
    auto ended = session.run(
        std::make_unique<Jobs::BackupJob>(workspace.catalog(), std::move(access.value()), std::move(src)));
    if (!ended)
        return context.fail(ended.error());
    const Jobs::JobOutcome& outcome = ended->outcome;
    if (outcome.state != Jobs::JobState::Succeeded && outcome.state != Jobs::JobState::Partial)
        return context.fail(Core::Error(outcome.errorCode, outcome.error));

    QJsonObject result = outcome.result;
    result.insert(QStringLiteral("job"), ended->id);

    // A replicating vault: one copy job per target region, chained after the backup job.
    // With --no-wait the copies stay due and `agent --once` (or the next backup) sends them.
    int copyExit = ExitOk;
    if (auto links = replication.links(parser.value(vault), true); links && !links->isEmpty()) {
        QJsonArray copies;
        for (const Replication::ReplicationLink& link : std::as_const(links.value())) {
            if (parser.isSet(noWait)) {
                copies.append(QJsonObject {{QStringLiteral("target"), link.target},
                                           {QStringLiteral("region"), link.region},
                                           {QStringLiteral("state"), QStringLiteral("pending")}});
                continue;
            }
            auto copy = CopySession(context, workspace, vaults)
                            .run(parser.value(vault), link.target, {}, key.value(), ended->id);
            if (!copy)
                return context.fail(copy.error());
            QJsonObject c {{QStringLiteral("job"), copy->id},
                           {QStringLiteral("target"), link.target},
                           {QStringLiteral("region"), link.region},
                           {QStringLiteral("state"), Jobs::jobStateName(copy->outcome.state)},
                           {QStringLiteral("bytesSent"), copy->outcome.result.value(QStringLiteral("bytesSent"))}};
            if (copy->outcome.state != Jobs::JobState::Succeeded) {
                c.insert(QStringLiteral("error"), copy->outcome.error);
                context.err() << QCoreApplication::translate("Cli", "error: copy to %1 failed: %2")
                                     .arg(link.target, copy->outcome.error)
                              << Qt::endl;
                copyExit = ExitFailed;
            }
            copies.append(c);
        }
        result.insert(QStringLiteral("copies"), copies);
    }
    if (!copyRegions.isEmpty()) {
        QJsonArray copies = result.value(QStringLiteral("copies")).toArray();
        auto links = replication.links(parser.value(vault), true);
        for (const auto& [regionName, days] : std::as_const(copyRegions)) {
            // A replicating target in that region already received the point.
            bool covered = false;
            if (links)
                for (const Replication::ReplicationLink& l : std::as_const(links.value()))
                    covered = covered || l.region == regionName;
            if (covered)
                continue;
            Replication::CopyRequest request;
            request.point = outcome.result.value(QStringLiteral("point")).toString();
            request.sourceVault = parser.value(vault);
            request.region = regionName;
            request.expireDays = days;
            auto target = replication.prepareCopy(request);
            if (target && target->id == 0)
                if (auto made
                    = replication.createTarget(request.sourceVault, request.vault, regionName, {}, key.value());
                    !made)
                    target = made.error();
            if (!target) {
                context.err() << QCoreApplication::translate("Cli", "error: copy to region %1: %2")
                                     .arg(regionName, target.error().message())
                              << Qt::endl;
                copies.append(QJsonObject {{QStringLiteral("region"), regionName},
                                           {QStringLiteral("state"), QStringLiteral("failed")},
                                           {QStringLiteral("error"), target.error().message()}});
                copyExit = ExitFailed;
                continue;
            }
            Replication::ReplicaOptions options;
            options.manual = true;
            options.expireDays = days;
            auto copy = CopySession(context, workspace, vaults)
                            .run(request.sourceVault, request.vault, {}, key.value(), ended->id, options);
            if (!copy)
                return context.fail(copy.error());
            QJsonObject c {{QStringLiteral("job"), copy->id},
                           {QStringLiteral("target"), request.vault},
                           {QStringLiteral("region"), regionName},
                           {QStringLiteral("state"), Jobs::jobStateName(copy->outcome.state)},
                           {QStringLiteral("bytesSent"), copy->outcome.result.value(QStringLiteral("bytesSent"))}};
            if (copy->outcome.state != Jobs::JobState::Succeeded) {
                c.insert(QStringLiteral("error"), copy->outcome.error);
                context.err() << QCoreApplication::translate("Cli", "error: copy to %1 failed: %2")
                                     .arg(request.vault, copy->outcome.error)
                              << Qt::endl;
                copyExit = ExitFailed;
            }
            copies.append(c);
        }
        result.insert(QStringLiteral("copies"), copies);
    }
    if (context.json()) {
        context.printJson(result);
    } else {
        context.out() << QCoreApplication::translate(
                             "Cli",
                             "Backed up %1 into vault %2: point %3, %4 files, %5 bytes (%6 new stored bytes) in %7 s.")
                             .arg(result.value(QStringLiteral("source")).toString(),
                                  result.value(QStringLiteral("vault")).toString(),
                                  result.value(QStringLiteral("point")).toString())
                             .arg(result.value(QStringLiteral("files")).toInteger())
                             .arg(result.value(QStringLiteral("logicalBytes")).toInteger())
                             .arg(result.value(QStringLiteral("storedBytesNew")).toInteger())
                             .arg(result.value(QStringLiteral("seconds")).toDouble(), 0, 'f', 1)
                      << Qt::endl;
    }
    if (outcome.state == Jobs::JobState::Partial) {
        context.err() << QCoreApplication::translate("Cli", "warning: %1 Not backed up:").arg(outcome.error)
                      << Qt::endl;
        for (const QJsonValue& v : result.value(QStringLiteral("skipped")).toArray())
            context.err() << QStringLiteral("  ") << v[QStringLiteral("path")].toString() << QStringLiteral(": ")
                          << v[QStringLiteral("reason")].toString() << Qt::endl;
    }
    if (warnKey)
        context.err() << QCoreApplication::translate("Cli",
                                                     "warning: the recovery key of vault %1 was never exported: "
                                                     "crossvault-cli vault export-key %1 --to FILE")
                             .arg(parser.value(vault))
                      << Qt::endl;
    if (copyExit != ExitOk)
        return copyExit;
    return JobSession::exitCodeFor(outcome);
}

} // namespace Cli
