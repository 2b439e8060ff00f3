#include "backend/storage/BandwidthLimiter.h"

#include <QThread>

#include <algorithm>

namespace Storage {

BandwidthLimiter::BandwidthLimiter(qint64 bytesPerSecond)
    : m_rate(std::max<qint64>(0, bytesPerSecond))
{
    m_clock.start();
}

qint64 BandwidthLimiter::reserve(qint64 bytes, qint64 nowMs)
{
    if (m_rate <= 0 || bytes <= 0)
        return 0;
    QMutexLocker lock(&m_mutex);
    // The bucket may run up to one second ahead of the clock: a burst of one second's worth.
    const double start = std::max(m_nextFreeMs, static_cast<double>(nowMs));
    m_nextFreeMs = start + static_cast<double>(bytes) * 1000.0 / static_cast<double>(m_rate);
    return std::max<qint64>(0, static_cast<qint64>(m_nextFreeMs) - nowMs - 1000);
}

void BandwidthLimiter::throttle(qint64 bytes)
{
    if (!limited())
        return;
    const qint64 wait = reserve(bytes, m_clock.elapsed());
    if (wait > 0)
        QThread::msleep(static_cast<unsigned long>(wait));
}

} // namespace Storage
