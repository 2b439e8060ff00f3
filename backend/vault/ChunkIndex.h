#pragma once

#include "backend/vault/VaultFormat.h"

#include <QByteArray>
#include <QHash>
#include <QList>

namespace Backup {

struct ChunkLocation
{
    qint32 pack = -1; // index into ChunkIndex's pack table
    quint32 offset = 0;
    quint32 length = 0;
    quint32 rawLength = 0;
};

// The in-memory union of a vault's index objects: chunk id -> where its blob is.
// Not thread-safe for writers; concurrent readers are fine while nobody adds.
class ChunkIndex final
{
public:
    // Registers a pack and its chunks; a chunk already known keeps its first location.
    void addPack(const IndexPack& pack);
    const ChunkLocation* find(const QByteArray& id) const;
    bool contains(const QByteArray& id) const { return m_chunks.contains(id); }
    const QByteArray& packId(qint32 pack) const { return m_packIds.at(pack); }
    qint64 packSize(qint32 pack) const { return m_packSizes.at(pack); }
    qint32 packCount() const { return static_cast<qint32>(m_packIds.size()); }
    bool containsPack(const QByteArray& packId) const { return m_packNumbers.contains(packId); }
    qsizetype chunkCount() const { return m_chunks.size(); }
    const QHash<QByteArray, ChunkLocation>& chunks() const { return m_chunks; }
    void clear();

private:
    QHash<QByteArray, ChunkLocation> m_chunks;
    QList<QByteArray> m_packIds;
    QList<qint64> m_packSizes;
    QHash<QByteArray, qint32> m_packNumbers;
};

} // namespace Backup
