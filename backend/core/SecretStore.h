#pragma once

#include "backend/core/Result.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

namespace Core {

// Keeps secrets (S3 secret keys, managed vault keys) out of the catalog and the logs.
// Stored in <workspace>/secrets/<id>.secret, each file 0600 in a 0700 folder.
// (A desktop-keyring backend through QtKeychain can sit behind the same API.)
class SecretStore final
{
public:
    explicit SecretStore(QString folder);

    // ids are path-safe: letters, digits, '.', '_' and '-' ("region.s3-eu.secret-key").
    Status store(const QString& id, const QByteArray& secret);
    Result<QByteArray> load(const QString& id) const;
    bool contains(const QString& id) const;
    Status remove(const QString& id);

private:
    QString fileFor(const QString& id) const;

    QString m_folder;
    mutable QMutex m_mutex;
};

} // namespace Core
