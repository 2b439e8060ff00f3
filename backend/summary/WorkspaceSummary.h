#pragma once

#include "backend/core/Result.h"

#include <QDateTime>
#include <QtGlobal>

namespace Catalog {
class Catalog;
}

namespace Summary {

// What the Overview page tells an operator at a glance: how much is protected, whether copies
// keep up, and whether anything needs attention. Counted from the catalog only (no vault I/O).
struct WorkspaceSummary
{
    int vaults = 0;
    int targetVaults = 0;        // replication-target vaults (read-only copies)
    int points = 0;              // complete backup points in all vaults
    qint64 logicalBytes = 0;     // what the newest point of each source holds
    qint64 storedBytes = 0;      // what the vaults occupy after dedup and compression
    int activeReplications = 0;  // source → target links that are active
    int unexportedKeys = 0;      // managed-key vaults whose recovery key was never exported
    int runningJobs = 0;         // queued or running
    int failedJobs = 0;          // failed in the last 24 hours
    QDateTime newestPoint;       // invalid when there is none
};

// Reads the summary with the calling thread's catalog connection.
Core::Result<WorkspaceSummary> summarise(const Catalog::Catalog& catalog, const QDateTime& now);

} // namespace Summary
