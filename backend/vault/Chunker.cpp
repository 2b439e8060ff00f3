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
    // Two bytes per step with the same hash values as one byte at a time:
    //   h1 = (h << 1) + g[b0],  h2 = (h1 << 1) + g[b1] = (h << 2) + ((g[b0] << 1) + g[b1])
    // so h2 no longer waits for h1; the loop's dependency chain halves.
    auto scan = [&](qsizetype limit, quint64 mask) -> qsizetype {
        for (; i + 2 <= limit; i += 2) {
            const quint64 g0 = m_gear[p[i]];
            const quint64 h1 = (h << 1) + g0;
            const quint64 h2 = (h << 2) + ((g0 << 1) + m_gear[p[i + 1]]);
            if (!(h1 & mask))
                return i + 1;
            if (!(h2 & mask))
                return i + 2;
            h = h2;
        }
        if (i < limit) {
            h = (h << 1) + m_gear[p[i]];
            ++i;
            if (!(h & mask))
                return i;
        }
        return 0;
    };
    if (const qsizetype n = scan(normal, m_maskStrict))
        return n;
    if (const qsizetype n = scan(end, m_maskLoose))
        return n;
    return end;
}

} // namespace Backup
