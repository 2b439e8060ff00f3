#pragma once

#include "backend/core/Result.h"
#include "backend/sources/SourceEntry.h"

#include <QString>

#include <atomic>

namespace Sources {

// Something a backup reads: a folder tree, a SQLite database… The vault asks the source to
// prepare() a consistent view, scan() it, reads file entries from their readPath, then
// calls finish() (always, also after a failure or cancel).
class Source
{
public:
    virtual ~Source() = default;

    // "folder" | "sqlite"
    virtual QString kind() const = 0;
    // Stable identity of the source across backups (the absolute path): the vault matches
    // a new backup with the newest previous point of the same kind+identity to reuse the
    // chunk lists of unchanged files.
    virtual QString identity() const = 0;
    // Short display name (the folder's or file's name).
    virtual QString displayName() const = 0;

    // Makes a consistent view (SQLite: an online snapshot). Errors are fatal for the backup.
    virtual Core::Status prepare(const std::atomic_bool& cancel) = 0;
    // Lists the tree. Per-entry problems go to ScanResult::skipped; a missing root is an error.
    virtual Core::Result<ScanResult> scan(const std::atomic_bool& cancel) = 0;
    // Releases what prepare() made (snapshot files).
    virtual void finish() = 0;
};

} // namespace Sources
