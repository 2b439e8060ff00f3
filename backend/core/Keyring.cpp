#include "backend/core/Keyring.h"

#include <QCoreApplication>

#ifdef CROSSVAULT_WITH_KEYCHAIN
#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <qt6keychain/keychain.h>
#endif

namespace Core {

namespace {

#ifdef CROSSVAULT_WITH_KEYCHAIN
const QString kService = QStringLiteral("Crossvault");
constexpr int kTimeoutMs = 15000; // a keyring may ask the user to unlock it

// Runs a keychain job to completion (or the time limit) on the calling thread.
// The job deletes itself when it finishes, even after a timeout.
Status runJob(QKeychain::Job* job, const std::function<void(QKeychain::Job*)>& onFinished = {})
{
    job->setAutoDelete(true);
    QEventLoop loop;
    QKeychain::Error error = QKeychain::OtherError;
    QString message;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job* done) {
        finished = true;
        error = done->error();
        if (onFinished && error == QKeychain::NoError)
            onFinished(done);
        message = done->errorString();
        loop.quit();
    });
    QTimer::singleShot(kTimeoutMs, &loop, &QEventLoop::quit);
    job->start();
    loop.exec();
    if (!finished) // the connection dies with loop, so a late answer touches nothing here
        return fail(ErrorCode::Unreachable, QCoreApplication::translate("Keyring", "The desktop keyring did not answer within %1 seconds.").arg(kTimeoutMs / 1000));
    switch (error) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return fail(ErrorCode::NotFound, QCoreApplication::translate("Keyring", "The desktop keyring has no such entry."));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return fail(ErrorCode::AuthFailed, QCoreApplication::translate("Keyring", "The desktop keyring refused access: %1").arg(message));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    default:
        return fail(ErrorCode::Unreachable, QCoreApplication::translate("Keyring", "No desktop keyring is available: %1").arg(message));
    }
}
#endif

} // namespace

bool Keyring::compiledIn()
{
#ifdef CROSSVAULT_WITH_KEYCHAIN
    return true;
#else
    return false;
#endif
}

Status Keyring::write(const QString& key, const QByteArray& data)
{
#ifdef CROSSVAULT_WITH_KEYCHAIN
    auto* job = new QKeychain::WritePasswordJob(kService);
    job->setKey(key);
    job->setBinaryData(data);
    return runJob(job);
#else
    Q_UNUSED(key)
    Q_UNUSED(data)
    return fail(ErrorCode::Unreachable, QCoreApplication::translate("Keyring", "This build of Crossvault has no keyring support."));
#endif
}

Result<QByteArray> Keyring::read(const QString& key)
{
#ifdef CROSSVAULT_WITH_KEYCHAIN
    auto* job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(key);
    QByteArray data;
    const Status status = runJob(job, [&data](QKeychain::Job* done) {
        data = static_cast<QKeychain::ReadPasswordJob*>(done)->binaryData();
    });
    if (!status)
        return status.error();
    return data;
#else
    Q_UNUSED(key)
    return fail(ErrorCode::Unreachable, QCoreApplication::translate("Keyring", "This build of Crossvault has no keyring support."));
#endif
}

Status Keyring::remove(const QString& key)
{
#ifdef CROSSVAULT_WITH_KEYCHAIN
    auto* job = new QKeychain::DeletePasswordJob(kService);
    job->setKey(key);
    const Status status = runJob(job);
    if (!status && status.error().code() != ErrorCode::NotFound)
        return status;
    return {};
#else
    Q_UNUSED(key)
    return {};
#endif
}

} // namespace Core
