#pragma once

#include <QByteArray>
#include <QString>

namespace Backup {

// How a vault is encrypted; fixed at creation.
//   Managed:  the console keeps a random 32-byte "managed key" (in the workspace's
//             SecretStore) that wraps the vault's master key; it can be exported as a
//             recovery key to open the vault from another workspace.
//   Customer: the operator holds a passphrase or a key file (Argon2id-derived wrapping key).
enum class EncryptionMethod { Managed, Customer };

QString encryptionMethodName(EncryptionMethod method); // "managed" | "customer"

// What opens (or, at creation, protects) a vault. Holds secret bytes: never log it.
class KeySource final
{
public:
    enum class Kind { None, ManagedKey, Passphrase, KeyFile };

    KeySource() = default;
    // The raw 32-byte managed key (as kept in the SecretStore).
    static KeySource managedKey(QByteArray key);
    // A recovery key as printed by Vault::exportRecoveryKey() ("CVRK1-…"); invalid text
    // gives a KeySource whose kind() is None (open() then fails with InvalidInput).
    static KeySource recoveryKey(const QString& text);
    static KeySource passphrase(QByteArray passphrase);
    // The file's content is the secret; read when the key is used.
    static KeySource keyFile(QString path);

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::None; }
    const QByteArray& secret() const { return m_secret; }
    const QString& keyFilePath() const { return m_path; }

private:
    Kind m_kind = Kind::None;
    QByteArray m_secret;
    QString m_path;
};

} // namespace Backup
