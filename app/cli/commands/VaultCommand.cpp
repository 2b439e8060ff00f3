#include "app/cli/commands/VaultCommand.h"

#include "app/cli/Context.h"
#include "app/cli/KeyOptions.h"
#include "app/cli/Services.h"
#include "backend/core/Units.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vault/VaultTypes.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

namespace Cli {

namespace {

QString exportHint(const QString& vault)
{
    return QCoreApplication::translate(
               "Cli",
               "Vault '%1' is encrypted with a managed key kept only in this workspace. Export its recovery key and "
               "keep it "
               "away from this machine, or the vault cannot be opened from another workspace or region:\n"
               "  crossvault-cli vault export-key %1 --to FILE")
        .arg(vault);
}

} // namespace

QString VaultCommand::summary() const
{
    return QCoreApplication::translate("Cli",
                                       "create, list, import, delete vaults; export a managed vault's recovery key");
}

int VaultCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate(
        "Cli",
        "Usage: crossvault-cli vault create NAME --region R … | list | import NAME --region R … | "
        "delete NAME [--yes] | export-key NAME [--to FILE]\n"
        "Run 'crossvault-cli vault SUBCOMMAND --help' for details.");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("create"))
        return create(context, rest);
    if (sub == QLatin1String("list"))
        return list(context, rest);
    if (sub == QLatin1String("import"))
        return import(context, rest);
    if (sub == QLatin1String("delete"))
        return remove(context, rest);
    if (sub == QLatin1String("export-key"))
        return exportKey(context, rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    return context.usage(QCoreApplication::translate("Cli", "vault: unknown sub-command '%1'.\n").arg(sub) + usageText);
}

int VaultCommand::create(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Creates a vault in a region. Managed encryption (default) keeps the key in this "
                                    "workspace; export its recovery key afterwards. Customer encryption needs "
                                    "--passphrase-env or --key-file, and the same secret for every later use."));
    parser.addPositionalArgument(
        QStringLiteral("NAME"),
        QCoreApplication::translate("Cli", "Vault name: lowercase letters, digits, '-' and '_'."));
    const QCommandLineOption region(QStringLiteral("region"),
                                    QCoreApplication::translate("Cli", "Region the vault lives in."),
                                    QStringLiteral("R"));
    const QCommandLineOption description(QStringLiteral("description"),
                                         QCoreApplication::translate("Cli", "Free text."), QStringLiteral("T"));
    const QCommandLineOption label(QStringLiteral("label"), QCoreApplication::translate("Cli", "A short label."),
                                   QStringLiteral("L"));
    const QCommandLineOption encryption(QStringLiteral("encryption"),
                                        QCoreApplication::translate("Cli", "managed (default) or customer."),
                                        QStringLiteral("METHOD"));
    const QCommandLineOption type(
        QStringLiteral("type"),
        QCoreApplication::translate("Cli", "general (default), standalone or replication-target."),
        QStringLiteral("TYPE"));
    const QCommandLineOption level(
        QStringLiteral("compression-level"),
        QCoreApplication::translate("Cli", "zstd level of the vault's data, 1 (fastest) to 19 (smallest); default %1.")
            .arg(Backup::CreateOptions().compressionLevel),
        QStringLiteral("N"));
    parser.addOptions({region, description, label, encryption, type, level});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("vault create")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "vault create: give exactly one vault NAME."));
    if (!parser.isSet(region))
        return context.usage(
            QCoreApplication::translate("Cli", "vault create: --region is required (see 'region list')."));

    Vaults::NewVault spec;
    spec.name = parser.positionalArguments().first();
    spec.region = parser.value(region);
    spec.description = parser.value(description);
    spec.label = parser.value(label);
    if (parser.isSet(type))
        spec.type = parser.value(type);
    if (parser.isSet(level)) {
        bool ok = false;
        spec.compressionLevel = parser.value(level).toInt(&ok);
        if (!ok || spec.compressionLevel < 1 || spec.compressionLevel > 19)
            return context.usage(
                QCoreApplication::translate(
                    "Cli", "vault create: --compression-level must be a whole number from 1 to 19, not '%1'.")
                    .arg(parser.value(level)));
    }
    const QString method = parser.isSet(encryption) ? parser.value(encryption) : QStringLiteral("managed");
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    if (method == QLatin1String("managed")) {
        if (!key->isNull())
            return context.usage(QCoreApplication::translate(
                "Cli",
                "vault create: --passphrase-env and --key-file apply to --encryption customer only; a "
                "managed vault's key is generated and kept by the workspace."));
        spec.encryption = Backup::EncryptionMethod::Managed;
    } else if (method == QLatin1String("customer")) {
        if (key->isNull())
            return context.usage(QCoreApplication::translate(
                "Cli", "vault create: --encryption customer needs --passphrase-env VAR or --key-file FILE."));
        spec.encryption = Backup::EncryptionMethod::Customer;
        spec.customerKey = key.value();
    } else {
        return context.usage(
            QCoreApplication::translate("Cli", "vault create: --encryption must be managed or customer, not '%1'.")
                .arg(method));
    }

    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    auto created = vaults.create(spec);
    if (!created)
        return context.fail(created.error());
    if (context.json())
        context.printJson(created->toJson());
    else
        context.out() << QCoreApplication::translate("Cli", "Created vault %1 in region %2 (%3 encryption).")
                             .arg(created->name, created->region, created->encryption)
                      << Qt::endl;
    if (created->encryption == QLatin1String("managed"))
        context.err() << exportHint(created->name) << Qt::endl;
    return ExitOk;
}

