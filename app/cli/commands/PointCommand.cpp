#include "app/cli/commands/PointCommand.h"

#include "app/cli/Context.h"
#include "app/cli/Services.h"
#include "app/cli/KeyOptions.h"
#include "backend/core/Units.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultService.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>

namespace Cli {

namespace {

// POINT and --vault, as delete and set both take them; returns --vault (added to parser).
QCommandLineOption addPointArguments(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("POINT"),
                                 QCoreApplication::translate("Cli", "Point id (see 'points')."));
    QCommandLineOption vault(
        QStringLiteral("vault"),
        QCoreApplication::translate("Cli", "Vault of the point (when the id is in several vaults)."),
        QStringLiteral("V"));
    parser.addOption(vault);
    return vault;
}

} // namespace

QString PointCommand::summary() const
{
    return QCoreApplication::translate("Cli", "delete a backup point, or change its tier or expiry");
}

int PointCommand::run(Context& context, const QStringList& args)
{
    const QString usageText
        = QCoreApplication::translate("Cli",
                                      "Usage: crossvault-cli point delete POINT [--vault V] [--yes]\n"
                                      "       crossvault-cli point set POINT [--vault V] [--tier standard|archive] "
                                      "[--expire-days N | --no-expiry]");
    if (args.isEmpty())
        return context.usage(usageText);
    if (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    if (args.first() == QLatin1String("set"))
        return runSet(context, args.mid(1));
    if (args.first() != QLatin1String("delete"))
        return context.usage(QCoreApplication::translate("Cli", "point: unknown sub-command '%1'.\n").arg(args.first())
                             + usageText);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Deletes a backup point from its vault. Its data is freed by the next prune. "
                                    "The copies of the point in the vault's replication targets are deleted too; "
                                    "points of a replication target cannot be deleted (they mirror the source). "
                                    "Refused without --yes."));
    const QCommandLineOption vault = addPointArguments(parser);
    const QCommandLineOption yes(QStringLiteral("yes"), QCoreApplication::translate("Cli", "Confirm the deletion."));
    parser.addOption(yes);
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args.mid(1), QStringLiteral("point delete")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "point delete: give exactly one POINT id."));
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString id = parser.positionalArguments().first();
    auto point = Vaults::PointRepository(workspace.catalog()).find(id, parser.value(vault));
    if (!point)
        return context.fail(point.error());
    if (!parser.isSet(yes))
        return context.fail(
            Core::fail(Core::ErrorCode::Refused,
                       QCoreApplication::translate(
                           "Cli",
                           "Refusing to delete point %1 without --yes. This would permanently delete the backup of "
                           "%2 taken %3 (%4 files, %5) from vault '%6'. Run again with --yes to confirm.")
                           .arg(id, point->source, point->created.toUTC().toString(Qt::ISODate))
                           .arg(point->files)
                           .arg(Core::formatBytes(point->logicalBytes), point->vault)));
    if (auto s = replication.deletePoint(point->vault, id, key.value()); !s)
        return context.fail(s.error());
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("deleted"), id}, {QStringLiteral("vault"), point->vault}});
    else
        context.out() << QCoreApplication::translate("Cli", "Deleted point %1 from vault %2.").arg(id, point->vault)
                      << Qt::endl;
    return ExitOk;
}

int PointCommand::runSet(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Changes a backup point's storage tier or expiry. The point's copies in the "
                                    "vault's replication targets follow: they inherit the expiry, and a point moved "
                                    "to the archive tier is no longer synced and its copies are removed. Points of a "
                                    "replication target cannot be changed (they mirror the source)."));
    const QCommandLineOption vault = addPointArguments(parser);
    const QCommandLineOption tier(QStringLiteral("tier"), QCoreApplication::translate("Cli", "standard or archive."),
                                  QStringLiteral("T"));
    const QCommandLineOption expireDays(QStringLiteral("expire-days"),
                                        QCoreApplication::translate("Cli", "Expire N days from now."),
                                        QStringLiteral("N"));
    const QCommandLineOption noExpiry(QStringLiteral("no-expiry"),
                                      QCoreApplication::translate("Cli", "Keep the point until it is deleted."));
    parser.addOptions({tier, expireDays, noExpiry});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("point set")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "point set: give exactly one POINT id."));
    if (!parser.isSet(tier) && !parser.isSet(expireDays) && !parser.isSet(noExpiry))
        return context.usage(
            QCoreApplication::translate("Cli", "point set: give --tier, --expire-days or --no-expiry."));
    if (parser.isSet(expireDays) && parser.isSet(noExpiry))
        return context.usage(
            QCoreApplication::translate("Cli", "point set: --expire-days and --no-expiry exclude each other."));
    int days = 0;
    if (parser.isSet(expireDays)) {
        bool ok = false;
        days = parser.value(expireDays).toInt(&ok);
        if (!ok || days < 1)
            return context.usage(QCoreApplication::translate(
                                     "Cli", "point set: --expire-days must be a positive number of days, not '%1'.")
                                     .arg(parser.value(expireDays)));
    }
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString id = parser.positionalArguments().first();
    auto point = Vaults::PointRepository(workspace.catalog()).find(id, parser.value(vault));
    if (!point)
        return context.fail(point.error());
    if (parser.isSet(tier)) {
        if (auto s = replication.setPointTier(point->vault, id, parser.value(tier), key.value()); !s)
            return context.fail(s.error());
    }
    if (parser.isSet(expireDays) || parser.isSet(noExpiry)) {
        const QDateTime expires = days > 0 ? QDateTime::currentDateTimeUtc().addDays(days) : QDateTime();
        if (auto s = replication.setPointExpiry(point->vault, id, expires); !s)
            return context.fail(s.error());
    }
    auto updated = Vaults::PointRepository(workspace.catalog()).find(id, point->vault);
    if (!updated)
        return context.fail(updated.error());
    if (context.json())
        context.printJson(updated->toJson());
    else
        context.out() << QCoreApplication::translate("Cli", "Point %1 of vault %2: tier %3, %4.")
                             .arg(id, point->vault, updated->tier,
                                  updated->expires.isValid() ? QCoreApplication::translate("Cli", "expires %1")
                                                                   .arg(updated->expires.toString(Qt::ISODate))
                                                             : QCoreApplication::translate("Cli", "kept until deleted"))
                      << Qt::endl;
    return ExitOk;
}

} // namespace Cli
