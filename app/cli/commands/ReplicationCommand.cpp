#include "app/cli/commands/ReplicationCommand.h"

#include "app/cli/Context.h"
#include "app/cli/CopySession.h"
#include "app/cli/KeyOptions.h"
#include "app/cli/RateLimitOption.h"
#include "app/cli/Services.h"
#include "backend/core/Units.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

QString ReplicationCommand::summary() const
{
    return QCoreApplication::translate(
        "Cli", "replicate a vault to replication-target vaults in other regions; stop; status and RPO");
}

int ReplicationCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate(
        "Cli",
        "Usage: crossvault-cli replication enable SOURCE_VAULT (--target VAULT | --create-target NAME "
        "--region R) | stop SOURCE_VAULT --target VAULT --yes | status [SOURCE_VAULT] | limit [N]\n"
        "Run 'crossvault-cli replication SUBCOMMAND --help' for details.");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("enable"))
        return enable(context, rest);
    if (sub == QLatin1String("stop"))
        return stop(context, rest);
    if (sub == QLatin1String("status"))
        return status(context, rest);
    if (sub == QLatin1String("limit"))
        return limit(context, rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    return context.usage(QCoreApplication::translate("Cli", "replication: unknown sub-command '%1'.\n").arg(sub)
                         + usageText);
}

int ReplicationCommand::enable(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Replicates a general vault to a replication-target vault in another region: the target is created from the "
        "source (same key material and encryption) or an existing replica is linked. All existing standard-tier points "
        "are copied now, with progress; every later backup is copied after it completes."));
    parser.addPositionalArgument(QStringLiteral("SOURCE_VAULT"),
                                 QCoreApplication::translate("Cli", "The general vault to replicate."));
    const QCommandLineOption target(QStringLiteral("target"),
                                    QCoreApplication::translate("Cli", "An existing replica vault in another region."),
                                    QStringLiteral("VAULT"));
    const QCommandLineOption create(QStringLiteral("create-target"),
                                    QCoreApplication::translate("Cli", "Create the target vault with this name."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption region(QStringLiteral("region"),
                                    QCoreApplication::translate("Cli", "Region of the target to create."),
                                    QStringLiteral("R"));
    const QCommandLineOption description(QStringLiteral("description"),
                                         QCoreApplication::translate("Cli", "Description of the target to create."),
                                         QStringLiteral("T"));
    const QCommandLineOption noSync(
        QStringLiteral("no-sync"),
        QCoreApplication::translate("Cli", "Link only; 'agent --once' copies the existing points later."));
    const RateLimitOption limit(
        QCoreApplication::translate("Cli", "Bandwidth limit per second of the initial sync, e.g. 20MB."));
    parser.addOptions({target, create, region, description, noSync});
    limit.addTo(parser);
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("replication enable")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "replication enable: give exactly one SOURCE_VAULT."));
    if (parser.isSet(target) == parser.isSet(create))
        return context.usage(QCoreApplication::translate(
            "Cli", "replication enable: give either --target VAULT or --create-target NAME --region R."));
    if (parser.isSet(create) && !parser.isSet(region))
        return context.usage(QCoreApplication::translate(
            "Cli", "replication enable: --create-target needs --region R (a region other than the source's)."));
    if (parser.isSet(target) && parser.isSet(region))
        return context.usage(QCoreApplication::translate(
            "Cli", "replication enable: --region goes with --create-target; an existing --target has its region."));
    const auto rate = limit.bytesPerSecond(parser);
    if (!rate)
        return context.usage(QStringLiteral("replication enable: ") + rate.error().message());
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());

    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString source = parser.positionalArguments().first();
    if (!vaults.find(source))
        return context.fail(Core::fail(
            Core::ErrorCode::NotFound,
            QCoreApplication::translate("Cli", "There is no vault named '%1' (see 'vault list').").arg(source)));

    // A target created here is removed again when the link cannot be made after all.
    auto link = parser.isSet(create) ? replication.createTargetAndEnable(
                    source, parser.value(create), parser.value(region), parser.value(description), key.value())
                                     : replication.enable(source, parser.value(target));
    if (!link)
        return context.fail(link.error());
    const QString targetName = link->target;
    if (parser.isSet(create))
        context.err() << QCoreApplication::translate("Cli", "Created replication-target vault %1 in region %2.")
                             .arg(targetName, link->region)
                      << Qt::endl;

    QJsonObject result {{QStringLiteral("source"), source},
                        {QStringLiteral("target"), targetName},
                        {QStringLiteral("region"), link->region},
                        {QStringLiteral("state"), link->state}};
    int exit = ExitOk;
    auto pending = replication.pendingPoints(source, targetName);
    if (!pending)
        return context.fail(pending.error());
    QStringList ids;
    for (const Vaults::PointRecord& p : std::as_const(pending.value()))
        ids << p.id;
    result.insert(QStringLiteral("pendingPoints"), int(ids.size()));
    if (!ids.isEmpty() && !parser.isSet(noSync)) {
        CopySession session(context, workspace, vaults);
        session.setBandwidthLimit(rate.value());
        auto copy = session.run(source, targetName, ids, key.value());
        if (!copy)
            return context.fail(copy.error());
        result.insert(QStringLiteral("job"), copy->id);
        result.insert(QStringLiteral("copy"), copy->outcome.result);
        if (copy->outcome.state != Jobs::JobState::Succeeded) {
            context.err() << QCoreApplication::translate(
                                 "Cli",
                                 "error: the initial sync failed (replication stays enabled; rerun 'agent --once'): %1")
                                 .arg(copy->outcome.error)
                          << Qt::endl;
            exit = JobSession::exitCodeFor(copy->outcome);
        } else {
            result.insert(QStringLiteral("pendingPoints"), 0);
        }
    }
    if (context.json())
        context.printJson(result);
    else
        context.out() << QCoreApplication::translate("Cli", "Vault %1 replicates to %2 in region %3.")
                             .arg(source, targetName, link->region)
                      << Qt::endl;
    return exit;
}

