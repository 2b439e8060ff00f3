#include "app/cli/commands/PointCommand.h"

#include "app/cli/Context.h"
#include "app/cli/KeyOptions.h"
#include "backend/core/Units.h"
#include "backend/regions/RegionService.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace Cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}
} // namespace

QString PointCommand::summary() const
{
    return tr("delete a backup point");
}

int PointCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = tr("Usage: crossvault-cli point delete POINT [--vault V] [--yes]");
    if (args.isEmpty())
        return context.usage(usageText);
    if (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    if (args.first() != QLatin1String("delete"))
        return context.usage(tr("point: unknown sub-command '%1'.\n").arg(args.first()) + usageText);

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Deletes a backup point from its vault. Its data is freed by the next prune. "
                                        "Refused without --yes."));
    parser.addPositionalArgument(QStringLiteral("POINT"), tr("Point id (see 'points')."));
    const QCommandLineOption vault(QStringLiteral("vault"), tr("Vault of the point (when the id is in several vaults)."),
                                   QStringLiteral("V"));
    const QCommandLineOption yes(QStringLiteral("yes"), tr("Confirm the deletion."));
    parser.addOptions({vault, yes});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args.mid(1), QStringLiteral("point delete")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(tr("point delete: give exactly one POINT id."));
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
    if (!parser.isSet(yes))
        return context.fail(Core::fail(Core::ErrorCode::Refused,
                                       tr("Refusing to delete point %1 without --yes. This would permanently delete the backup of "
                                          "%2 taken %3 (%4 files, %5) from vault '%6'. Run again with --yes to confirm.")
                                           .arg(id, point->source, point->created.toUTC().toString(Qt::ISODate))
                                           .arg(point->files)
                                           .arg(Core::formatBytes(point->logicalBytes), point->vault)));
    Regions::RegionService regions(*ws.value());
    Vaults::VaultService vaults(*ws.value(), regions);
    if (auto s = vaults.deletePoint(point->vault, id, key.value()); !s)
        return context.fail(s.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("deleted"), id}, {QStringLiteral("vault"), point->vault}});
    else
        context.out() << tr("Deleted point %1 from vault %2.").arg(id, point->vault) << Qt::endl;
    return ExitOk;
}

} // namespace Cli
