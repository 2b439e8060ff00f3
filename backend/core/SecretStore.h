#pragma once

#include "backend/core/Result.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

namespace Core {

// Keeps secrets (S3 secret keys, managed vault keys) out of the catalog and the logs.
// Where a desktop keyring answers (QtKeychain), a secret goes there and
// <workspace>/secrets/<id>.keyring only records its entry's name; otherwise it is stored in
// <workspace>/secrets/<id>.secret. Every file is 0600 in a 0700 folder.
// CROSSVAULT_SECRET_BACKEND=file|keyring|auto (default auto) chooses for new secrets: "file"
// suits headless agents that run outside a desktop session, "keyring" refuses the fallback.
// A keyring secret, once read, is kept in memory for the life of the store, so only the first
// read is a D-Bus round trip; the console makes that read on a worker (preloadKeyring()).
class SecretStore final
{
public:
    enum class Backend { Auto, File, Keyring };

    explicit SecretStore(QString folder, Backend backend = backendFromEnvironment());

    // ids are path-safe: letters, digits, '.', '_' and '-' ("region.s3-eu.secret-key").
    Status store(const QString& id, const QByteArray& secret);
    Result<QByteArray> load(const QString& id) const;
    bool contains(const QString& id) const;
    Status remove(const QString& id);
    // "keyring", "file" or "" (no such secret): where a secret lives, for the UI and tests.
    QString locationOf(const QString& id) const;

    // Reads every keyring-held secret into memory (the keyring may ask to be unlocked once).
    // For a worker thread at start-up, so later reads on the GUI thread touch no D-Bus.
    void preloadKeyring();

    static Backend backendFromEnvironment();

private:
    QString pathFor(const QString& id, const char* suffix) const;
    Status ensureFolder() const;
    Status writePrivateFile(const QString& path, const QByteArray& content) const;
    static QByteArray stampOf(const QString& path);

    QString m_folder;
    Backend m_backend;
    mutable QMutex m_mutex;
    // id -> secret read from the keyring, valid while its marker file is unchanged (another
    // process that replaces the secret rewrites the marker).
    struct CachedSecret
    {
        QByteArray secret;
        QByteArray markerStamp; // inode and modification time of the marker
    };
    mutable QHash<QString, CachedSecret> m_keyringCache;
};

} // namespace Core
