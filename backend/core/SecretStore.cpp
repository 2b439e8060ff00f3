#include "backend/core/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace Core {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SecretStore", text);
}
} // namespace

SecretStore::SecretStore(QString folder)
    : m_folder(std::move(folder))
{
}

QString SecretStore::fileFor(const QString& id) const
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._-]{1,200}$"));
    if (!safe.match(id).hasMatch() || id.startsWith(QLatin1Char('.')))
        return {};
    return m_folder + QLatin1Char('/') + id + QStringLiteral(".secret");
}

Status SecretStore::store(const QString& id, const QByteArray& secret)
{
    QMutexLocker locker(&m_mutex);
    const QString file = fileFor(id);
    if (file.isEmpty())
        return fail(ErrorCode::InvalidInput, tr("Invalid secret id."));
    if (!QDir().mkpath(m_folder))
        return fail(ErrorCode::Io, tr("Cannot create the secrets folder %1.").arg(m_folder));
    QFile::setPermissions(m_folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    QSaveFile out(file);
    // Restrict permissions before any secret byte is written.
    if (!out.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io, tr("Cannot write a secret into %1: %2").arg(m_folder, out.errorString()));
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(secret.toBase64());
    if (!out.commit())
        return fail(ErrorCode::Io, tr("Cannot write a secret into %1: %2").arg(m_folder, out.errorString()));
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Result<QByteArray> SecretStore::load(const QString& id) const
{
    QMutexLocker locker(&m_mutex);
    const QString file = fileFor(id);
    if (file.isEmpty())
        return fail(ErrorCode::InvalidInput, tr("Invalid secret id."));
    QFile in(file);
    if (!in.exists())
        return fail(ErrorCode::NotFound, tr("The secret '%1' is not in this workspace.").arg(id));
    if (!in.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, tr("Cannot read the secret '%1': %2").arg(id, in.errorString()));
    return QByteArray::fromBase64(in.readAll().trimmed());
}

bool SecretStore::contains(const QString& id) const
{
    QMutexLocker locker(&m_mutex);
    const QString file = fileFor(id);
    return !file.isEmpty() && QFile::exists(file);
}

Status SecretStore::remove(const QString& id)
{
    QMutexLocker locker(&m_mutex);
    const QString file = fileFor(id);
    if (file.isEmpty())
        return fail(ErrorCode::InvalidInput, tr("Invalid secret id."));
    if (QFile::exists(file) && !QFile::remove(file))
        return fail(ErrorCode::Io, tr("Cannot delete the secret '%1'.").arg(id));
    return {};
}

} // namespace Core
