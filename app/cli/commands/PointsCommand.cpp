#include "app/cli/commands/PointsCommand.h"

#include "app/cli/Context.h"
#include "app/cli/Services.h"
#include "backend/core/Units.h"
#include "backend/regions/RegionService.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>

namespace Cli {

QString PointsCommand::summary() const
{
    return QCoreApplication::translate("Cli", "list backup points");
}

int PointsCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Lists backup points, oldest first."));
    const QCommandLineOption vault(
        QStringLiteral("vault"), QCoreApplication::translate("Cli", "Only this vault's points."), QStringLiteral("V"));
    const QCommandLineOption source(QStringLiteral("source"),
                                    QCoreApplication::translate("Cli", "Only points of this source (folder or file)."),
                                    QStringLiteral("S"));
    parser.addOptions({vault, source});
    if (auto code = context.parse(parser, args, QStringLiteral("points")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "points: unexpected argument '%1'.")
                                 .arg(parser.positionalArguments().first()));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString sourcePath = parser.isSet(source) ? QFileInfo(parser.value(source)).absoluteFilePath() : QString();
    auto points = vaults.points(parser.value(vault), sourcePath);
    if (!points)
        return context.fail(points.error());
    if (context.json()) {
        QJsonArray array;
        for (const Vaults::PointRecord& p : std::as_const(points.value()))
            array.append(p.toJson());
        context.printJson(array);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
               .arg(QCoreApplication::translate("Cli", "POINT"), -34)
               .arg(QCoreApplication::translate("Cli", "VAULT"), -16)
               .arg(QCoreApplication::translate("Cli", "CREATED"), -20)
               .arg(QCoreApplication::translate("Cli", "STATE"), -8)
               .arg(QCoreApplication::translate("Cli", "SIZE"), 10)
               .arg(QCoreApplication::translate("Cli", "SOURCE"));
    for (const Vaults::PointRecord& p : std::as_const(points.value()))
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(p.id, -34)
                   .arg(p.vault, -16)
                   .arg(p.created.toUTC().toString(Qt::ISODate), -20)
                   .arg(p.state, -8)
                   .arg(Core::formatBytes(p.logicalBytes), 10)
                   .arg(p.source);
    return ExitOk;
}

} // namespace Cli
