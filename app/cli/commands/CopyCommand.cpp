#include "app/cli/commands/CopyCommand.h"

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
#include <QJsonObject>

namespace Cli {

QString CopyCommand::summary() const
{
    return QCoreApplication::translate("Cli", "copy a backup point to another region (a replica)");
}

int CopyCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Copies a backup point to a replica vault in another region, sending only what that vault lacks. The replica "
        "is kept until deleted unless --expire-days is given. At most one replica per point and region."));
    parser.addPositionalArgument(QStringLiteral("POINT"),
                                 QCoreApplication::translate("Cli", "Point id (see 'points')."));
    const QCommandLineOption region(QStringLiteral("to-region"),
                                    QCoreApplication::translate("Cli", "Destination region."), QStringLiteral("R"));
    const QCommandLineOption vault(
        QStringLiteral("vault"),
        QCoreApplication::translate(
            "Cli",
            "Destination vault (a replica of the point's vault; created when missing). Default: "
            "the source's replication target in the region, else SOURCE-REGION."),
        QStringLiteral("V"));
    const QCommandLineOption from(QStringLiteral("from-vault"),
                                  QCoreApplication::translate("Cli", "The point's vault, when the id is in several."),
                                  QStringLiteral("V"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QCoreApplication::translate("Cli", "Replica name: 1-64 letters, digits, '_' or '-'."),
                                  QStringLiteral("N"));
    const QCommandLineOption description(QStringLiteral("description"),
                                         QCoreApplication::translate("Cli", "At most 255 characters."),
                                         QStringLiteral("D"));
    const QCommandLineOption expire(QStringLiteral("expire-days"),
                                    QCoreApplication::translate("Cli", "Delete the replica after this many days."),
                                    QStringLiteral("D"));
    const RateLimitOption limit(QCoreApplication::translate("Cli", "Bandwidth limit per second, e.g. 20MB."));
    parser.addOptions({region, vault, from, name, description, expire});
    limit.addTo(parser);
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("copy")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "copy: give exactly one POINT."));
    if (!parser.isSet(region))
        return context.usage(QCoreApplication::translate("Cli", "copy: --to-region R is required."));
    Replication::CopyRequest request;
    request.point = parser.positionalArguments().first();
    request.region = parser.value(region);
    request.vault = parser.value(vault);
    request.sourceVault = parser.value(from);
    if (parser.isSet(name))
        request.name = parser.value(name);
    if (parser.isSet(description))
        request.description = parser.value(description);
    if (parser.isSet(expire)) {
        bool ok = false;
        request.expireDays = parser.value(expire).toInt(&ok);
        if (!ok || request.expireDays < 1)
            return context.usage(QCoreApplication::translate(
                                     "Cli", "copy: --expire-days must be a whole number of days, at least 1, not '%1'.")
                                     .arg(parser.value(expire)));
    }
    const auto rate = limit.bytesPerSecond(parser);
    if (!rate)
        return context.usage(QStringLiteral("copy: ") + rate.error().message());
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());

    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    auto target = replication.prepareCopy(request);
    if (!target)
        return context.fail(target.error());
    if (target->id == 0) {
        auto made = replication.createTarget(request.sourceVault, request.vault, request.region, {}, key.value());
        if (!made)
            return context.fail(made.error());
        context.err() << QCoreApplication::translate("Cli", "Created replica vault %1 in region %2.")
                             .arg(made->name, made->region)
                      << Qt::endl;
    }
    Replication::ReplicaOptions options;
    options.manual = true;
    options.name = request.name;
    options.description = request.description;
    options.expireDays = request.expireDays;
    CopySession session(context, workspace, vaults);
    session.setBandwidthLimit(rate.value());
    auto copy = session.run(request.sourceVault, request.vault, {request.point}, key.value(), 0, options);
    if (!copy)
        return context.fail(copy.error());
    if (copy->outcome.state != Jobs::JobState::Succeeded)
        return context.fail(Core::Error(copy->outcome.errorCode, copy->outcome.error));
    QJsonObject result = copy->outcome.result;
    result.insert(QStringLiteral("job"), copy->id);
    result.insert(QStringLiteral("point"), request.point);
    if (context.json())
        context.printJson(result);
    else
        context.out() << QCoreApplication::translate(
                             "Cli", "Copied point %1 to vault %2 in region %3: %4 bytes sent, %5 bytes already there.")
                             .arg(request.point, request.vault, request.region)
                             .arg(result.value(QStringLiteral("bytesSent")).toInteger())
                             .arg(result.value(QStringLiteral("bytesSkipped")).toInteger())
                      << Qt::endl;
    return ExitOk;
}

} // namespace Cli
