#include "backend/storage/HttpTransport.h"

#include <QHash>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QThreadStorage>

#include <memory>

namespace Storage {

namespace {

// One thread's managers, by pool.
struct ThreadManagers
{
    ~ThreadManagers() { qDeleteAll(byPool); }
    QHash<QString, QNetworkAccessManager*> byPool;
};

QNetworkAccessManager& threadManager(const QString& pool)
{
    // Deleted by Qt when the thread ends (for the main thread: with QCoreApplication).
    static QThreadStorage<ThreadManagers*> managers;
    if (!managers.hasLocalData())
        managers.setLocalData(new ThreadManagers);
    QNetworkAccessManager*& manager = managers.localData()->byPool[pool];
    if (!manager) {
        manager = new QNetworkAccessManager;
        // S3 redirects (wrong region) must surface as errors: a blindly followed redirect
        // would carry a signature for the wrong host.
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return *manager;
}

} // namespace

HttpResponse HttpTransport::send(const QNetworkRequest& request, const QByteArray& method, const QByteArray& body,
                                 const QString& pool)
{
    QNetworkAccessManager& manager = threadManager(pool);

    std::unique_ptr<QNetworkReply> reply;
    if (method == "GET")
        reply.reset(manager.get(request));
    else if (method == "HEAD")
        reply.reset(manager.head(request));
    else if (method == "DELETE" && body.isEmpty())
        reply.reset(manager.deleteResource(request));
    else if (method == "PUT")
        reply.reset(manager.put(request, body));
    else if (method == "POST")
        reply.reset(manager.post(request, body));
    else
        reply.reset(manager.sendCustomRequest(request, method, body));

    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);

    HttpResponse response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.error = reply->error();
    response.errorString = reply->errorString();
    for (const auto& [name, value] : reply->rawHeaderPairs())
        response.headers.insert(name.toLower(), value);
    response.body = reply->readAll();
    return response;
}

} // namespace Storage
