#include "app/cli/commands/RegionCommand.h"

#include "app/cli/Context.h"
#include "app/cli/JsonFormat.h"
#include "backend/core/Units.h"
#include "backend/regions/RegionService.h"
#include "backend/regions/S3Location.h"
#include "backend/storage/ObjectStore.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

namespace {

// --provider, --continent, --display and --price-sheet (add and set).
struct DescriptionOptions
{
    QCommandLineOption provider {
        QStringLiteral("provider"),
        QCoreApplication::translate("Cli", "Provider, for pricing (e.g. aws, aliyun, huawei, local)."),
        QStringLiteral("P")};
    QCommandLineOption continent {QStringLiteral("continent"),
                                  QCoreApplication::translate("Cli", "Continent: %1.")
                                      .arg(Regions::RegionService::knownContinents().join(QStringLiteral(", "))),
                                  QStringLiteral("C")};
    QCommandLineOption display {QStringLiteral("display"),
                                QCoreApplication::translate("Cli", "Display name, e.g. \"eu-central-1 (Frankfurt)\"."),
                                QStringLiteral("TEXT")};
    QCommandLineOption sheet {QStringLiteral("price-sheet"),
                              QCoreApplication::translate("Cli", "Price sheet id such as gcp/us-west1; \"\" for none."),
                              QStringLiteral("ID")};

    QList<QCommandLineOption> all() const { return {provider, continent, display, sheet}; }
    bool anySet(const QCommandLineParser& parser) const
    {
        return parser.isSet(provider) || parser.isSet(continent) || parser.isSet(display) || parser.isSet(sheet);
    }
    // Only the flags given change the region.
    void apply(const QCommandLineParser& parser, Regions::Region& region) const
    {
        if (parser.isSet(provider))
            region.provider = parser.value(provider);
        if (parser.isSet(continent))
            region.continent = parser.value(continent);
        if (parser.isSet(display))
            region.displayName = parser.value(display);
        if (parser.isSet(sheet))
            region.priceSheet = parser.value(sheet);
    }
};

// --part-size, --max-requests and --limit-rate of an S3 region (add and set).
struct TransferOptions
{
    QCommandLineOption partSize {
        QStringLiteral("part-size"),
        QCoreApplication::translate(
            "Cli", "S3 multipart part size, 5MiB to 5GiB (default 8MiB); larger objects go up in parts."),
        QStringLiteral("SIZE")};
    QCommandLineOption maxRequests {QStringLiteral("max-requests"),
                                    QCoreApplication::translate("Cli", "S3 requests at a time, 1 to 64 (default 4)."),
                                    QStringLiteral("N")};
    QCommandLineOption limitRate {
        QStringLiteral("limit-rate"),
        QCoreApplication::translate("Cli", "Bandwidth limit of the region per second, e.g. 20MB; 0 for unlimited."),
        QStringLiteral("RATE")};

    QList<QCommandLineOption> all() const { return {partSize, maxRequests, limitRate}; }
    bool anySet(const QCommandLineParser& parser) const
    {
        return parser.isSet(partSize) || parser.isSet(maxRequests) || parser.isSet(limitRate);
    }
    // Writes the given flags into settings; returns the usage message of a bad value.
    QString apply(const QCommandLineParser& parser, const QString& command, QJsonObject& settings) const
    {
        if (parser.isSet(partSize)) {
            auto size = Core::parseSize(parser.value(partSize));
            if (!size)
                return QCoreApplication::translate("Cli", "%1: --part-size: %2").arg(command, size.error().message());
            settings.insert(QStringLiteral("partSize"), size.value());
        }
        if (parser.isSet(maxRequests)) {
            bool ok = false;
            const int n = parser.value(maxRequests).toInt(&ok);
            if (!ok)
                return QCoreApplication::translate("Cli",
                                                   "%1: --max-requests must be a whole number from 1 to 64, not '%2'.")
                    .arg(command, parser.value(maxRequests));
            settings.insert(QStringLiteral("maxParallel"), n);
        }
        if (parser.isSet(limitRate)) {
            auto rate = Core::parseSize(parser.value(limitRate));
            if (!rate)
                return QCoreApplication::translate("Cli", "%1: --limit-rate: %2").arg(command, rate.error().message());
            if (rate.value() == 0)
                settings.remove(QStringLiteral("bandwidthLimit"));
            else
                settings.insert(QStringLiteral("bandwidthLimit"), rate.value());
        }
        // Range checks name the flag (the backend checks the same rules again).
        const std::pair<const QCommandLineOption*, QString> keys[] = {{&partSize, QStringLiteral("partSize")},
                                                                      {&maxRequests, QStringLiteral("maxParallel")},
                                                                      {&limitRate, QStringLiteral("bandwidthLimit")}};
        for (const auto& [option, key] : keys) {
            if (!parser.isSet(*option) || !settings.contains(key))
                continue;
            if (auto s = Regions::S3Location::checkTransfer(QJsonObject {{key, settings.value(key)}}); !s)
                return QStringLiteral("%1: --%2: %3").arg(command, option->names().first(), s.error().message());
        }
        return {};
    }
};

} // namespace

