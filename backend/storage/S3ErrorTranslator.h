#pragma once

#include "backend/core/Error.h"
#include "backend/storage/HttpTransport.h"

#include <QString>

namespace Storage {

struct S3Config;

// Turns a failed S3 exchange into a message an operator can act on (wrong access key, bad
// signature, clock skew, missing bucket, access denied, unreachable endpoint, TLS) and
// decides which failures are worth retrying. Never puts credentials in a message.
class S3ErrorTranslator final
{
public:
    explicit S3ErrorTranslator(const S3Config& config);

    // Timeouts, connection refused/reset, 500, 502, 503, 504, SlowDown, RequestTimeout.
    static bool isRetriable(const HttpResponse& response);
    // operation: what was being done, e.g. "read object 'config'".
    Core::Error translate(const HttpResponse& response, const QString& operation) const;

private:
    QString m_store;   // S3Config::describe()
    QString m_host;
    QString m_bucket;
    QString m_region;
};

} // namespace Storage
