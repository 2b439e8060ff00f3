#include "app/cli/commands/CheckCommand.h"

#include "app/cli/Context.h"
#include "app/cli/JobSession.h"
#include "app/cli/KeyOptions.h"
#include "app/cli/Services.h"
#include "backend/core/Units.h"
#include "backend/jobs/CheckJob.h"
#include "backend/regions/RegionService.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace Cli {

QString CheckCommand::summary() const
{
    return QCoreApplication::translate("Cli", "check a vault's structure (and, with --read-data, its contents)");
}

int CheckCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Checks a vault: every object its points need exists and parses; with --read-data, "
        "re-reads and authenticates stored data. Missing or corrupt objects are named and "
        "give exit code 1; leftovers of interrupted backups are only reported as reclaimable."));
    parser.addPositionalArgument(QStringLiteral("VAULT"), QCoreApplication::translate("Cli", "Vault name."));
    const QCommandLineOption readData(QStringLiteral("read-data"),
                                      QCoreApplication::translate("Cli", "Re-read and authenticate the stored data."));
    const QCommandLineOption subset(
        QStringLiteral("subset"),
        QCoreApplication::translate("Cli", "With --read-data: percentage of packs to read (1-100)."),
        QStringLiteral("PERCENT"));
    parser.addOptions({readData, subset});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("check")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "check: give exactly one VAULT."));
    Backup::CheckOptions options;
    options.readData = parser.isSet(readData);
    if (parser.isSet(subset)) {
        if (!options.readData)
            return context.usage(QCoreApplication::translate("Cli", "check: --subset applies with --read-data only."));
        QString text = parser.value(subset);
        if (text.endsWith(QLatin1Char('%')))
            text.chop(1);
        bool ok = false;
        const int percent = text.toInt(&ok);
        if (!ok || percent < 1 || percent > 100)
            return context.usage(
                QCoreApplication::translate("Cli", "check: --subset must be a percentage from 1 to 100, not '%1'.")
                    .arg(parser.value(subset)));
        options.subsetPercent = percent;
    }
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    const QString name = parser.positionalArguments().first();
    auto access = vaults.access(name, key.value());
    if (!access)
        return context.fail(access.error());

    JobSession session(context, workspace.catalog());
    auto ended = session.run(std::make_unique<Jobs::CheckJob>(std::move(access.value()), options));
    if (!ended)
        return context.fail(ended.error());
    const Jobs::JobOutcome& outcome = ended->outcome;
    QJsonObject result = outcome.result;
    if (result.isEmpty()) // the check could not run at all (wrong key, unreachable region…)
        return context.fail(Core::Error(outcome.errorCode, outcome.error));
    result.insert(QStringLiteral("job"), ended->id);
    if (context.json()) {
        context.printJson(result);
    } else {
        const qint64 reclaimable = result.value(QStringLiteral("reclaimable")).toInteger();
        if (result.value(QStringLiteral("ok")).toBool())
            context.out() << QCoreApplication::translate(
                                 "Cli", "Vault %1 is consistent: %2 point(s), %3 pack(s) present, %4 re-read.")
                                 .arg(name)
                                 .arg(result.value(QStringLiteral("points")).toInteger())
                                 .arg(result.value(QStringLiteral("packsChecked")).toInteger())
                                 .arg(result.value(QStringLiteral("packsRead")).toInteger())
                          << Qt::endl;
        if (reclaimable > 0)
            context.out() << QCoreApplication::translate("Cli",
                                                         "%1 leftover object(s) (%2) from interrupted backups are "
                                                         "reclaimable by 'prune %3'; they are not errors.")
                                 .arg(reclaimable)
                                 .arg(Core::formatBytes(result.value(QStringLiteral("reclaimableBytes")).toInteger()),
                                      name)
                          << Qt::endl;
    }
    if (outcome.state != Jobs::JobState::Succeeded) {
        for (const QJsonValue& v : result.value(QStringLiteral("errors")).toArray())
            context.err() << QStringLiteral("  ") << v[QStringLiteral("key")].toString() << QStringLiteral(": ")
                          << v[QStringLiteral("problem")].toString() << Qt::endl;
        return context.fail(Core::Error(outcome.errorCode, outcome.error));
    }
    return ExitOk;
}

} // namespace Cli
