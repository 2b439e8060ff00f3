#pragma once

#include <QElapsedTimer>
#include <QMutex>

namespace Storage {

// A token bucket shared by every request of one store: callers report the bytes they are
// about to send or have received and are told how long to wait so that the store's average
// rate stays at or below the limit. 0 means unlimited.
class BandwidthLimiter final
{
public:
    explicit BandwidthLimiter(qint64 bytesPerSecond);

    bool limited() const { return m_rate > 0; }
    // Books bytes at time nowMs (monotonic) and returns the wait in ms before they may go.
    qint64 reserve(qint64 bytes, qint64 nowMs);
    // reserve() on the monotonic clock, then sleeps for the wait.
    void throttle(qint64 bytes);

private:
    const qint64 m_rate;
    QMutex m_mutex;
    QElapsedTimer m_clock;
    double m_nextFreeMs = 0; // when the bucket has caught up with everything booked
};

} // namespace Storage
