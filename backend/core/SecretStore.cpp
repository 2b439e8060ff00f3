#include "backend/core/SecretStore.h"

#include "backend/core/Keyring.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <sys/stat.h>

namespace Core {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

SecretStore::SecretStore(QString folder, Backend backend)
    : m_folder(std::move(folder))
    , m_backend(backend)
{ }

SecretStore::Backend SecretStore::backendFromEnvironment()
{
    const QByteArray value = qgetenv("CROSSVAULT_SECRET_BACKEND").trimmed().toLower();
    if (value == "file")
        return Backend::File;
    if (value == "keyring")
        return Backend::Keyring;
    return Backend::Auto;
}

QString SecretStore::pathFor(const QString& id, const char* suffix) const
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._-]{1,200}$"));
    if (!safe.match(id).hasMatch() || id.startsWith(QLatin1Char('.')))
        return {};
    return m_folder + QLatin1Char('/') + id + QLatin1String(suffix);
}

QByteArray SecretStore::stampOf(const QString& path)
{
    // A rewrite goes through QSaveFile (a new inode), so the inode alone would do; the
    // nanosecond mtime covers a file edited in place.
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return {};
    return QByteArray::number(qulonglong(info.st_ino)) + '.' + QByteArray::number(qlonglong(info.st_mtim.tv_sec)) + '.'
        + QByteArray::number(qlonglong(info.st_mtim.tv_nsec));
}

Status SecretStore::ensureFolder() const
{
    if (!QDir().mkpath(m_folder))
        return fail(ErrorCode::Io,
                    QCoreApplication::translate("SecretStore", "Cannot create the secrets folder %1.").arg(m_folder));
    QFile::setPermissions(m_folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return {};
}

Status SecretStore::writePrivateFile(const QString& path, const QByteArray& content) const
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io,
                    QCoreApplication::translate("SecretStore", "Cannot write a secret into %1: %2")
                        .arg(m_folder, out.errorString()));
    // Restrict permissions before any byte is written.
    out.setPermissions(kOwnerOnly);
    out.write(content);
    if (!out.commit())
        return fail(ErrorCode::Io,
                    QCoreApplication::translate("SecretStore", "Cannot write a secret into %1: %2")
                        .arg(m_folder, out.errorString()));
    QFile::setPermissions(path, kOwnerOnly);
    return {};
}

Status SecretStore::store(const QString& id, const QByteArray& secret)
{
    QMutexLocker locker(&m_mutex);
    const QString file = pathFor(id, ".secret");
    const QString marker = pathFor(id, ".keyring");
    if (file.isEmpty())
        return fail(ErrorCode::InvalidInput, QCoreApplication::translate("SecretStore", "Invalid secret id."));
    if (Status ok = ensureFolder(); !ok)
        return ok;

    if (m_backend != Backend::File && Keyring::compiledIn()) {
        // The entry's name is unique per workspace folder; the marker remembers it, so a
        // moved workspace still finds its secrets.
        const QString entry = QFileInfo(m_folder).absoluteFilePath() + QLatin1Char('/') + id;
        const Status written = Keyring::write(entry, secret);
        if (written) {
            if (Status ok = writePrivateFile(marker, entry.toUtf8()); !ok) {
                (void)Keyring::remove(entry);
                return ok;
            }
            QFile::remove(file); // an older copy of this secret on disk goes away
            m_keyringCache.insert(id, {secret, stampOf(marker)});
            return {};
        }
        if (m_backend == Backend::Keyring)
            return fail(written.error().code(),
                        QCoreApplication::translate(
                            "SecretStore",
                            "Cannot keep the secret in the desktop keyring (CROSSVAULT_SECRET_BACKEND=keyring): %1")
                            .arg(written.error().message()));
    } else if (m_backend == Backend::Keyring) {
        return fail(ErrorCode::Unreachable,
                    QCoreApplication::translate(
                        "SecretStore",
                        "CROSSVAULT_SECRET_BACKEND=keyring, but this build of Crossvault has no keyring support."));
    }

    if (Status ok = writePrivateFile(file, secret.toBase64()); !ok)
        return ok;
    QFile::remove(marker);
    m_keyringCache.remove(id);
    return {};
}

