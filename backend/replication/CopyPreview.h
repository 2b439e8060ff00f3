#pragma once

#include "backend/core/Result.h"
#include "backend/cost/Estimate.h"
#include "backend/vault/KeySource.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Core {
class Workspace;
}

namespace Replication {

// What copying points of a vault into a (maybe not yet existing) vault of another region
// would cost: the bytes that actually cross after dedup against what the target holds,
// the target's growth, and the price when both regions link to price sheets.
struct CopyEstimate
{
    qint64 bytesToMove = 0;
    qint64 bytesAlreadyThere = 0;
    qint64 targetGrowth = 0;
    int objectsToMove = 0;
    std::optional<Cost::CopyQuote> price; // empty: not priced (see priceNote)
    QString priceNote;
    // False when the points' own objects could not be picked out (a customer-key source and no
    // key given): the figures are then an upper bound, everything the target lacks.
    bool exact = true;
};

// Computes a CopyEstimate (lists both vaults: call from a worker). Used by the console's
// replication and create-replica dialogs before the operator confirms.
class CopyPreview final
{
public:
    explicit CopyPreview(Core::Workspace& workspace);

    // points empty: nothing to copy yet (an empty source), an estimate of zero.
    // targetVault may not exist yet: then everything the points need moves.
    // key: the source's customer key when the operator gave it (a managed key is read from the
    // workspace), so the estimate counts only what the points use, as the copy will.
    Core::Result<CopyEstimate> estimate(const QString& sourceVault, const QStringList& points,
                                        const QString& targetVault, const QString& targetRegion,
                                        const Backup::KeySource& key = {}) const;

private:
    Core::Workspace& m_workspace;
};

} // namespace Replication