QString RegionCommand::summary() const
{
    return QCoreApplication::translate("Cli", "list, add, change, test or remove regions (storage endpoints)");
}

int RegionCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate(
        "Cli",
        "Usage: crossvault-cli region list | add NAME … | set NAME … | test NAME | remove NAME [--yes]\n"
        "Run 'crossvault-cli region SUBCOMMAND --help' for details.");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("list"))
        return list(context, rest);
    if (sub == QLatin1String("add"))
        return add(context, rest);
    if (sub == QLatin1String("set"))
        return set(context, rest);
    if (sub == QLatin1String("test"))
        return test(context, rest);
    if (sub == QLatin1String("remove"))
        return remove(context, rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    return context.usage(QCoreApplication::translate("Cli", "region: unknown sub-command '%1'.\n").arg(sub)
                         + usageText);
}

int RegionCommand::list(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Lists the workspace's regions."));
    if (auto code = context.parse(parser, args, QStringLiteral("region list")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "region list: unexpected argument '%1'.")
                                 .arg(parser.positionalArguments().first()));
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
        out << QStringLiteral("%1  %2  %3  %4  %5\n")
                   .arg(r.name, -16)
                   .arg(r.kind, -6)
                   .arg(r.provider, -10)
                   .arg(r.continent, -14)
                   .arg(r.location);
    return ExitOk;
}