int VaultCommand::list(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("Cli", "Lists the workspace's vaults."));
    if (auto code = context.parse(parser, args, QStringLiteral("vault list")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "vault list: unexpected argument '%1'.")
                                 .arg(parser.positionalArguments().first()));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    if (context.json()) {
        QJsonArray array;
        for (const Vaults::VaultRecord& v : vaults.vaults())
            array.append(v.toJson());
        context.printJson(array);
    } else {
        QTextStream& out = context.out();
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(QCoreApplication::translate("Cli", "NAME"), -20)
                   .arg(QCoreApplication::translate("Cli", "REGION"), -14)
                   .arg(QCoreApplication::translate("Cli", "TYPE"), -18)
                   .arg(QCoreApplication::translate("Cli", "ENCRYPTION"), -10)
                   .arg(QCoreApplication::translate("Cli", "POINTS"), 6)
                   .arg(QCoreApplication::translate("Cli", "STORED"));
        for (const Vaults::VaultRecord& v : vaults.vaults())
            out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(v.name, -20)
                       .arg(v.region, -14)
                       .arg(v.type, -18)
                       .arg(v.encryption, -10)
                       .arg(v.points, 6)
                       .arg(Core::formatBytes(v.storedBytes));
    }
    for (const Vaults::VaultRecord& v : vaults.vaults())
        if (v.encryption == QLatin1String("managed") && !v.recoveryKeyExported)
            context.err() << QCoreApplication::translate("Cli", "warning: ") << exportHint(v.name) << Qt::endl;
    return ExitOk;
}

int VaultCommand::import(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Adds an existing vault of a region to this workspace (e.g. one made by another "
                                    "workspace) and lists its points. A managed vault needs its recovery key "
                                    "(--key-file FILE as written by 'vault export-key'); a customer-key vault its "
                                    "passphrase or key file."));
    parser.addPositionalArgument(QStringLiteral("NAME"),
                                 QCoreApplication::translate("Cli", "The vault's name in the region."));
    const QCommandLineOption region(
        QStringLiteral("region"), QCoreApplication::translate("Cli", "Region holding the vault."), QStringLiteral("R"));
    parser.addOption(region);
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("vault import")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "vault import: give exactly one vault NAME."));
    if (!parser.isSet(region))
        return context.usage(QCoreApplication::translate("Cli", "vault import: --region is required."));
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    auto imported = vaults.import(parser.positionalArguments().first(), parser.value(region), key.value());
    if (!imported)
        return context.fail(imported.error());
    if (context.json())
        context.printJson(imported->toJson());
    else
        context.out() << QCoreApplication::translate("Cli", "Imported vault %1 from region %2: %3 point(s), %4 stored.")
                             .arg(imported->name, imported->region)
                             .arg(imported->points)
                             .arg(Core::formatBytes(imported->storedBytes))
                      << Qt::endl;
    return ExitOk;
}

