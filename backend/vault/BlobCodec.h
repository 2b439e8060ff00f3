#pragma once

#include "backend/vault/KeyMaterial.h"

#include <QByteArray>

#include <optional>

namespace Backup {

// Turns plaintext into stored blobs and back.
//   chunk blob:  seal(encKey, flag (0 raw | 1 zstd) + payload, aad = chunk id)
//   object blob: seal(encKey, zstd(plaintext), aad = role, e.g. "index" or "point:<id>")
// Compression is skipped when it does not shrink a chunk by at least 1/64, and for large
// chunks whose sampled slices do not shrink at all (random data: no full zstd pass).
// Thread-safe (zstd contexts are per thread).
class BlobCodec final
{
public:
    BlobCodec(const KeyMaterial& keys, int compressionLevel);

    QByteArray chunkId(const char* data, qsizetype size) const;
    QByteArray encodeChunk(const QByteArray& id, const char* data, qsizetype size) const;
    // Authenticates, decompresses and checks that the plaintext hashes to id; nullopt otherwise.
    std::optional<QByteArray> decodeChunk(const QByteArray& id, const char* blob, qsizetype size,
                                          qint64 rawLength) const;

    QByteArray encodeObject(const QByteArray& plaintext, const QByteArray& role) const;
    std::optional<QByteArray> decodeObject(const QByteArray& stored, const QByteArray& role) const;

private:
    const KeyMaterial& m_keys;
    int m_level;
};

} // namespace Backup
