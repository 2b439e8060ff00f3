#include "backend/cost/UsageCollector.h"

#include "backend/catalog/Catalog.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/JobRecord.h"
#include "backend/jobs/JobRepository.h"
#include "backend/regions/RegionService.h"
#include "backend/vaults/VaultRepository.h"

#include <QCoreApplication>
#include <QHash>

namespace Cost {

QDateTime UsageCollector::monthStart(const QDateTime& now)
{
    const QDate today = now.toUTC().date();
    return QDateTime(QDate(today.year(), today.month(), 1), QTime(0, 0), Qt::UTC);
}

Core::Result<ActualsInput> UsageCollector::collect(Core::Workspace& workspace, const QDateTime& now,
                                                   const QString& vault)
{
    ActualsInput input;
    input.now = now.toUTC();
    input.monthStart = monthStart(now);

    Regions::RegionService regions(workspace);
    QHash<QString, QString> sheetOfRegion;
    for (const Regions::Region& r : regions.regions())
        sheetOfRegion.insert(r.name, r.priceSheet);

    Vaults::VaultRepository vaults(workspace.catalog());
    auto all = vaults.all();
    if (!all)
        return all.error();
    QHash<QString, QString> regionOfVault;
    bool found = vault.isEmpty();
    for (const Vaults::VaultRecord& v : all.value()) {
        regionOfVault.insert(v.name, v.region);
        if (!vault.isEmpty() && v.name != vault)
            continue;
        found = true;
        input.vaults.append(VaultUsage{v.name, v.region, sheetOfRegion.value(v.region), v.storedBytes});
    }
    if (!found)
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Cost::UsageCollector", "No vault named '%1'.").arg(vault));

    Jobs::JobRepository jobs(workspace.catalog());
    for (const QString& type : {QStringLiteral("copy"), QStringLiteral("replication")}) {
        auto list = jobs.list({}, type);
        if (!list)
            return list.error();
        for (const Jobs::JobRecord& job : list.value()) {
            if (job.state != Jobs::JobState::Succeeded && job.state != Jobs::JobState::Partial)
                continue;
            if (!job.finished.isValid() || job.finished < input.monthStart || job.finished > input.now)
                continue;
            if (!vault.isEmpty() && job.vault != vault)
                continue;
            const qint64 bytes = job.result.contains(QStringLiteral("bytesMoved"))
                ? qint64(job.result.value(QStringLiteral("bytesMoved")).toDouble())
                : job.progress.bytesDone;
            QString fromRegion = job.result.value(QStringLiteral("sourceRegion")).toString();
            if (fromRegion.isEmpty())
                fromRegion = regionOfVault.value(job.result.value(QStringLiteral("sourceVault")).toString());
            const QString toRegion = regionOfVault.value(job.vault);
            input.copies.append(CopyUsage{job.vault, sheetOfRegion.value(fromRegion), sheetOfRegion.value(toRegion), bytes});
        }
    }
    return input;
}

} // namespace Cost
