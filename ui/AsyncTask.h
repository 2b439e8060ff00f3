#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

// Runs task() on the global thread pool and delivers its result to callback on context's
// thread (queued). If context is destroyed first, the callback is dropped: the watcher
// that would call it is a child of context. (KeePassXC core/AsyncTask.h runThenCallback,
// without QtConcurrent.)
template<typename Task, typename Callback>
void runThenCallback(QObject* context, Task task, Callback callback)
{
    using Value = std::invoke_result_t<Task>;
    auto promise = std::make_shared<QPromise<Value>>();
    auto* watcher = new QFutureWatcher<Value>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, callback = std::move(callback)]() mutable {
                         watcher->deleteLater();
                         callback(watcher->future().result());
                     });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, task = std::move(task)]() mutable {
        promise->addResult(task());
        promise->finish();
    });
}