int ReplicationCommand::stop(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Stops replication for good: the target becomes a standalone vault that keeps its "
                                    "points and their inherited expiry (and can then be locked). Cannot be undone; "
                                    "refused without --yes."));
    parser.addPositionalArgument(QStringLiteral("SOURCE_VAULT"),
                                 QCoreApplication::translate("Cli", "The replicating vault."));
    const QCommandLineOption target(QStringLiteral("target"), QCoreApplication::translate("Cli", "The target vault."),
                                    QStringLiteral("VAULT"));
    const QCommandLineOption yes(QStringLiteral("yes"),
                                 QCoreApplication::translate("Cli", "Confirm: stopping is irreversible."));
    const QCommandLineOption force(
        QStringLiteral("force"),
        QCoreApplication::translate("Cli",
                                    "Stop in this workspace even when the target's region cannot be written "
                                    "(a region lost for good); its storage then carries no stop mark."));
    parser.addOptions({target, yes, force});
    if (auto code = context.parse(parser, args, QStringLiteral("replication stop")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "replication stop: give exactly one SOURCE_VAULT."));
    if (!parser.isSet(target))
        return context.usage(QCoreApplication::translate("Cli", "replication stop: --target VAULT is required."));
    const QString source = parser.positionalArguments().first();
    if (!parser.isSet(yes))
        return context.fail(
            Core::fail(Core::ErrorCode::Refused,
                       QCoreApplication::translate(
                           "Cli",
                           "Stopping replication is irreversible: '%1' becomes a standalone vault and will never "
                           "receive points from '%2' again. Run 'crossvault-cli replication stop %2 --target %1 "
                           "--yes' to confirm.")
                           .arg(parser.value(target), source)));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    auto stopped = replication.stop(source, parser.value(target), parser.isSet(force));
    if (!stopped)
        return context.fail(stopped.error());
    const QString targetName = parser.value(target);
    if (!stopped->markerWritten && stopped->alreadyStopped)
        context.err() << QCoreApplication::translate("Cli", "warning: no stop mark was written into %1: %2")
                             .arg(targetName, stopped->markerError)
                      << Qt::endl;
    else if (!stopped->markerWritten)
        context.err() << QCoreApplication::translate(
                             "Cli",
                             "warning: the target's region could not be written (%1): a workspace that imports %2 "
                             "later will see a replication target, not a standalone vault. Run this stop again when "
                             "the region is reachable to mark it.")
                             .arg(stopped->markerError, targetName)
                      << Qt::endl;
    const auto record = vaults.find(targetName);
    const QString targetType = record ? record->type : QString();
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("source"), source},
                                       {QStringLiteral("target"), targetName},
                                       {QStringLiteral("state"), QStringLiteral("stopped")},
                                       {QStringLiteral("targetType"), targetType},
                                       {QStringLiteral("markerWritten"), stopped->markerWritten},
                                       {QStringLiteral("alreadyStopped"), stopped->alreadyStopped}});
    else if (stopped->alreadyStopped && stopped->markerWritten)
        context.out() << QCoreApplication::translate(
                             "Cli",
                             "Replication from %1 to %2 was already stopped; %2 is a standalone vault and its storage "
                             "says so.")
                             .arg(source, targetName)
                      << Qt::endl;
    else if (stopped->alreadyStopped)
        context.out() << QCoreApplication::translate("Cli", "Replication from %1 to %2 was already stopped.")
                             .arg(source, targetName)
                      << Qt::endl;
    else
        context.out() << QCoreApplication::translate("Cli",
                                                     "Replication from %1 to %2 stopped; %2 is now a standalone vault.")
                             .arg(source, targetName)
                      << Qt::endl;
    return ExitOk;
}

