#include "backend/storage/S3ErrorTranslator.h"

#include "backend/storage/S3Config.h"
#include "backend/storage/S3Xml.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

namespace Storage {

namespace {

bool isTransportRetriable(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // setTransferTimeout() expiring
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return true;
    default:
        return false;
    }
}

} // namespace

S3ErrorTranslator::S3ErrorTranslator(const S3Config& config)
    : m_store(config.describe())
    , m_host(config.endpoint.host())
    , m_bucket(config.bucket)
    , m_region(config.signingRegion)
{ }

bool S3ErrorTranslator::isRetriable(const HttpResponse& response)
{
    if (response.transportFailed())
        return isTransportRetriable(response.error);
    if (response.status == 500 || response.status == 502 || response.status == 503 || response.status == 504)
        return true;
    const QString code = S3Xml::parseError(response.body).code;
    return code == QLatin1String("SlowDown") || code == QLatin1String("RequestTimeout")
        || code == QLatin1String("InternalError") || code == QLatin1String("ServiceUnavailable");
}

Core::Error S3ErrorTranslator::translate(const HttpResponse& response, const QString& operation) const
{
    using Core::ErrorCode;
    auto make = [&](ErrorCode code, const QString& what) {
        return Core::fail(code,
                          QCoreApplication::translate("Storage::S3ErrorTranslator", "%1: cannot %2: %3")
                              .arg(m_store, operation, what));
    };

    if (response.transportFailed()) {
        switch (response.error) {
        case QNetworkReply::SslHandshakeFailedError:
            return make(
                ErrorCode::Unreachable,
                QCoreApplication::translate(
                    "Storage::S3ErrorTranslator",
                    "the TLS connection to %1 failed (%2); check the endpoint URL and, for a self-hosted store, "
                    "the CA file of the region")
                    .arg(m_host, response.errorString));
        case QNetworkReply::HostNotFoundError:
            return make(ErrorCode::Unreachable,
                        QCoreApplication::translate("Storage::S3ErrorTranslator",
                                                    "the endpoint host %1 is not known (DNS); check the endpoint URL%2")
                            .arg(m_host,
                                 QCoreApplication::translate(
                                     "Storage::S3ErrorTranslator",
                                     ", or use path-style addressing if the bucket's host name does not resolve")));
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            return make(ErrorCode::Unreachable,
                        QCoreApplication::translate(
                            "Storage::S3ErrorTranslator",
                            "the endpoint %1 stopped answering (timed out after retries); check the network")
                            .arg(m_host));
        case QNetworkReply::ConnectionRefusedError:
            return make(
                ErrorCode::Unreachable,
                QCoreApplication::translate(
                    "Storage::S3ErrorTranslator",
                    "the endpoint %1 refused the connection (after retries); check the endpoint URL and port and that "
                    "the service is running")
                    .arg(m_host));
        default:
            return make(ErrorCode::Unreachable,
                        QCoreApplication::translate("Storage::S3ErrorTranslator", "the endpoint %1 is unreachable (%2)")
                            .arg(m_host, response.errorString));
        }
    }

    const S3Xml::ErrorBody body = S3Xml::parseError(response.body);
    const QString& code = body.code;
    const QString serverSays = body.message.isEmpty()
        ? QString()
        : QCoreApplication::translate("Storage::S3ErrorTranslator", " (server: %1)").arg(body.message);

    if (code == QLatin1String("InvalidAccessKeyId"))
        return make(
            ErrorCode::AuthFailed,
            QCoreApplication::translate("Storage::S3ErrorTranslator",
                                        "the server does not know the access key ID; check the region's access key%1")
                .arg(serverSays));
    if (code == QLatin1String("SignatureDoesNotMatch"))
        return make(ErrorCode::AuthFailed,
                    QCoreApplication::translate(
                        "Storage::S3ErrorTranslator",
                        "the server rejected the request signature: the secret key is probably wrong (or the signing "
                        "region '%1' does not match the bucket's region)%2")
                        .arg(m_region, serverSays));
    if (code == QLatin1String("RequestTimeTooSkewed"))
        return make(ErrorCode::AuthFailed,
                    QCoreApplication::translate(
                        "Storage::S3ErrorTranslator",
                        "clock skew: this computer's clock (%1 UTC) differs from the server's by more than 15 minutes; "
                        "correct the system time%2")
                        .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate), serverSays));
    if (code == QLatin1String("AuthorizationHeaderMalformed") || code == QLatin1String("PermanentRedirect")
        || response.status == 301 || response.status == 307)
        return make(ErrorCode::AuthFailed,
                    QCoreApplication::translate(
                        "Storage::S3ErrorTranslator",
                        "the bucket '%1' is not served with signing region '%2' at this endpoint; set the region's "
                        "signing region and endpoint to the bucket's region%3")
                        .arg(m_bucket, m_region, serverSays));
    if (code == QLatin1String("NoSuchBucket"))
        return make(
            ErrorCode::NotFound,
            QCoreApplication::translate("Storage::S3ErrorTranslator",
                                        "the bucket '%1' does not exist at %2; create it or correct the bucket name")
                .arg(m_bucket, m_host));
    if (code == QLatin1String("AccessDenied") || (response.status == 403 && code.isEmpty()))
        return make(ErrorCode::AuthFailed,
                    QCoreApplication::translate(
                        "Storage::S3ErrorTranslator",
                        "access denied: the credentials are valid but not allowed to do this on bucket '%1'; check the "
                        "key's bucket policy%2")
                        .arg(m_bucket, serverSays));
    if (code == QLatin1String("NoSuchKey") || code == QLatin1String("NoSuchUpload")
        || (response.status == 404 && code.isEmpty()))
        return make(ErrorCode::NotFound, QCoreApplication::translate("Storage::S3ErrorTranslator", "no such object"));
    if (code == QLatin1String("BadDigest") || code == QLatin1String("XAmzContentSHA256Mismatch")
        || code == QLatin1String("InvalidDigest"))
        return make(ErrorCode::Corrupt,
                    QCoreApplication::translate("Storage::S3ErrorTranslator",
                                                "the server received different bytes than were sent (%1)%2")
                        .arg(code, serverSays));
    if (isRetriable(response))
        return make(
            ErrorCode::Unreachable,
            QCoreApplication::translate("Storage::S3ErrorTranslator",
                                        "the server kept failing (HTTP %1%2) after retries; try again later")
                .arg(QString::number(response.status), code.isEmpty() ? QString() : QStringLiteral(" ") + code));
    return make(ErrorCode::Failed,
                QCoreApplication::translate("Storage::S3ErrorTranslator", "HTTP %1 %2%3")
                    .arg(QString::number(response.status),
                         code.isEmpty() ? QCoreApplication::translate("Storage::S3ErrorTranslator", "error") : code,
                         serverSays));
}

} // namespace Storage
