#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Sources {

// One item of a source's tree, as seen at scan time.
struct SourceEntry
{
    enum class Type : quint8 { File = 0, Directory = 1, Symlink = 2 };

    QString path;            // relative to the source root, '/'-separated, never empty
    Type type = Type::File;
    quint32 mode = 0;        // permission bits (st_mode & 07777)
    qint64 mtimeNs = 0;      // modification time, nanoseconds since the epoch
    qint64 size = 0;         // files: bytes
    quint64 inode = 0;       // files: st_ino (0 when unknown), for incremental reuse
    quint64 device = 0;      // st_dev
    QByteArray linkTarget;   // symlinks: the raw target
    QString readPath;        // files: absolute path to read the content from
};

// A file or folder that could not be backed up; listed in the result, not fatal.
struct SkippedEntry
{
    QString path;   // relative to the source root (or the source itself)
    QString reason; // human-readable, e.g. "permission denied", "vanished during backup"
};

struct ScanResult
{
    QList<SourceEntry> entries; // parents before children, sorted by path
    QList<SkippedEntry> skipped;
};

} // namespace Sources
