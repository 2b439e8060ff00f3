#include "backend/vault/KeySource.h"

#include "backend/vault/RecoveryKey.h"

namespace Backup {

QString encryptionMethodName(EncryptionMethod method)
{
    return method == EncryptionMethod::Customer ? QStringLiteral("customer") : QStringLiteral("managed");
}

KeySource KeySource::managedKey(QByteArray key)
{
    KeySource k;
    k.m_kind = Kind::ManagedKey;
    k.m_secret = std::move(key);
    return k;
}

KeySource KeySource::recoveryKey(const QString& text)
{
    const QByteArray key = RecoveryKey::decode(text);
    if (key.isEmpty())
        return {};
    return managedKey(key);
}

KeySource KeySource::passphrase(QByteArray passphrase)
{
    KeySource k;
    k.m_kind = Kind::Passphrase;
    k.m_secret = std::move(passphrase);
    return k;
}

KeySource KeySource::keyFile(QString path)
{
    KeySource k;
    k.m_kind = Kind::KeyFile;
    k.m_path = std::move(path);
    return k;
}

} // namespace Backup
