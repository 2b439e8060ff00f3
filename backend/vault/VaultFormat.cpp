#include "backend/vault/VaultFormat.h"

#include "backend/vault/Crypto.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

namespace Backup {

namespace {
constexpr int kChunkRecordSize = 32 + 4 + 4 + 4;
const QString kV = QStringLiteral("v");
} // namespace

QString VaultFormat::packKey(const QByteArray& packId)
{
    const QString hex = QString::fromLatin1(packId.toHex());
    return dataFolder() + hex.left(2) + QLatin1Char('/') + hex;
}

QByteArray VaultFormat::packIdFromKey(const QString& key)
{
    // data/ab/<64 hex>
    if (key.size() != 5 + 3 + 64 || !key.startsWith(dataFolder()))
        return {};
    const QByteArray id = QByteArray::fromHex(key.mid(8).toLatin1());
    if (id.size() != 32 || key.mid(5, 2) != key.mid(8, 2))
        return {};
    return id;
}

QString VaultFormat::hashedKey(const QString& folder, const QByteArray& stored)
{
    return folder + QString::fromLatin1(Crypto::sha256(stored).toHex());
}

QByteArray VaultFormat::encodeIndex(const QList<IndexPack>& packs)
{
    QCborArray list;
    for (const IndexPack& p : packs) {
        QByteArray records(p.chunks.size() * kChunkRecordSize, Qt::Uninitialized);
        char* out = records.data();
        for (const ChunkRecord& c : p.chunks) {
            memcpy(out, c.id.constData(), 32);
            qToLittleEndian<quint32>(c.offset, out + 32);
            qToLittleEndian<quint32>(c.length, out + 36);
            qToLittleEndian<quint32>(c.rawLength, out + 40);
            out += kChunkRecordSize;
        }
        list.append(QCborMap{{QStringLiteral("id"), p.packId},
                             {QStringLiteral("size"), p.packSize},
                             {QStringLiteral("chunks"), records}});
    }
    return QCborMap{{kV, kVersion}, {QStringLiteral("packs"), list}}.toCborValue().toCbor();
}

std::optional<QList<IndexPack>> VaultFormat::decodeIndex(const QByteArray& plain)
{
    const QCborValue root = QCborValue::fromCbor(plain);
    if (!root.isMap() || root[kV].toInteger() != kVersion)
        return std::nullopt;
    QList<IndexPack> out;
    for (const QCborValue& v : root[QStringLiteral("packs")].toArray()) {
        IndexPack p;
        p.packId = v[QStringLiteral("id")].toByteArray();
        p.packSize = v[QStringLiteral("size")].toInteger();
        const QByteArray records = v[QStringLiteral("chunks")].toByteArray();
        if (p.packId.size() != 32 || records.size() % kChunkRecordSize != 0)
            return std::nullopt;
        const char* in = records.constData();
        for (qsizetype i = 0; i < records.size() / kChunkRecordSize; ++i, in += kChunkRecordSize) {
            ChunkRecord c;
            c.id = QByteArray(in, 32);
            c.offset = qFromLittleEndian<quint32>(in + 32);
            c.length = qFromLittleEndian<quint32>(in + 36);
            c.rawLength = qFromLittleEndian<quint32>(in + 40);
            p.chunks.append(c);
        }
        out.append(p);
    }
    return out;
}

QByteArray VaultFormat::encodeTree(const QList<TreeEntry>& entries)
{
    QCborArray list;
    for (const TreeEntry& e : entries) {
        list.append(QCborArray{e.path, static_cast<int>(e.type), static_cast<qint64>(e.mode), e.mtimeNs, e.size,
                               static_cast<qint64>(e.inode), static_cast<qint64>(e.device), e.linkTarget,
                               e.chunkIds});
    }
    return QCborMap{{kV, kVersion}, {QStringLiteral("entries"), list}}.toCborValue().toCbor();
}

std::optional<QList<TreeEntry>> VaultFormat::decodeTree(const QByteArray& plain)
{
    const QCborValue root = QCborValue::fromCbor(plain);
    if (!root.isMap() || root[kV].toInteger() != kVersion)
        return std::nullopt;
    QList<TreeEntry> out;
    const QCborArray list = root[QStringLiteral("entries")].toArray();
    out.reserve(list.size());
    for (const QCborValue& v : list) {
        const QCborArray a = v.toArray();
        if (a.size() < 9)
            return std::nullopt;
        TreeEntry e;
        e.path = a[0].toString();
        const qint64 type = a[1].toInteger();
        if (e.path.isEmpty() || type < 0 || type > 2)
            return std::nullopt;
        e.type = static_cast<Sources::SourceEntry::Type>(type);
        e.mode = static_cast<quint32>(a[2].toInteger());
        e.mtimeNs = a[3].toInteger();
        e.size = a[4].toInteger();
        e.inode = static_cast<quint64>(a[5].toInteger());
        e.device = static_cast<quint64>(a[6].toInteger());
        e.linkTarget = a[7].toByteArray();
        e.chunkIds = a[8].toByteArray();
        if (e.chunkIds.size() % 32 != 0)
            return std::nullopt;
        out.append(std::move(e));
    }
    return out;
}

QByteArray VaultFormat::encodePoint(const PointInfo& info, const QString& treeKey,
                                    const QList<Sources::SkippedEntry>& skipped)
{
    QJsonArray skippedJson;
    for (const auto& s : skipped)
        skippedJson.append(QJsonObject{{QStringLiteral("path"), s.path}, {QStringLiteral("reason"), s.reason}});
    const QJsonObject o{
        {kV, kVersion},
        {QStringLiteral("id"), info.id},
        {QStringLiteral("vault"), info.vaultId},
        {QStringLiteral("sourceKind"), info.sourceKind},
        {QStringLiteral("sourceIdentity"), info.sourceIdentity},
        {QStringLiteral("sourceName"), info.sourceName},
        {QStringLiteral("hostname"), info.hostname},
        {QStringLiteral("started"), info.started.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("finished"), info.finished.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("logicalBytes"), info.logicalBytes},
        {QStringLiteral("storedBytesNew"), info.storedBytesNew},
        {QStringLiteral("files"), info.files},
        {QStringLiteral("skipped"), skippedJson},
        {QStringLiteral("labels"), info.labels},
        {QStringLiteral("tree"), treeKey},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<PointInfo> VaultFormat::decodePoint(const QByteArray& plain, QString* treeKey)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(plain, &error);
    if (!doc.isObject() || doc[kV].toInt() != kVersion)
        return std::nullopt;
    PointInfo p;
    p.id = doc[QStringLiteral("id")].toString();
    p.vaultId = doc[QStringLiteral("vault")].toString();
    p.sourceKind = doc[QStringLiteral("sourceKind")].toString();
    p.sourceIdentity = doc[QStringLiteral("sourceIdentity")].toString();
    p.sourceName = doc[QStringLiteral("sourceName")].toString();
    p.hostname = doc[QStringLiteral("hostname")].toString();
    p.started = QDateTime::fromString(doc[QStringLiteral("started")].toString(), Qt::ISODateWithMs);
    p.finished = QDateTime::fromString(doc[QStringLiteral("finished")].toString(), Qt::ISODateWithMs);
    p.logicalBytes = doc[QStringLiteral("logicalBytes")].toInteger();
    p.storedBytesNew = doc[QStringLiteral("storedBytesNew")].toInteger();
    p.files = doc[QStringLiteral("files")].toInteger();
    p.skipped = doc[QStringLiteral("skipped")].toArray().size();
    p.labels = doc[QStringLiteral("labels")].toObject();
    if (treeKey)
        *treeKey = doc[QStringLiteral("tree")].toString();
    if (p.id.isEmpty())
        return std::nullopt;
    return p;
}

} // namespace Backup
