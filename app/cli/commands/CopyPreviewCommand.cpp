#include "app/cli/commands/CopyPreviewCommand.h"

#include "app/cli/Context.h"
#include "app/cli/KeyOptions.h"
#include "app/cli/Services.h"
#include "backend/core/Units.h"
#include "backend/cost/CostEngine.h"
#include "backend/cost/Money.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/CopyJob.h"
#include "backend/replication/ReplicationService.h"
#include "backend/replication/VaultCopier.h"
#include "backend/storage/ObjectStore.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/VaultAccess.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <optional>

namespace Cli {

QString CopyPreviewCommand::summary() const
{
    return QCoreApplication::translate("Cli", "bytes a copy would move after dedup, the target's growth and its price");
}

int CopyPreviewCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Cli",
        "Shows what 'copy POINT --to-region R' would send (only what the destination lacks), "
        "how much the destination grows, and the price when the regions have price sheets."));
    parser.addPositionalArgument(QStringLiteral("POINT"), QCoreApplication::translate("Cli", "Point id."));
    const QCommandLineOption region(QStringLiteral("to-region"),
                                    QCoreApplication::translate("Cli", "Destination region."), QStringLiteral("R"));
    const QCommandLineOption vault(QStringLiteral("vault"),
                                   QCoreApplication::translate("Cli", "Destination vault (as for 'copy')."),
                                   QStringLiteral("V"));
    const QCommandLineOption from(QStringLiteral("from-vault"),
                                  QCoreApplication::translate("Cli", "The point's vault, when the id is in several."),
                                  QStringLiteral("V"));
    parser.addOptions({region, vault, from});
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("copy-preview")))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return context.usage(QCoreApplication::translate("Cli", "copy-preview: give exactly one POINT."));
    if (!parser.isSet(region))
        return context.usage(QCoreApplication::translate("Cli", "copy-preview: --to-region R is required."));
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto services = context.services();
    if (!services)
        return context.fail(services.error());
    auto& [workspace, regions, vaults, replication] = *services.value();
    Replication::CopyRequest request;
    request.point = parser.positionalArguments().first();
    request.region = parser.value(region);
    request.vault = parser.value(vault);
    request.sourceVault = parser.value(from);
    auto target = replication.prepareCopy(request);
    if (!target)
        return context.fail(target.error());
    const auto source = vaults.find(request.sourceVault);
    if (!source)
        return context.fail(
            Core::fail(Core::ErrorCode::NotFound,
                       QCoreApplication::translate("Cli", "Vault '%1' disappeared.").arg(request.sourceVault)));
    auto sourceStore = regions.openStore(source->region);
    if (!sourceStore)
        return context.fail(sourceStore.error());
    auto targetStore = regions.openStore(request.region);
    if (!targetStore)
        return context.fail(targetStore.error());
    // As the copy job plans it: with the source vault open (a managed key, or the customer key
    // given here), only what this point uses counts; otherwise every source object the
    // destination lacks.
    std::optional<Vaults::VaultAccess> access;
    std::optional<Vaults::VaultAccess> targetAccess;
    std::unique_ptr<Backup::Vault> opened;
    std::unique_ptr<Backup::Vault> openedTarget;
    if (Replication::selectionPays(workspace.catalog(), source->name, {request.point})) {
        if (auto sourceAccess = vaults.access(source->name, key.value())) {
            access.emplace(std::move(sourceAccess.value()));
            if (auto vault = access->open())
                opened = std::move(vault.value());
        }
        // An existing destination vault is opened too (same key material), as the copy does.
        if (opened && target->id != 0) {
            if (auto destination = vaults.access(target->name, key.value())) {
                targetAccess.emplace(std::move(destination.value()));
                if (auto vault = targetAccess->open())
                    openedTarget = std::move(vault.value());
            }
            if (!openedTarget)
                opened.reset();
        }
    }
    // A vault still to create has no objects: its prefix lists empty and everything moves.
    Replication::VaultCopier copier(*sourceStore.value(), source->prefix(), *targetStore.value(), target->prefix());
    if (opened) {
        copier.setSourceVault(opened.get());
        copier.setTargetVault(openedTarget.get());
    }
    auto plan = copier.plan({request.point});
    if (!plan)
        return context.fail(plan.error());

    QJsonObject result {{QStringLiteral("point"), request.point},
                        {QStringLiteral("source"), source->name},
                        {QStringLiteral("targetVault"), target->name},
                        {QStringLiteral("targetExists"), target->id != 0},
                        {QStringLiteral("region"), request.region},
                        {QStringLiteral("bytesToMove"), plan->bytesToMove},
                        {QStringLiteral("objectsToMove"), int(plan->missing.size() + plan->points.size())},
                        {QStringLiteral("bytesAlreadyThere"), plan->bytesAlreadyThere},
                        {QStringLiteral("targetGrowth"), plan->targetGrowth()}};
    QString priceText;
    if (auto engine = Cost::CostEngine::forWorkspace(workspace)) {
        const auto fromRegion = regions.find(source->region);
        const auto toRegion = regions.find(request.region);
        if (fromRegion && toRegion) {
            if (auto quote = engine->priceCopy(plan->bytesToMove, *fromRegion, *toRegion)) {
                result.insert(
                    QStringLiteral("price"),
                    QJsonObject {{QStringLiteral("currency"), quote->currency},
                                 {QStringLiteral("transfer"), Cost::Money::toDecimal(quote->transfer)},
                                 {QStringLiteral("storagePerMonth"), Cost::Money::toDecimal(quote->storagePerMonth)},
                                 {QStringLiteral("note"), quote->note}});
                priceText = QCoreApplication::translate("Cli", ", transfer %1 %2, storage %3 %2 per month")
                                .arg(Cost::Money::toDecimal(quote->transfer), quote->currency,
                                     Cost::Money::toDecimal(quote->storagePerMonth));
            }
        }
    }
    if (context.json())
        context.printJson(result);
    else
        context.out()
            << QCoreApplication::translate(
                   "Cli",
                   "Copying point %1 to %2 (vault %3) would move %4 (%5 already there); the destination grows by %4%6.")
                   .arg(request.point, request.region, target->name, Core::formatBytes(plan->bytesToMove),
                        Core::formatBytes(plan->bytesAlreadyThere), priceText)
            << Qt::endl;
    return ExitOk;
}

} // namespace Cli
