#pragma once

#include <QByteArray>
#include <QHash>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QString>

namespace Storage {

// What came back from one HTTP exchange: a status and body, or a transport error.
struct HttpResponse
{
    int status = 0;                                 // 0 when no HTTP response arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;                            // Qt's transport error text
    QHash<QByteArray, QByteArray> headers;          // names lowercased
    QByteArray body;

    QByteArray header(const QByteArray& lowerName) const { return headers.value(lowerName); }
    bool transportFailed() const { return status == 0; }
};

// Sends one request synchronously from a worker thread: each calling thread gets its own
// QNetworkAccessManager (QNAM objects are thread-bound) and waits in a local QEventLoop.
// Never call this from the GUI thread — it would block the UI for the whole transfer.
//
// pool separates connection caches: QNAM reuses a kept-alive connection to the same host
// whatever TLS configuration the next request carries, so requests that trust different CA
// bundles must not share a manager (pass the CA file, "" for the system's trust store).
class HttpTransport final
{
public:
    static HttpResponse send(const QNetworkRequest& request, const QByteArray& method, const QByteArray& body,
                             const QString& pool = {});
};

} // namespace Storage
