#include "backend/storage/RetryPolicy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace Storage {

RetryPolicy::RetryPolicy(int maxAttempts, int baseMs, int maxMs)
    : m_maxAttempts(std::max(1, maxAttempts))
    , m_baseMs(std::max(1, baseMs))
    , m_maxMs(std::max(m_baseMs, maxMs))
{
}

int RetryPolicy::ceilingMs(int retry) const
{
    const int shift = std::clamp(retry - 1, 0, 30);
    const qint64 d = static_cast<qint64>(m_baseMs) << shift;
    return static_cast<int>(std::min<qint64>(d, m_maxMs));
}

int RetryPolicy::delayMs(int retry) const
{
    const int ceiling = ceilingMs(retry);
    const int floor = ceiling / 2;
    return floor + static_cast<int>(QRandomGenerator::global()->bounded(ceiling - floor + 1));
}

} // namespace Storage
