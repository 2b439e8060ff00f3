#include "backend/vault/KeyMaterial.h"

#include "backend/vault/Crypto.h"

#include <cstring>

namespace Backup {

KeyMaterial::KeyMaterial(QByteArray master)
    : m_master(std::move(master))
{
    m_encryption = Crypto::hmacSha256(m_master, QByteArrayLiteral("crossvault/v1/encryption"));
    m_chunkId = Crypto::hmacSha256(m_master, QByteArrayLiteral("crossvault/v1/chunk-id"));
    m_config = Crypto::hmacSha256(m_master, QByteArrayLiteral("crossvault/v1/config"));
    const QByteArray gearSeed = Crypto::hmacSha256(m_master, QByteArrayLiteral("crossvault/v1/gear"));
    for (int i = 0; i < 256; ++i) {
        const char index[2] = {static_cast<char>(i >> 8), static_cast<char>(i & 0xff)};
        const QByteArray h = Crypto::hmacSha256(gearSeed, index, 2);
        std::memcpy(&m_gear[static_cast<size_t>(i)], h.constData(), sizeof(quint64));
    }
}

KeyMaterial KeyMaterial::generate()
{
    return KeyMaterial(Crypto::randomBytes(kMasterSize));
}

} // namespace Backup
