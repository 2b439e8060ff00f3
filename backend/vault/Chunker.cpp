#include "backend/vault/Chunker.h"

#include <algorithm>
#include <bit>

namespace Backup {

namespace {
// n one-bits at the top: the gear hash shifts left, so high bits depend on the most bytes.
quint64 topBits(int n) { return n <= 0 ? 0 : (~quint64(0)) << (64 - n); }
} // namespace

Chunker::Chunker(const ChunkerParams& params, const std::array<quint64, 256>& gear)
    : m_gear(gear)
    , m_min(params.minSize)
    , m_avg(params.avgSize)
    , m_max(params.maxSize)
{
    const int bits = std::bit_width(static_cast<quint64>(std::max<qsizetype>(m_avg, 2))) - 1;
    m_maskStrict = topBits(bits + 2);
    m_maskLoose = topBits(bits - 2);
}

qsizetype Chunker::cut(const char* data, qsizetype available) const
{
    if (available <= m_min)
        return available;
    const auto* p = reinterpret_cast<const unsigned char*>(data);
    const qsizetype normal = std::min(m_avg, available);
    const qsizetype end = std::min(m_max, available);
    quint64 h = 0;
    qsizetype i = m_min;
    for (; i < normal; ++i) {
        h = (h << 1) + m_gear[p[i]];
        if (!(h & m_maskStrict))
            return i + 1;
    }
    for (; i < end; ++i) {
        h = (h << 1) + m_gear[p[i]];
        if (!(h & m_maskLoose))
            return i + 1;
    }
    return end;
}

} // namespace Backup