int VaultCommand::remove(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Deletes a vault: all its backup points and stored data in its region, and its "
                                    "managed key. Cannot be undone; refused without --yes."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Vault name."));
    const QCommandLineOption yes(QStringLiteral("yes"), QCoreApplication::translate("Cli", "Confirm the deletion."));
    parser.addOption(yes);
    if (auto code = context.parse(parser, args, QStringLiteral("vault delete")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "vault delete: give exactly one vault NAME."));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString name = parser.positionalArguments().first();
    const auto vault = vaults.find(name);
    if (!vault)
        return context.fail(Core::fail(
            Core::ErrorCode::NotFound,
            QCoreApplication::translate("Cli", "There is no vault named '%1' (see 'vault list').").arg(name)));
    // A replicating source cannot go; deleting a vault never deletes its targets.
    if (auto s = Replication::ReplicationService(workspace, regions, vaults).checkDeletable(name); !s)
        return context.fail(s.error());
    if (!parser.isSet(yes)) {
        QString lost
            = QCoreApplication::translate(
                  "Cli",
                  "Refusing to delete vault '%1' without --yes. This would permanently delete, in region '%2': "
                  "%3 backup point(s) and %4 of stored data")
                  .arg(name, vault->region)
                  .arg(vault->points)
                  .arg(Core::formatBytes(vault->storedBytes));
        if (vault->encryption == QLatin1String("managed"))
            lost += vault->recoveryKeyExported
                ? QCoreApplication::translate("Cli", ", and the workspace's copy of its managed key")
                : QCoreApplication::translate("Cli", ", and its managed key, whose recovery key was never exported");
        lost
            += QCoreApplication::translate("Cli", ". Run 'crossvault-cli vault delete %1 --yes' to confirm.").arg(name);
        return context.fail(Core::fail(Core::ErrorCode::Refused, lost));
    }
    if (auto s = vaults.remove(name); !s)
        return context.fail(s.error());
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("deleted"), name},
                                       {QStringLiteral("points"), vault->points},
                                       {QStringLiteral("storedBytes"), vault->storedBytes}});
    else
        context.out()
            << QCoreApplication::translate("Cli", "Deleted vault %1 (%2 point(s)).").arg(name).arg(vault->points)
            << Qt::endl;
    return ExitOk;
}

int VaultCommand::exportKey(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Exports a managed vault's recovery key: to FILE (created 0600) or, without --to, "
                                    "printed on stdout. Keep it away from this machine; 'vault import … --key-file' "
                                    "accepts it."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QCoreApplication::translate("Cli", "Vault name."));
    const QCommandLineOption to(
        QStringLiteral("to"), QCoreApplication::translate("Cli", "File to write the recovery key to (must not exist)."),
        QStringLiteral("FILE"));
    parser.addOption(to);
    if (auto code = context.parse(parser, args, QStringLiteral("vault export-key")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "vault export-key: give exactly one vault NAME."));
    const QString file = parser.value(to);
    if (parser.isSet(to) && QFileInfo::exists(file))
        return context.usage(
            QCoreApplication::translate("Cli", "vault export-key: --to %1 already exists; choose a new file.")
                .arg(file));
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString name = parser.positionalArguments().first();
    auto text = vaults.exportRecoveryKey(name);
    if (!text)
        return context.fail(text.error());
    if (!parser.isSet(to)) {
        if (context.json())
            context.printJson(
                QJsonObject {{QStringLiteral("vault"), name}, {QStringLiteral("recoveryKey"), text.value()}});
        else
            context.out() << text.value() << Qt::endl;
        return ExitOk;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return context.fail(
            Core::fail(Core::ErrorCode::Io,
                       QCoreApplication::translate("Cli", "Cannot write %1: %2").arg(file, out.errorString())));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(text->toUtf8() + '\n');
    if (!out.commit())
        return context.fail(
            Core::fail(Core::ErrorCode::Io,
                       QCoreApplication::translate("Cli", "Cannot write %1: %2").arg(file, out.errorString())));
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("vault"), name},
                                       {QStringLiteral("file"), QFileInfo(file).absoluteFilePath()}});
    else
        context.out() << QCoreApplication::translate(
                             "Cli",
                             "Wrote the recovery key of vault %1 to %2. Keep it safe and away from this machine.")
                             .arg(name, file)
                      << Qt::endl;
    return ExitOk;
}

} // namespace Cli
