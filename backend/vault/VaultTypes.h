#pragma once

#include "backend/sources/SourceEntry.h"
#include "backend/vault/KeySource.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace Backup {

// Content-defined chunking parameters (FastCDC-style gear hash), fixed at creation and
// shared by replicas so chunk ids match across vaults.
struct ChunkerParams
{
    qint32 minSize = 256 * 1024;
    qint32 avgSize = 1024 * 1024; // a power of two
    qint32 maxSize = 4 * 1024 * 1024;
};

struct CreateOptions
{
    EncryptionMethod method = EncryptionMethod::Managed;
    // Managed: a 32-byte managed key (KeySource::managedKey) or null to generate one
    // (read it back with Vault::managedKey() and keep it in the SecretStore).
    // Customer: a passphrase or a key file (required).
    KeySource key;
    int compressionLevel = 2;     // zstd level, 1..19
    ChunkerParams chunker;
    qint32 packSize = 16 * 1024 * 1024; // target pack object size
    QString description;          // free text kept in the config (not secret)
};

// The vault's plain config (object "config").
struct VaultInfo
{
    int formatVersion = 0;
    QString id;                   // uuid without braces
    QDateTime created;
    EncryptionMethod method = EncryptionMethod::Managed;
    ChunkerParams chunker;
    int compressionLevel = 3;
    qint32 packSize = 0;
    QString description;
    QString replicaOf;            // id of the vault this one replicates, or empty
};

struct BackupOptions
{
    // Point id to use (letters, digits, '-', '_'); empty: generated ("20261122T024650Z-1a2b3c4d").
    QString pointId;
    // Reuse chunk lists of files unchanged (size, mtime, inode) since the newest point of
    // the same source.
    bool incremental = true;
    // Worker threads for hashing/compression/encryption (0: one per core).
    int threads = 0;
    // Extra, non-secret metadata stored in the point (e.g. {"origin":"policy","policy":"p1"}).
    QJsonObject labels;
};

struct BackupResult
{
    QString pointId;
    qint64 logicalBytes = 0;    // bytes of all files in the point
    qint64 storedBytesNew = 0;  // bytes of new pack/index/tree/point objects written
    qint64 files = 0;           // files, dirs and symlinks in the point
    qint64 filesReused = 0;     // files taken unchanged from the previous point
    QList<Sources::SkippedEntry> skipped; // non-empty: partial success
    double seconds = 0;
    bool partial() const { return !skipped.isEmpty(); }
};

struct PointInfo
{
    QString id;
    QString vaultId;
    QString sourceKind;           // "folder" | "sqlite"
    QString sourceIdentity;       // absolute path of the source
    QString sourceName;
    QString hostname;
    QDateTime started;
    QDateTime finished;
    qint64 logicalBytes = 0;
    qint64 storedBytesNew = 0;
    qint64 files = 0;
    qint64 skipped = 0;
    QJsonObject labels;
};

// One entry of a point's tree, for listing (no chunk ids).
struct PointEntry
{
    QString path;
    Sources::SourceEntry::Type type = Sources::SourceEntry::Type::File;
    quint32 mode = 0;
    qint64 mtimeNs = 0;
    qint64 size = 0;
    QByteArray linkTarget;
};

struct RestoreOptions
{
    QString targetFolder;         // created if missing
    // Relative paths to restore (a directory restores its subtree); empty: the whole point.
    QStringList paths;
    // false: an existing file at a target path fails the restore with Refused naming it.
    bool overwrite = false;
    int threads = 0;              // 0: one per core
};

struct RestoreResult
{
    qint64 files = 0;
    qint64 bytes = 0;
    // Non-fatal problems (e.g. cannot set a mode/mtime, cannot create a symlink).
    QList<Sources::SkippedEntry> problems;
};

struct CheckOptions
{
    bool readData = false;        // re-read and authenticate pack contents
    int subsetPercent = 100;      // with readData: share of packs to read (1..100)
};

// One missing or corrupt object, named by its key relative to the vault prefix.
struct CheckIssue
{
    QString key;                  // e.g. "data/ab/ab12…", "index/…", "points/…"
    QString problem;              // human-readable
};

struct CheckResult
{
    QList<CheckIssue> errors;     // missing or corrupt: the vault is damaged
    QStringList reclaimable;      // leftover objects no point needs (not errors)
    qint64 reclaimableBytes = 0;
    qint64 packsChecked = 0;      // packs whose existence was checked
    qint64 packsRead = 0;         // packs re-read and authenticated
    qint64 points = 0;
    bool ok() const { return errors.isEmpty(); }
};

struct PruneResult
{
    qint64 objectsRemoved = 0;
    qint64 bytesFreed = 0;
    qint64 packsRewritten = 0;    // partly-used packs whose live chunks were repacked
};

// What a replica needs to restore some points (Vault::selectForReplica): their tree and
// pack objects, and sealed index objects that describe exactly those packs.
struct ReplicaSelection
{
    QStringList objects;                               // trees/… and data/… keys, relative to the prefix
    QList<std::pair<QString, QByteArray>> indexObjects; // index/<sha256> key and stored bytes
};

} // namespace Backup
