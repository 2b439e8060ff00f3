#include "backend/core/Keyring.h"

#include <QCoreApplication>

#ifdef CROSSVAULT_WITH_KEYCHAIN
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <functional>
#include <qt6keychain/keychain.h>
#endif

namespace Core {

namespace {

#ifdef CROSSVAULT_WITH_KEYCHAIN
const QString kService = QStringLiteral("Crossvault");
constexpr int kTimeoutMs = 15000; // a keyring may ask the user to unlock it

// QtKeychain queues every job on one executor object that belongs to the thread that used it
// first and needs that thread's event loop to start the next job. So every keyring call runs
// on this one long-lived thread (its event loop always runs, a late answer after a timeout
// still completes), and callers wait for it without running a nested event loop of their own.
struct KeyringThread
{
    QThread* thread = nullptr;
    QObject* context = nullptr;

    static KeyringThread& instance()
    {
        static KeyringThread keyring = [] {
            KeyringThread k;
            k.thread = new QThread;
            k.thread->setObjectName(QStringLiteral("crossvault-keyring"));
            k.context = new QObject;
            k.context->moveToThread(k.thread);
            k.thread->start();
            if (QCoreApplication::instance())
                qAddPostRoutine(&KeyringThread::stop); // before the application object goes
            return k;
        }();
        return keyring;
    }

    static void stop()
    {
        KeyringThread& k = instance();
        if (!k.thread)
            return;
        QMetaObject::invokeMethod(
            k.context, [context = k.context] { delete context; }, Qt::QueuedConnection);
        k.thread->quit();
        // A job waiting for an unlock prompt ends within its time limit; do not wait longer.
        if (k.thread->wait(QDeadlineTimer(kTimeoutMs + 1000)))
            delete k.thread;
        k.thread = nullptr;
        k.context = nullptr;
    }

    template <typename Result, typename Work> Result run(Work work)
    {
        if (!thread || QThread::currentThread() == thread)
            return work();
        Result result = fail(ErrorCode::Unreachable, QString());
        QMetaObject::invokeMethod(
            context, [&result, &work] { result = work(); }, Qt::BlockingQueuedConnection);
        return result;
    }
};

// Runs a keychain job to completion (or the time limit) on the keyring thread.
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
        return fail(ErrorCode::Unreachable,
                    QCoreApplication::translate("Keyring", "The desktop keyring did not answer within %1 seconds.")
                        .arg(kTimeoutMs / 1000));
    switch (error) {
    case QKeychain::NoError:
        return {};
    case QKeychain::EntryNotFound:
        return fail(ErrorCode::NotFound,
                    QCoreApplication::translate("Keyring", "The desktop keyring has no such entry."));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return fail(ErrorCode::AuthFailed,
                    QCoreApplication::translate("Keyring", "The desktop keyring refused access: %1").arg(message));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
    default:
        return fail(ErrorCode::Unreachable,
                    QCoreApplication::translate("Keyring", "No desktop keyring is available: %1").arg(message));
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
    return KeyringThread::instance().run<Status>([&] {
        auto* job = new QKeychain::WritePasswordJob(kService);
        job->setKey(key);
        job->setBinaryData(data);
        return runJob(job);
    });
#else
    Q_UNUSED(key)
    Q_UNUSED(data)
    return fail(ErrorCode::Unreachable,
                QCoreApplication::translate("Keyring", "This build of Crossvault has no keyring support."));
#endif
}

Result<QByteArray> Keyring::read(const QString& key)
{
#ifdef CROSSVAULT_WITH_KEYCHAIN
    return KeyringThread::instance().run<Result<QByteArray>>([&]() -> Result<QByteArray> {
        auto* job = new QKeychain::ReadPasswordJob(kService);
        job->setKey(key);
        QByteArray data;
        const Status status = runJob(job, [&data](QKeychain::Job* done) {
            data = static_cast<QKeychain::ReadPasswordJob*>(done)->binaryData();
        });
        if (!status)
            return status.error();
        return data;
    });
#else
    Q_UNUSED(key)
    return fail(ErrorCode::Unreachable,
                QCoreApplication::translate("Keyring", "This build of Crossvault has no keyring support."));
#endif
}

Status Keyring::remove(const QString& key)
{
#ifdef CROSSVAULT_WITH_KEYCHAIN
    return KeyringThread::instance().run<Status>([&]() -> Status {
        auto* job = new QKeychain::DeletePasswordJob(kService);
        job->setKey(key);
        const Status status = runJob(job);
        if (!status && status.error().code() != ErrorCode::NotFound)
            return status;
        return {};
    });
#else
    Q_UNUSED(key)
    return {};
#endif
}

} // namespace Core
