#include "app/cli/commands/RegionCommand.h"

#include "app/cli/Context.h"
#include "app/cli/JsonFormat.h"
#include "backend/regions/RegionService.h"
#include "backend/storage/ObjectStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QDir>
#include <QJsonObject>

namespace Cli {

QString RegionCommand::summary() const
{
    return QCoreApplication::translate("Cli", "list, add, test or remove regions (storage endpoints)");
}

int RegionCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate("Cli", "Usage: crossvault-cli region list | add NAME … | test NAME | remove NAME [--yes]\n"
                                 "Run 'crossvault-cli region SUBCOMMAND --help' for details.");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("list"))
        return list(context, rest);
    if (sub == QLatin1String("add"))
        return add(context, rest);
    if (sub == QLatin1String("test"))
        return test(context, rest);
    if (sub == QLatin1String("remove"))
        return remove(context, rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    return context.usage(QCoreApplication::translate("Cli", "region: unknown sub-command '%1'.\n").arg(sub) + usageText);
}

int RegionCommand::list(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Lists the workspace's regions."));
    if (auto code = context.parse(parser, args, QStringLiteral("region list")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "region list: unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    Regions::RegionService service(*ws.value());
    if (context.json()) {
        QJsonArray array;
        for (const Regions::Region& r : service.regions())
            array.append(regionToJson(r));
        context.printJson(array);
        return ExitOk;
    }
    QTextStream& out = context.out();
    out << QStringLiteral("%1  %2  %3  %4  %5\n")
               .arg(QCoreApplication::translate("Cli", "NAME"), -16)
               .arg(QCoreApplication::translate("Cli", "KIND"), -6)
               .arg(QCoreApplication::translate("Cli", "PROVIDER"), -10)
               .arg(QCoreApplication::translate("Cli", "CONTINENT"), -14)
               .arg(QCoreApplication::translate("Cli", "LOCATION"));
    for (const Regions::Region& r : service.regions())
        out << QStringLiteral("%1  %2  %3  %4  %5\n").arg(r.name, -16).arg(r.kind, -6).arg(r.provider, -10).arg(r.continent, -14).arg(r.location);
    return ExitOk;
}

int RegionCommand::add(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Adds a region: a local or NAS folder (--kind local --path DIR) or an S3-compatible bucket "
                                        "(--kind s3 --endpoint URL --bucket B --access-key-env VAR --secret-key-env VAR)."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Region name: lowercase letters, digits and '-'."));
    const QCommandLineOption kind(QStringLiteral("kind"), QCoreApplication::translate("Cli", "Storage kind: local or s3."), QStringLiteral("KIND"));
    const QCommandLineOption path(QStringLiteral("path"), QCoreApplication::translate("Cli", "Folder of a local region (created if missing)."), QStringLiteral("DIR"));
    const QCommandLineOption provider(QStringLiteral("provider"), QCoreApplication::translate("Cli", "Provider, for pricing (e.g. aws, aliyun, huawei, local)."),
                                      QStringLiteral("P"));
    const QCommandLineOption continent(QStringLiteral("continent"),
                                       QCoreApplication::translate("Cli", "Continent: %1.").arg(Regions::RegionService::knownContinents().join(QStringLiteral(", "))),
                                       QStringLiteral("C"));
    const QCommandLineOption display(QStringLiteral("display"), QCoreApplication::translate("Cli", "Display name, e.g. \"eu-central-1 (Frankfurt)\"."), QStringLiteral("TEXT"));
    const QCommandLineOption sheet(QStringLiteral("price-sheet"), QCoreApplication::translate("Cli", "Price sheet id such as gcp/us-west1."), QStringLiteral("ID"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"), QCoreApplication::translate("Cli", "S3 endpoint URL."), QStringLiteral("URL"));
    const QCommandLineOption bucket(QStringLiteral("bucket"), QCoreApplication::translate("Cli", "S3 bucket."), QStringLiteral("B"));
    const QCommandLineOption prefix(QStringLiteral("prefix"), QCoreApplication::translate("Cli", "Key prefix inside the bucket."), QStringLiteral("P"));
    const QCommandLineOption signingRegion(QStringLiteral("signing-region"), QCoreApplication::translate("Cli", "SigV4 signing region (default us-east-1)."),
                                           QStringLiteral("R"));
    const QCommandLineOption pathStyle(QStringLiteral("path-style"), QCoreApplication::translate("Cli", "Use path-style addressing (MinIO, Ceph, s3rver)."));
    const QCommandLineOption accessEnv(QStringLiteral("access-key-env"), QCoreApplication::translate("Cli", "Environment variable holding the access key id."),
                                       QStringLiteral("VAR"));
    const QCommandLineOption secretEnv(QStringLiteral("secret-key-env"), QCoreApplication::translate("Cli", "Environment variable holding the secret access key."),
                                       QStringLiteral("VAR"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"), QCoreApplication::translate("Cli", "CA bundle for a self-hosted endpoint."), QStringLiteral("F"));
    parser.addOptions({kind, path, provider, continent, display, sheet, endpoint, bucket, prefix, signingRegion, pathStyle, accessEnv,
                       secretEnv, caFile});
    if (auto code = context.parse(parser, args, QStringLiteral("region add")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "region add: give exactly one region NAME."));

    Regions::Region region;
    region.name = parser.positionalArguments().first();
    region.kind = parser.value(kind);
    region.provider = parser.value(provider);
    region.continent = parser.value(continent);
    region.displayName = parser.value(display);
    region.priceSheet = parser.value(sheet);
    Regions::RegionSecrets secrets;
    if (!parser.isSet(kind))
        return context.usage(QCoreApplication::translate("Cli", "region add: --kind is required (local or s3)."));
    if (region.kind == Regions::Region::kindLocal()) {
        if (!parser.isSet(path))
            return context.usage(QCoreApplication::translate("Cli", "region add: --path is required for a local region."));
        for (const auto* s3only : {&endpoint, &bucket, &prefix, &signingRegion, &accessEnv, &secretEnv, &caFile})
            if (parser.isSet(*s3only))
                return context.usage(QCoreApplication::translate("Cli", "region add: --%1 applies to s3 regions only.").arg(s3only->names().first()));
        region.location = QDir::isRelativePath(parser.value(path)) ? QDir::current().absoluteFilePath(parser.value(path))
                                                                   : parser.value(path);
        if (region.provider.isEmpty())
            region.provider = QStringLiteral("local");
    } else if (region.kind == Regions::Region::kindS3()) {
        if (parser.isSet(path))
            return context.usage(QCoreApplication::translate("Cli", "region add: --path applies to local regions only; use --endpoint and --bucket."));
        for (const auto* required : {&endpoint, &bucket, &accessEnv, &secretEnv})
            if (!parser.isSet(*required))
                return context.usage(QCoreApplication::translate("Cli", "region add: --%1 is required for an s3 region.").arg(required->names().first()));
        auto access = context.secretFromEnv(QStringLiteral("--access-key-env"), parser.value(accessEnv));
        if (!access)
            return context.fail(access.error());
        auto secret = context.secretFromEnv(QStringLiteral("--secret-key-env"), parser.value(secretEnv));
        if (!secret)
            return context.fail(secret.error());
        secrets.accessKey = access.value();
        secrets.secretKey = secret.value();
        region.settings.insert(QStringLiteral("endpoint"), parser.value(endpoint));
        region.settings.insert(QStringLiteral("bucket"), parser.value(bucket));
        region.settings.insert(QStringLiteral("prefix"), parser.value(prefix));
        region.settings.insert(QStringLiteral("signingRegion"),
                               parser.isSet(signingRegion) ? parser.value(signingRegion) : QStringLiteral("us-east-1"));
        region.settings.insert(QStringLiteral("pathStyle"), parser.isSet(pathStyle));
        if (parser.isSet(caFile))
            region.settings.insert(QStringLiteral("caFile"), QDir::current().absoluteFilePath(parser.value(caFile)));
        QString loc = QStringLiteral("s3://") + parser.value(bucket);
        if (!parser.value(prefix).isEmpty())
            loc += QLatin1Char('/') + parser.value(prefix);
        region.location = loc;
    } else {
        return context.usage(QCoreApplication::translate("Cli", "region add: --kind must be local or s3, not '%1'.").arg(region.kind));
    }

    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    Regions::RegionService service(*ws.value());
    auto added = service.add(region, secrets);
    if (!added)
        return context.fail(added.error());
    if (context.json())
        context.printJson(regionToJson(added.value()));
    else
        context.out() << QCoreApplication::translate("Cli", "Added region %1 (%2).").arg(added->name, added->location) << Qt::endl;
    return ExitOk;
}

int RegionCommand::test(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Tests a region with a real round trip: put, get, list and delete of a probe object."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Region name."));
    if (auto code = context.parse(parser, args, QStringLiteral("region test")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "region test: give exactly one region NAME."));
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    Regions::RegionService service(*ws.value());
    const QString name = parser.positionalArguments().first();
    auto store = service.openStore(name);
    if (!store)
        return context.fail(store.error());
    QJsonArray steps;
    auto status = store.value()->probe([&](const QString& step, bool ok) {
        steps.append(QJsonObject{{QStringLiteral("step"), step}, {QStringLiteral("ok"), ok}});
        if (!context.json())
            context.out() << (ok ? QStringLiteral("  ok      ") : QStringLiteral("  FAILED  ")) << step << Qt::endl;
    });
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("region"), name},
                                      {QStringLiteral("ok"), status.ok()},
                                      {QStringLiteral("steps"), steps},
                                      {QStringLiteral("error"), status ? QString() : status.error().message()}});
    if (!status)
        return context.fail(status.error());
    if (!context.json())
        context.out() << QCoreApplication::translate("Cli", "Region %1 works: %2").arg(name, store.value()->describe()) << Qt::endl;
    return ExitOk;
}

int RegionCommand::remove(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Removes a region from the workspace. Its stored data is not deleted. "
                                        "Refused while a vault lives in the region."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Region name."));
    const QCommandLineOption yes(QStringLiteral("yes"), QCoreApplication::translate("Cli", "Accepted for symmetry with other destructive commands."));
    parser.addOption(yes);
    if (auto code = context.parse(parser, args, QStringLiteral("region remove")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "region remove: give exactly one region NAME."));
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    Regions::RegionService service(*ws.value());
    const QString name = parser.positionalArguments().first();
    if (auto s = service.remove(name); !s)
        return context.fail(s.error());
    if (context.json())
        context.printJson(QJsonObject{{QStringLiteral("removed"), name}});
    else
        context.out() << QCoreApplication::translate("Cli", "Removed region %1 from the workspace (its stored files were left in place).").arg(name) << Qt::endl;
    return ExitOk;
}

} // namespace Cli
