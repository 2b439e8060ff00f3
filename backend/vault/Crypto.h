#pragma once

#include <QByteArray>

#include <optional>

namespace Backup {

// The vault's primitives: AES-256-GCM (OpenSSL EVP) for every stored blob, HMAC-SHA256 and
// SHA-256 (OpenSSL), Argon2id and randomness (libsodium). All functions are thread-safe.
//
// Sealed blob layout: version (1 byte, 1) | nonce (12 random bytes) | ciphertext | tag (16).
// The associated data binds a blob to its role ("index", "point:<id>", a chunk id…), so a
// blob moved to another place fails authentication too.
class Crypto final
{
public:
    static constexpr int kKeySize = 32;
    static constexpr int kOverhead = 1 + 12 + 16;

    static QByteArray randomBytes(int count);
    static QByteArray sha256(const QByteArray& data);
    static QByteArray sha256(const char* data, qsizetype size);
    static QByteArray hmacSha256(const QByteArray& key, const char* data, qsizetype size);
    static QByteArray hmacSha256(const QByteArray& key, const QByteArray& data);

    static QByteArray seal(const QByteArray& key, const QByteArray& plaintext, const QByteArray& aad);
    // nullopt when the blob is malformed or fails authentication.
    static std::optional<QByteArray> open(const QByteArray& key, const char* blob, qsizetype size,
                                          const QByteArray& aad);
    static std::optional<QByteArray> open(const QByteArray& key, const QByteArray& blob, const QByteArray& aad);

    struct KdfParams
    {
        QByteArray salt;        // crypto_pwhash_SALTBYTES
        quint64 opsLimit = 0;
        quint64 memLimit = 0;
    };
    static KdfParams defaultKdfParams(); // a fresh salt, libsodium's "interactive" limits
    // Argon2id13; empty on failure (out of memory).
    static QByteArray deriveKey(const QByteArray& secret, const KdfParams& params);

    // Constant-time comparison.
    static bool equal(const QByteArray& a, const QByteArray& b);
};

} // namespace Backup
