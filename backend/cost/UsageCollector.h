#pragma once

#include "backend/core/Result.h"
#include "backend/cost/Actuals.h"

#include <QDateTime>
#include <QString>

namespace Core {
class Workspace;
}

namespace Cost {

// Gathers what actual costs are computed from, out of the workspace's catalog: each vault's
// stored bytes with its region's price sheet, and the bytes moved this month by finished
// copy jobs (type "copy" or "replication"; job.vault is the target vault, bytes from
// result.bytesMoved — else progress.bytesDone — and the source from result.sourceVault or
// result.sourceRegion).
class UsageCollector final
{
public:
    // Start of the calendar month (UTC) that holds `now`.
    static QDateTime monthStart(const QDateTime& now);

    // vault: only that vault (NotFound names it when it does not exist).
    static Core::Result<ActualsInput> collect(Core::Workspace& workspace, const QDateTime& now,
                                              const QString& vault = {});
};

} // namespace Cost
