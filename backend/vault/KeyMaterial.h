#pragma once

#include <QByteArray>

#include <array>

namespace Backup {

// The vault's random master key (64 bytes, wrapped in keys/<id>) and the subkeys derived
// from it with HMAC-SHA256 under fixed labels. Replicas share the master key, so chunk ids,
// chunk boundaries and ciphertexts stay valid when objects are copied as they are.
class KeyMaterial final
{
public:
    static constexpr int kMasterSize = 64;

    KeyMaterial() = default;
    explicit KeyMaterial(QByteArray master);
    static KeyMaterial generate();

    bool isNull() const { return m_master.isEmpty(); }
    const QByteArray& master() const { return m_master; }
    const QByteArray& encryptionKey() const { return m_encryption; } // AES-256-GCM
    const QByteArray& chunkIdKey() const { return m_chunkId; }       // HMAC-SHA256 chunk ids
    const QByteArray& configKey() const { return m_config; }         // MAC of the plain config
    // Gear table for the chunker: derived from the key so cut points reveal nothing.
    const std::array<quint64, 256>& gear() const { return m_gear; }

private:
    QByteArray m_master;
    QByteArray m_encryption;
    QByteArray m_chunkId;
    QByteArray m_config;
    std::array<quint64, 256> m_gear{};
};

} // namespace Backup
