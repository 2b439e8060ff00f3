#pragma once

#include "backend/core/Result.h"
#include "backend/vault/Progress.h"
#include "backend/vault/VaultFormat.h"
#include "backend/vault/VaultTypes.h"

#include <QList>
#include <QMutex>

#include <atomic>
#include <optional>

namespace Backup {

class VaultEngine;

// Restores a point (or selected paths) into a folder. Files are written by a small pool of
// threads; adjacent chunks of one pack are fetched with one ranged read; every chunk is
// authenticated and its id re-computed before it is written; all-zero chunks become holes.
// Directory modes and mtimes are applied last, deepest first.
class RestoreRun final
{
public:
    RestoreRun(VaultEngine& engine, QString pointId, const RestoreOptions& options, const ProgressCallback& progress,
               const std::atomic_bool& cancel);

    Core::Result<RestoreResult> run();

private:
    // Writes the file under a temporary name next to it and renames it into place only when
    // every chunk is verified and written: a failed or cancelled restore leaves no half file
    // and never replaces an existing file with a partial one.
    Core::Status restoreFile(const TreeEntry& entry, qsizetype number);
    // Temporary files a killed restore left in folder (their process is gone) are removed.
    static void removeStaleTemporaries(const QString& folder);
    void workerMain();
    QString targetPath(const QString& relative) const;
    void problem(const QString& path, const QString& reason);

    VaultEngine& m_engine;
    QString m_pointId;
    RestoreOptions m_options;
    const ProgressCallback& m_progress;
    const std::atomic_bool& m_cancel;
    QString m_root;
    bool m_freshTarget = false; // the target folder was new or empty: nothing to replace

    QList<const TreeEntry*> m_files;
    std::atomic<qsizetype> m_nextFile = 0;
    std::atomic<qint64> m_bytesDone = 0;
    std::atomic<qint64> m_filesDone = 0;
    std::atomic_bool m_failed = false;
    QMutex m_mutex;
    std::optional<Core::Error> m_error;
    QList<Sources::SkippedEntry> m_problems;
};

} // namespace Backup
