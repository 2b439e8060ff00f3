#include "backend/vault/Crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <memory>
#include <mutex>

namespace Backup {

namespace {

constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;
constexpr char kBlobVersion = 1;

void ensureSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0)
            qFatal("libsodium cannot be initialised");
    });
}

struct CipherCtxDeleter
{
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const unsigned char* bytes(const char* p) { return reinterpret_cast<const unsigned char*>(p); }
unsigned char* bytes(char* p) { return reinterpret_cast<unsigned char*>(p); }

} // namespace

QByteArray Crypto::randomBytes(int count)
{
    ensureSodium();
    QByteArray out(count, Qt::Uninitialized);
    randombytes_buf(out.data(), static_cast<size_t>(count));
    return out;
}

QByteArray Crypto::sha256(const char* data, qsizetype size)
{
    QByteArray out(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    unsigned int len = 0;
    EVP_Digest(data, static_cast<size_t>(size), bytes(out.data()), &len, EVP_sha256(), nullptr);
    return out;
}

QByteArray Crypto::sha256(const QByteArray& data) { return sha256(data.constData(), data.size()); }

QByteArray Crypto::hmacSha256(const QByteArray& key, const char* data, qsizetype size)
{
    QByteArray out(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.constData(), static_cast<int>(key.size()), bytes(data), static_cast<size_t>(size),
         bytes(out.data()), &len);
    return out;
}

QByteArray Crypto::hmacSha256(const QByteArray& key, const QByteArray& data)
{
    return hmacSha256(key, data.constData(), data.size());
}

QByteArray Crypto::seal(const QByteArray& key, const QByteArray& plaintext, const QByteArray& aad)
{
    Q_ASSERT(key.size() == kKeySize);
    QByteArray out(kOverhead + plaintext.size(), Qt::Uninitialized);
    out[0] = kBlobVersion;
    ensureSodium();
    randombytes_buf(out.data() + 1, kNonceSize);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1
        && EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key.constData()), bytes(out.constData() + 1)) == 1;
    if (ok && !aad.isEmpty())
        ok = EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad.constData()), static_cast<int>(aad.size())) == 1;
    char* ct = out.data() + 1 + kNonceSize;
    if (ok && !plaintext.isEmpty())
        ok = EVP_EncryptUpdate(ctx.get(), bytes(ct), &len, bytes(plaintext.constData()),
                               static_cast<int>(plaintext.size()))
            == 1;
    int tail = 0;
    ok = ok && EVP_EncryptFinal_ex(ctx.get(), bytes(ct + plaintext.size()), &tail) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, ct + plaintext.size()) == 1;
    if (!ok)
        qFatal("AES-256-GCM encryption failed inside OpenSSL");
    return out;
}

std::optional<QByteArray> Crypto::open(const QByteArray& key, const char* blob, qsizetype size, const QByteArray& aad)
{
    if (size < kOverhead || blob[0] != kBlobVersion || key.size() != kKeySize)
        return std::nullopt;
    const qsizetype ctSize = size - kOverhead;
    QByteArray out(ctSize, Qt::Uninitialized);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1
        && EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key.constData()), bytes(blob + 1)) == 1;
    if (ok && !aad.isEmpty())
        ok = EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad.constData()), static_cast<int>(aad.size())) == 1;
    const char* ct = blob + 1 + kNonceSize;
    if (ok && ctSize > 0)
        ok = EVP_DecryptUpdate(ctx.get(), bytes(out.data()), &len, bytes(ct), static_cast<int>(ctSize)) == 1;
    QByteArray tag(ct + ctSize, kTagSize);
    int tail = 0;
    ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1
        && EVP_DecryptFinal_ex(ctx.get(), bytes(out.data() + ctSize), &tail) == 1;
    if (!ok)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> Crypto::open(const QByteArray& key, const QByteArray& blob, const QByteArray& aad)
{
    return open(key, blob.constData(), blob.size(), aad);
}

Crypto::KdfParams Crypto::defaultKdfParams()
{
    KdfParams p;
    p.salt = randomBytes(crypto_pwhash_SALTBYTES);
    p.opsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    p.memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    return p;
}

QByteArray Crypto::deriveKey(const QByteArray& secret, const KdfParams& params)
{
    ensureSodium();
    if (params.salt.size() != crypto_pwhash_SALTBYTES)
        return {};
    QByteArray out(kKeySize, Qt::Uninitialized);
    if (crypto_pwhash(bytes(out.data()), kKeySize, secret.constData(), static_cast<unsigned long long>(secret.size()),
                      bytes(params.salt.constData()), params.opsLimit, static_cast<size_t>(params.memLimit),
                      crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return {};
    return out;
}

bool Crypto::equal(const QByteArray& a, const QByteArray& b)
{
    return a.size() == b.size() && sodium_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

} // namespace Backup