int RegionCommand::add(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Adds a region: a local or NAS folder (--kind local --path DIR) or an S3-compatible bucket "
        "(--kind s3 --endpoint URL --bucket B --access-key-env VAR --secret-key-env VAR)."));
    parser.addPositionalArgument(QStringLiteral("NAME"),
                                 QCoreApplication::translate("Cli", "Region name: lowercase letters, digits and '-'."));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QCoreApplication::translate("Cli", "Storage kind: local or s3."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption path(QStringLiteral("path"),
                                  QCoreApplication::translate("Cli", "Folder of a local region (created if missing)."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption endpoint(QStringLiteral("endpoint"),
                                      QCoreApplication::translate("Cli", "S3 endpoint URL."), QStringLiteral("URL"));
    const QCommandLineOption bucket(QStringLiteral("bucket"), QCoreApplication::translate("Cli", "S3 bucket."),
                                    QStringLiteral("B"));
    const QCommandLineOption prefix(QStringLiteral("prefix"),
                                    QCoreApplication::translate("Cli", "Key prefix inside the bucket."),
                                    QStringLiteral("P"));
    const QCommandLineOption signingRegion(
        QStringLiteral("signing-region"),
        QCoreApplication::translate("Cli", "SigV4 signing region (default us-east-1)."), QStringLiteral("R"));
    const QCommandLineOption pathStyle(
        QStringLiteral("path-style"),
        QCoreApplication::translate("Cli", "Use path-style addressing (MinIO, Ceph, s3rver)."));
    const QCommandLineOption accessEnv(
        QStringLiteral("access-key-env"),
        QCoreApplication::translate("Cli", "Environment variable holding the access key id."), QStringLiteral("VAR"));
    const QCommandLineOption secretEnv(
        QStringLiteral("secret-key-env"),
        QCoreApplication::translate("Cli", "Environment variable holding the secret access key."),
        QStringLiteral("VAR"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    QCoreApplication::translate("Cli", "CA bundle for a self-hosted endpoint."),
                                    QStringLiteral("F"));
    const DescriptionOptions description;
    parser.addOptions({kind, path});
    parser.addOptions(description.all());
    parser.addOptions({endpoint, bucket, prefix, signingRegion, pathStyle, accessEnv, secretEnv, caFile});
    const TransferOptions transfer;
    parser.addOptions(transfer.all());
    if (auto code = context.parse(parser, args, QStringLiteral("region add")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "region add: give exactly one region NAME."));

    Regions::Region region;
    region.name = parser.positionalArguments().first();
    region.kind = parser.value(kind);
    description.apply(parser, region);
    Regions::RegionSecrets secrets;
    if (!parser.isSet(kind))
        return context.usage(QCoreApplication::translate("Cli", "region add: --kind is required (local or s3)."));
    if (region.kind == Regions::Region::kindLocal()) {
        if (!parser.isSet(path))
            return context.usage(
                QCoreApplication::translate("Cli", "region add: --path is required for a local region."));
        for (const auto* s3only : {&endpoint, &bucket, &prefix, &signingRegion, &accessEnv, &secretEnv, &caFile})
            if (parser.isSet(*s3only))
                return context.usage(QCoreApplication::translate("Cli", "region add: --%1 applies to s3 regions only.")
                                         .arg(s3only->names().first()));
        for (const QCommandLineOption& s3only : transfer.all())
            if (parser.isSet(s3only))
                return context.usage(QCoreApplication::translate("Cli", "region add: --%1 applies to s3 regions only.")
                                         .arg(s3only.names().first()));
        region.location = QDir::isRelativePath(parser.value(path))
            ? QDir::current().absoluteFilePath(parser.value(path))
            : parser.value(path);
        if (region.provider.isEmpty())
            region.provider = QStringLiteral("local");
    } else if (region.kind == Regions::Region::kindS3()) {
        if (parser.isSet(path))
            return context.usage(QCoreApplication::translate(
                "Cli", "region add: --path applies to local regions only; use --endpoint and --bucket."));
        for (const auto* required : {&endpoint, &bucket, &accessEnv, &secretEnv})
            if (!parser.isSet(*required))
                return context.usage(
                    QCoreApplication::translate("Cli", "region add: --%1 is required for an s3 region.")
                        .arg(required->names().first()));
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
        if (const QString bad = transfer.apply(parser, QStringLiteral("region add"), region.settings); !bad.isEmpty())
            return context.usage(bad);
        QString loc = QStringLiteral("s3://") + parser.value(bucket);
        if (!parser.value(prefix).isEmpty())
            loc += QLatin1Char('/') + parser.value(prefix);
        region.location = loc;
    } else {
        return context.usage(
            QCoreApplication::translate("Cli", "region add: --kind must be local or s3, not '%1'.").arg(region.kind));
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
        context.out() << QCoreApplication::translate("Cli", "Added region %1 (%2).").arg(added->name, added->location)
                      << Qt::endl;
    return ExitOk;
}

int RegionCommand::set(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Changes what may change of a region: display name, provider, continent, price sheet, and "
        "an S3 region's transfer settings. Name, kind and location (endpoint, bucket, prefix) are fixed."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Region name."));
    const DescriptionOptions description;
    parser.addOptions(description.all());
    const TransferOptions transfer;
    parser.addOptions(transfer.all());
    if (auto code = context.parse(parser, args, QStringLiteral("region set")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "region set: give exactly one region NAME."));
    if (!transfer.anySet(parser) && !description.anySet(parser))
        return context.usage(QCoreApplication::translate(
            "Cli",
            "region set: give at least one of --display, --provider, --continent, --price-sheet, "
            "--part-size, --max-requests, --limit-rate."));
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    Regions::RegionService service(*ws.value());
    const auto found = service.find(parser.positionalArguments().first());
    if (!found)
        return context.fail(Core::fail(Core::ErrorCode::NotFound,
                                       QCoreApplication::translate("Cli", "There is no region named '%1'.")
                                           .arg(parser.positionalArguments().first())));
    Regions::Region region = found.value();
    description.apply(parser, region);
    if (transfer.anySet(parser)) {
        if (region.kind != Regions::Region::kindS3())
            return context.usage(
                QCoreApplication::translate(
                    "Cli",
                    "region set: --part-size, --max-requests and --limit-rate apply to s3 regions only; "
                    "'%1' is a local folder.")
                    .arg(region.name));
        if (const QString bad = transfer.apply(parser, QStringLiteral("region set"), region.settings); !bad.isEmpty())
            return context.usage(bad);
    }
    if (auto updated = service.update(region); !updated)
        return context.fail(updated.error());
    const auto changed = service.find(region.name);
    if (context.json())
        context.printJson(regionToJson(changed.value()));
    else
        context.out() << QCoreApplication::translate("Cli", "Region %1 changed.").arg(region.name) << Qt::endl;
    return ExitOk;
}

int RegionCommand::test(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli", "Tests a region with a real round trip: put, get, list and delete of a probe object."));
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
        steps.append(QJsonObject {{QStringLiteral("step"), step}, {QStringLiteral("ok"), ok}});
        if (!context.json())
            context.out() << (ok ? QStringLiteral("  ok      ") : QStringLiteral("  FAILED  ")) << step << Qt::endl;
    });
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("region"), name},
                                       {QStringLiteral("ok"), status.ok()},
                                       {QStringLiteral("steps"), steps},
                                       {QStringLiteral("error"), status ? QString() : status.error().message()}});
    if (!status)
        return context.fail(status.error());
    if (!context.json())
        context.out() << QCoreApplication::translate("Cli", "Region %1 works: %2").arg(name, store.value()->describe())
                      << Qt::endl;
    return ExitOk;
}

int RegionCommand::remove(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Removes a region from the workspace. Its stored data is not deleted. "
                                    "Refused while a vault lives in the region."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Region name."));
    const QCommandLineOption yes(
        QStringLiteral("yes"),
        QCoreApplication::translate("Cli", "Accepted for symmetry with other destructive commands."));
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
        context.printJson(QJsonObject {{QStringLiteral("removed"), name}});
    else
        context.out() << QCoreApplication::translate(
                             "Cli", "Removed region %1 from the workspace (its stored files were left in place).")
                             .arg(name)
                      << Qt::endl;
    return ExitOk;
}

} // namespace Cli
