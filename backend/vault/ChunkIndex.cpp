#include "backend/vault/ChunkIndex.h"

namespace Backup {

void ChunkIndex::addPack(const IndexPack& pack)
{
    qint32 number = m_packNumbers.value(pack.packId, -1);
    if (number < 0) {
        number = static_cast<qint32>(m_packIds.size());
        m_packIds.append(pack.packId);
        m_packSizes.append(pack.packSize);
        m_packNumbers.insert(pack.packId, number);
    }
    for (const ChunkRecord& c : pack.chunks) {
        if (!m_chunks.contains(c.id))
            m_chunks.insert(c.id, ChunkLocation{number, c.offset, c.length, c.rawLength});
    }
}

const ChunkLocation* ChunkIndex::find(const QByteArray& id) const
{
    const auto it = m_chunks.constFind(id);
    return it == m_chunks.constEnd() ? nullptr : &it.value();
}

void ChunkIndex::clear()
{
    m_chunks.clear();
    m_packIds.clear();
    m_packSizes.clear();
    m_packNumbers.clear();
}

} // namespace Backup
