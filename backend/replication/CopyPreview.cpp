#include "backend/replication/CopyPreview.h"

#include "backend/core/SecretStore.h"
#include "backend/core/Workspace.h"
#include "backend/cost/CostEngine.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/CopyJob.h"
#include "backend/replication/VaultCopier.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/VaultAccess.h"
#include "backend/vaults/VaultRepository.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>

namespace Replication {

CopyPreview::CopyPreview(Core::Workspace& workspace)
    : m_workspace(workspace)
{ }

Core::Result<CopyEstimate> CopyPreview::estimate(const QString& sourceVault, const QStringList& points,
                                                 const QString& targetVault, const QString& targetRegion,
                                                 const Backup::KeySource& key) const
{
    auto source = Vaults::VaultRepository(m_workspace.catalog()).find(sourceVault);
    if (!source)
        return source.error();
    Regions::RegionService regions(m_workspace);
    const auto from = regions.find(source->region);
    const auto to = regions.find(targetRegion);
    if (!from || !to)
        return Core::fail(
            Core::ErrorCode::NotFound,
            QCoreApplication::translate("Replication", "Region '%1' or '%2' is no longer in the workspace.")
                .arg(source->region, targetRegion));
    CopyEstimate out;
    if (!points.isEmpty()) {
        auto sourceStore = regions.openStore(source->region);
        if (!sourceStore)
            return sourceStore.error();
        auto targetStore = regions.openStore(targetRegion);
        if (!targetStore)
            return targetStore.error();
        Vaults::VaultRecord target;
        target.name = targetVault;
        // As CopyJob does: with the source open (its managed key, or the customer key given),
        // only what these points use counts; otherwise every source object the target lacks.
        std::optional<Vaults::VaultAccess> access;
        std::optional<Vaults::VaultAccess> targetAccess;
        std::unique_ptr<Backup::Vault> opened;
        std::unique_ptr<Backup::Vault> openedTarget;
        const bool selecting = selectionPays(m_workspace.catalog(), sourceVault, points);
        if (selecting) {
            Backup::KeySource opener = key;
            if (opener.isNull() && source->encryption == QLatin1String("managed")) {
                if (auto managed = m_workspace.secrets().load(Vaults::VaultService::managedKeyId(sourceVault)))
                    opener = Backup::KeySource::managedKey(managed.value());
            }
            if (!opener.isNull()) {
                access.emplace(source.value(), std::move(sourceStore.value()), opener);
                if (auto vault = access->open())
                    opened = std::move(vault.value());
            }
            // An existing target is opened too (same key material), as CopyJob does.
            if (opened) {
                if (auto record = Vaults::VaultRepository(m_workspace.catalog()).find(targetVault)) {
                    auto store = regions.openStore(targetRegion);
                    if (store) {
                        targetAccess.emplace(record.value(), std::move(store.value()), opener);
                        if (auto vault = targetAccess->open())
                            openedTarget = std::move(vault.value());
                    }
                    if (!openedTarget)
                        opened.reset();
                }
            }
        }
        out.exact = !selecting || opened != nullptr;
        Storage::ObjectStore& sourceObjects = access ? access->store() : *sourceStore.value();
        // A vault still to create has no objects: its prefix lists empty and everything moves.
        VaultCopier copier(sourceObjects, source->prefix(), *targetStore.value(), target.prefix());
        if (opened) {
            copier.setSourceVault(opened.get());
            copier.setTargetVault(openedTarget.get());
        }
        auto plan = copier.plan(points);
        if (!plan)
            return plan.error();
        out.bytesToMove = plan->bytesToMove;
        out.bytesAlreadyThere = plan->bytesAlreadyThere;
        out.targetGrowth = plan->targetGrowth();
        out.objectsToMove = int(plan->missing.size() + plan->points.size());
    }
    if (from->priceSheet.isEmpty() || to->priceSheet.isEmpty()) {
        out.priceNote = QCoreApplication::translate("Replication", "no price sheet: cost not estimated");
        return out;
    }
    auto engine = Cost::CostEngine::forWorkspace(m_workspace);
    if (!engine) {
        out.priceNote = engine.error().message();
        return out;
    }
    auto quote = engine->priceCopy(out.bytesToMove, *from, *to);
    if (!quote) {
        out.priceNote = quote.error().message();
        return out;
    }
    out.price = quote.value();
    out.priceNote = quote->note;
    return out;
}

} // namespace Replication
