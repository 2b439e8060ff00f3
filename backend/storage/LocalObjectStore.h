#pragma once

#include "backend/storage/ObjectStore.h"

namespace Storage {

// Objects as files below a root folder (a local disk or a NAS mount). Writes go to a
// temporary file in the same folder, are fsync'ed, renamed into place and the folder
// fsync'ed, so an object is either complete or absent after a crash.
class LocalObjectStore final : public ObjectStore
{
public:
    explicit LocalObjectStore(QString root);

    QString describe() const override;
    Core::Status put(const QString& key, const QByteArray& data) override;
    Core::Result<QByteArray> get(const QString& key) override;
    Core::Result<QByteArray> getRange(const QString& key, qint64 offset, qint64 length) override;
    Core::Result<std::optional<ObjectInfo>> stat(const QString& key) override;
    Core::Result<QList<ObjectInfo>> list(const QString& prefix) override;
    Core::Status remove(const QString& key) override;

    const QString& root() const { return m_root; }

private:
    Core::Result<QString> pathFor(const QString& key) const;

    QString m_root;
};

} // namespace Storage
