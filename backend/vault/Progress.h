#pragma once

#include <QString>

#include <functional>

namespace Backup {

// What a long vault operation is doing right now.
enum class Phase {
    Scan,     // walking the source, counting files and bytes
    Read,     // reading and chunking source files
    Store,    // compressing, encrypting and uploading packs
    Finalise, // writing index, tree and point objects
    Restore,  // writing restored files
    Verify,   // checking objects (check, read-data)
};

// One progress report. Totals may be 0 while still unknown (early in the scan).
struct Progress
{
    Phase phase = Phase::Scan;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    qint64 filesDone = 0;
    qint64 filesTotal = 0;
};

// Called from the operation's thread (a worker, never the GUI thread) at most a few times
// per second; keep it cheap and thread-safe (e.g. emit a queued signal).
using ProgressCallback = std::function<void(const Progress&)>;

// Stable lower-case names for JSON and logs: "scan", "read", "store", "finalise", "restore", "verify".
QString phaseName(Phase phase);

} // namespace Backup