Result<QByteArray> SecretStore::load(const QString& id) const
{
    QString entry;
    QByteArray stamp;
    {
        QMutexLocker locker(&m_mutex);
        const QString file = pathFor(id, ".secret");
        const QString marker = pathFor(id, ".keyring");
        if (file.isEmpty())
            return fail(ErrorCode::InvalidInput, QCoreApplication::translate("SecretStore", "Invalid secret id."));
        if (QFile::exists(file)) {
            QFile in(file);
            if (!in.open(QIODevice::ReadOnly))
                return fail(ErrorCode::Io,
                            QCoreApplication::translate("SecretStore", "Cannot read the secret '%1': %2")
                                .arg(id, in.errorString()));
            return QByteArray::fromBase64(in.readAll().trimmed());
        }
        if (!QFile::exists(marker))
            return fail(
                ErrorCode::NotFound,
                QCoreApplication::translate("SecretStore", "The secret '%1' is not in this workspace.").arg(id));
        stamp = stampOf(marker);
        if (const auto cached = m_keyringCache.constFind(id);
            cached != m_keyringCache.cend() && cached->markerStamp == stamp)
            return cached->secret;
        QFile in(marker);
        if (!in.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io,
                        QCoreApplication::translate("SecretStore", "Cannot read %1: %2").arg(marker, in.errorString()));
        entry = QString::fromUtf8(in.readAll());
    }
    // The keyring may take a while (an unlock prompt): not under the lock, so other secrets
    // (files, cached ones) stay readable meanwhile.
    auto secret = Keyring::read(entry);
    if (!secret) {
        return fail(secret.error().code(),
                    QCoreApplication::translate(
                        "SecretStore",
                        "The secret '%1' is kept in the desktop keyring, which cannot give it now: %2 "
                        "Run Crossvault in the desktop session that holds the keyring (a headless agent can keep "
                        "its secrets in files: CROSSVAULT_SECRET_BACKEND=file when they are stored).")
                        .arg(id, secret.error().message()));
    }
    QMutexLocker locker(&m_mutex);
    m_keyringCache.insert(id, {secret.value(), stamp});
    return secret;
}

void SecretStore::preloadKeyring()
{
    QStringList markers;
    {
        QMutexLocker locker(&m_mutex);
        markers = QDir(m_folder).entryList({QStringLiteral("*.keyring")}, QDir::Files);
    }
    for (const QString& marker : std::as_const(markers)) {
        // One keyring that cannot answer is enough: do not wait out the time limit per secret.
        if (auto loaded = load(marker.chopped(int(qstrlen(".keyring"))));
            !loaded && loaded.error().code() == ErrorCode::Unreachable)
            return;
    }
}

bool SecretStore::contains(const QString& id) const
{
    return !locationOf(id).isEmpty();
}

QString SecretStore::locationOf(const QString& id) const
{
    QMutexLocker locker(&m_mutex);
    const QString file = pathFor(id, ".secret");
    if (file.isEmpty())
        return {};
    if (QFile::exists(file))
        return QStringLiteral("file");
    if (QFile::exists(pathFor(id, ".keyring")))
        return QStringLiteral("keyring");
    return {};
}

Status SecretStore::remove(const QString& id)
{
    QMutexLocker locker(&m_mutex);
    m_keyringCache.remove(id);
    const QString file = pathFor(id, ".secret");
    const QString marker = pathFor(id, ".keyring");
    if (file.isEmpty())
        return fail(ErrorCode::InvalidInput, QCoreApplication::translate("SecretStore", "Invalid secret id."));
    if (QFile::exists(marker)) {
        QFile in(marker);
        if (!in.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io,
                        QCoreApplication::translate("SecretStore", "Cannot read %1: %2").arg(marker, in.errorString()));
        const QString entry = QString::fromUtf8(in.readAll());
        in.close();
        if (Status removed = Keyring::remove(entry); !removed)
            return fail(
                removed.error().code(),
                QCoreApplication::translate("SecretStore", "Cannot delete the secret '%1' from the desktop keyring: %2")
                    .arg(id, removed.error().message()));
        if (!QFile::remove(marker))
            return fail(ErrorCode::Io, QCoreApplication::translate("SecretStore", "Cannot delete %1.").arg(marker));
    }
    if (QFile::exists(file) && !QFile::remove(file))
        return fail(ErrorCode::Io,
                    QCoreApplication::translate("SecretStore", "Cannot delete the secret '%1'.").arg(id));
    return {};
}

} // namespace Core
