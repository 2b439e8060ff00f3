#pragma once

#include "backend/core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Storage {

struct ObjectInfo
{
    QString key;   // relative to the store's root, '/'-separated, never starting with '/'
    qint64 size = 0;
    QDateTime modified;
};

// One region's object storage: a flat namespace of keys ("data/ab/abcd…", "config").
// Every vault operation goes through this interface, so local folders and S3 buckets are
// interchangeable. Implementations are synchronous (call them from worker threads, never
// from the GUI thread) and must be safe to call from several threads at once.
//
// Contract:
// - put() is atomic and durable: after it returns ok the object is complete and survives a
//   crash; if it fails or the process dies, the key holds its previous content or nothing.
// - Missing objects give ErrorCode::NotFound from get()/getRange(), nullopt from stat(),
//   and success from remove().
// - Errors carry a message an operator can act on and never contain secrets.
class ObjectStore
{
public:
    virtual ~ObjectStore() = default;

    // A short human description for messages, e.g. "folder /srv/backup" or
    // "s3://bucket/prefix at https://s3.example.com" (no credentials).
    virtual QString describe() const = 0;

    virtual Core::Status put(const QString& key, const QByteArray& data) = 0;
    virtual Core::Result<QByteArray> get(const QString& key) = 0;
    virtual Core::Result<QByteArray> getRange(const QString& key, qint64 offset, qint64 length) = 0;
    virtual Core::Result<std::optional<ObjectInfo>> stat(const QString& key) = 0;
    // Every object whose key starts with prefix (pagination is the store's business),
    // sorted by key.
    virtual Core::Result<QList<ObjectInfo>> list(const QString& prefix) = 0;
    virtual Core::Status remove(const QString& key) = 0;
    // Removes many objects; stores with a batch API (S3 DeleteObjects) override it.
    // Missing keys are no error; stops at the first failure.
    virtual Core::Status removeMany(const QStringList& keys);

    // Checks that the store is reachable and writable: a real round trip (put, get, list,
    // remove of a probe object). Each step is reported through the callback.
    virtual Core::Status probe(const std::function<void(const QString& step, bool ok)>& report);
};

} // namespace Storage
