#pragma once

#include "backend/core/Result.h"
#include "backend/vault/Progress.h"
#include "backend/vault/VaultFormat.h"
#include "backend/vault/VaultTypes.h"

#include <QHash>
#include <QMap>
#include <QSet>

#include <atomic>

namespace Backup {

class VaultEngine;

// check() and prune(): both start from the same full picture of the vault (every object,
// every index, every point) and then verify it or remove what no point needs.
class VaultChecker final
{
public:
    VaultChecker(VaultEngine& engine, const ProgressCallback& progress, const std::atomic_bool& cancel);

    Core::Result<CheckResult> check(const CheckOptions& options);
    Core::Result<PruneResult> prune();

private:
    // Loads the listing, indexes and points; damage goes to m_issues.
    Core::Status survey();
    void issue(const QString& key, const QString& problem);
    void report(qint64 done, qint64 total);
    Core::Error cancelled() const;

    VaultEngine& m_engine;
    const ProgressCallback& m_progress;
    const std::atomic_bool& m_cancel;

    QMap<QString, qint64> m_objects;                 // relative key -> size
    QMap<QString, QList<IndexPack>> m_indexes;       // index key -> packs
    QHash<QByteArray, const IndexPack*> m_packs;     // pack id -> first index entry
    QHash<QByteArray, QByteArray> m_chunkPack;       // chunk id -> pack id (first wins)
    QSet<QByteArray> m_usedChunks;
    QSet<QString> m_usedTrees;
    qint64 m_points = 0;
    QList<CheckIssue> m_issues;
};

} // namespace Backup