int ReplicationCommand::limit(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Shows or sets the workspace's limit of replication targets per region (default 5). A lower limit "
        "refuses new targets only; existing links stay."));
    parser.addPositionalArgument(QStringLiteral("N"), QCoreApplication::translate("Cli", "The new limit (at least 1)."),
                                 QStringLiteral("[N]"));
    if (auto code = context.parse(parser, args, QStringLiteral("replication limit")))
        return *code;
    if (parser.positionalArguments().size() > 1)
        return context.usage(QCoreApplication::translate("Cli", "replication limit: give at most one number."));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    if (!parser.positionalArguments().isEmpty()) {
        bool ok = false;
        const int value = parser.positionalArguments().first().toInt(&ok);
        if (!ok)
            return context.usage(QCoreApplication::translate("Cli", "replication limit: '%1' is not a whole number.")
                                     .arg(parser.positionalArguments().first()));
        if (auto s = replication.setMaxTargetsPerRegion(value); !s)
            return context.fail(s.error());
    }
    const int current = replication.maxTargetsPerRegion();
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("maxTargetsPerRegion"), current}});
    else
        context.out() << QCoreApplication::translate("Cli", "At most %1 replication target(s) per region.").arg(current)
                      << Qt::endl;
    return ExitOk;
}

int ReplicationCommand::status(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Replication state per target: newest replicated point, lag behind the source's "
                                    "newest point (RPO), points and bytes still to send."));
    parser.addPositionalArgument(
        QStringLiteral("SOURCE_VAULT"),
        QCoreApplication::translate("Cli", "A source vault; all replicating vaults when omitted."),
        QStringLiteral("[SOURCE_VAULT]"));
    if (auto code = context.parse(parser, args, QStringLiteral("replication status")))
        return *code;
    if (parser.positionalArguments().size() > 1)
        return context.usage(QCoreApplication::translate("Cli", "replication status: give at most one SOURCE_VAULT."));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();

    QStringList sources;
    if (!parser.positionalArguments().isEmpty()) {
        sources << parser.positionalArguments().first();
        if (!vaults.find(sources.first()))
            return context.fail(
                Core::fail(Core::ErrorCode::NotFound,
                           QCoreApplication::translate("Cli", "There is no vault named '%1' (see 'vault list').")
                               .arg(sources.first())));
    } else {
        auto all = replication.links();
        if (!all)
            return context.fail(all.error());
        for (const Replication::ReplicationLink& l : std::as_const(all.value()))
            if (!sources.contains(l.source))
                sources << l.source;
    }

    QJsonArray documents;
    for (const QString& source : std::as_const(sources)) {
        auto rows = replication.status(source);
        if (!rows)
            return context.fail(rows.error());
        QJsonArray targets;
        for (const Replication::TargetStatus& t : std::as_const(rows.value())) {
            targets.append(QJsonObject {
                {QStringLiteral("vault"), t.vault},
                {QStringLiteral("region"), t.region},
                {QStringLiteral("state"), t.state},
                {QStringLiteral("newestPoint"), t.newestPoint.isEmpty() ? QJsonValue() : QJsonValue(t.newestPoint)},
                {QStringLiteral("lagSeconds"), t.lagSeconds < 0 ? QJsonValue() : QJsonValue(t.lagSeconds)},
                {QStringLiteral("pendingPoints"), t.pendingPoints},
                {QStringLiteral("pendingBytes"), t.pendingBytes},
            });
            if (!context.json()) {
                context.out() << QCoreApplication::translate(
                                     "Cli", "%1 -> %2 (%3): %4, newest %5, lag %6, pending %7 point(s), %8")
                                     .arg(source, t.vault, t.region, t.state,
                                          t.newestPoint.isEmpty() ? QCoreApplication::translate("Cli", "none")
                                                                  : t.newestPoint,
                                          t.lagSeconds < 0
                                              ? QCoreApplication::translate("Cli", "n/a")
                                              : QCoreApplication::translate("Cli", "%1 s").arg(t.lagSeconds))
                                     .arg(t.pendingPoints)
                                     .arg(Core::formatBytes(t.pendingBytes))
                              << Qt::endl;
            }
        }
        documents.append(QJsonObject {{QStringLiteral("source"), source}, {QStringLiteral("targets"), targets}});
    }
    if (context.json()) {
        // One source: CLI.md's document; all sources: an array of them.
        if (!parser.positionalArguments().isEmpty())
            context.printJson(documents.first());
        else
            context.printJson(documents);
    } else if (documents.isEmpty()) {
        context.out() << QCoreApplication::translate("Cli", "No vault replicates.") << Qt::endl;
    }
    return ExitOk;
}

} // namespace Cli
