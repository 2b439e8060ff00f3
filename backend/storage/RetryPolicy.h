#pragma once

namespace Storage {

// Exponential backoff with jitter: the wait before retry n (n = 1 after the first failure)
// is drawn from [d/2, d] with d = min(maxMs, baseMs * 2^(n-1)), so concurrent clients that
// failed together do not retry together.
class RetryPolicy final
{
public:
    RetryPolicy(int maxAttempts, int baseMs, int maxMs);

    int maxAttempts() const { return m_maxAttempts; }
    // The upper bound of the wait before retry n, without jitter.
    int ceilingMs(int retry) const;
    // A jittered wait before retry n.
    int delayMs(int retry) const;

private:
    int m_maxAttempts;
    int m_baseMs;
    int m_maxMs;
};

} // namespace Storage
