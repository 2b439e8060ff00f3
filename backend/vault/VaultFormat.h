#pragma once

#include "backend/sources/SourceEntry.h"
#include "backend/vault/VaultTypes.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Backup {

// One chunk inside a pack: where its sealed blob sits and how long its plaintext is.
struct ChunkRecord
{
    QByteArray id; // 32 bytes
    quint32 offset = 0;
    quint32 length = 0;
    quint32 rawLength = 0;
};

// What an index object says about one pack.
struct IndexPack
{
    QByteArray packId; // 32 bytes: SHA-256 of the pack object
    qint64 packSize = 0;
    QList<ChunkRecord> chunks;
};

// One entry of a point's tree as stored in trees/<hash>.
struct TreeEntry
{
    QString path;
    Sources::SourceEntry::Type type = Sources::SourceEntry::Type::File;
    quint32 mode = 0;
    qint64 mtimeNs = 0;
    qint64 size = 0;
    quint64 inode = 0;
    quint64 device = 0;
    QByteArray linkTarget;
    QByteArray chunkIds; // 32 bytes per chunk, in file order
    QString readPath;    // during a backup only (not stored): where to read the file

    qsizetype chunkCount() const { return chunkIds.size() / 32; }
    QByteArray chunk(qsizetype i) const { return chunkIds.mid(i * 32, 32); }
};

// Object names and the (plaintext) encodings of index, tree and point objects. Version 1 of
// the format; see docs/vault-format.md.
class VaultFormat final
{
public:
    static constexpr int kVersion = 1;

    static QString configKey() { return QStringLiteral("config"); }
    static QString keysFolder() { return QStringLiteral("keys/"); }
    static QString dataFolder() { return QStringLiteral("data/"); }
    static QString indexFolder() { return QStringLiteral("index/"); }
    static QString treesFolder() { return QStringLiteral("trees/"); }
    static QString pointsFolder() { return QStringLiteral("points/"); }

    static QString packKey(const QByteArray& packId);     // data/<2 hex>/<64 hex>
    static QByteArray packIdFromKey(const QString& key);  // empty when not a pack key
    static QString hashedKey(const QString& folder, const QByteArray& stored); // folder + sha256 hex

    static QByteArray encodeIndex(const QList<IndexPack>& packs);
    static std::optional<QList<IndexPack>> decodeIndex(const QByteArray& plain);

    static QByteArray encodeTree(const QList<TreeEntry>& entries);
    static std::optional<QList<TreeEntry>> decodeTree(const QByteArray& plain);

    // Point objects: PointInfo plus the tree object's key.
    static QByteArray encodePoint(const PointInfo& info, const QString& treeKey, const QList<Sources::SkippedEntry>& skipped);
    static std::optional<PointInfo> decodePoint(const QByteArray& plain, QString* treeKey);

    static QByteArray pointRole(const QString& pointId) { return "point:" + pointId.toUtf8(); }
    static QByteArray indexRole() { return QByteArrayLiteral("index"); }
    static QByteArray treeRole() { return QByteArrayLiteral("tree"); }
    static QByteArray keyRole() { return QByteArrayLiteral("keys"); }
};

} // namespace Backup
