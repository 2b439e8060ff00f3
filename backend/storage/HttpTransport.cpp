#include "backend/storage/HttpTransport.h"

#include <QBuffer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QThreadStorage>

#include <memory>

namespace Storage {

namespace {

QNetworkAccessManager& threadManager()
{
    // Deleted by Qt when the thread ends (for the main thread: with QCoreApplication).
    static QThreadStorage<QNetworkAccessManager*> managers;
    if (!managers.hasLocalData()) {
        auto* manager = new QNetworkAccessManager;
        // S3 redirects (wrong region) must surface as errors: a blindly followed redirect
        // would carry a signature for the wrong host.
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        managers.setLocalData(manager);
    }
    return *managers.localData();
}

} // namespace

HttpResponse HttpTransport::send(const QNetworkRequest& request, const QByteArray& method, const QByteArray& body)
{
    QNetworkAccessManager& manager = threadManager();
    QBuffer upload;
    upload.setData(body);
    upload.open(QIODevice::ReadOnly);

    std::unique_ptr<QNetworkReply> reply;
    if (method == "GET")
        reply.reset(manager.get(request));
    else if (method == "HEAD")
        reply.reset(manager.head(request));
    else if (method == "DELETE" && body.isEmpty())
        reply.reset(manager.deleteResource(request));
    else
        reply.reset(manager.sendCustomRequest(request, method, &upload));

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
