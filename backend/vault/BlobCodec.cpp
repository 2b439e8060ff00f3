#include "backend/vault/BlobCodec.h"

#include "backend/vault/Crypto.h"

#include <zstd.h>

#include <cstring>
#include <memory>
#include <vector>

namespace Backup {

namespace {

constexpr char kRaw = 0;
constexpr char kZstd = 1;
// Refuse to inflate anything beyond this (a tampered-but-authenticated blob cannot exist,
// but a wrong rawLength in a damaged index must not allocate gigabytes).
constexpr qint64 kMaxObjectSize = qint64(1) << 31;

ZSTD_CCtx* compressionContext()
{
    struct Deleter { void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); } };
    thread_local std::unique_ptr<ZSTD_CCtx, Deleter> ctx(ZSTD_createCCtx());
    return ctx.get();
}

ZSTD_DCtx* decompressionContext()
{
    struct Deleter { void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); } };
    thread_local std::unique_ptr<ZSTD_DCtx, Deleter> ctx(ZSTD_createDCtx());
    return ctx.get();
}

// Compresses into out at offset; returns the compressed size or 0 when it does not fit.
size_t compressInto(QByteArray& out, qsizetype offset, const char* data, qsizetype size, int level, qsizetype limit)
{
    out.resize(offset + static_cast<qsizetype>(ZSTD_compressBound(static_cast<size_t>(size))));
    const size_t n = ZSTD_compressCCtx(compressionContext(), out.data() + offset, static_cast<size_t>(limit), data,
                                       static_cast<size_t>(size), level);
    return ZSTD_isError(n) ? 0 : n;
}

// Random data (media, already-compressed files) costs a full zstd pass only to be stored
// raw. Compressing a few slices spread over the chunk at level 1 tells the two apart for a
// few percent of that cost; a chunk whose slices all refuse to shrink is stored raw.
bool worthCompressing(const char* data, qsizetype size)
{
    constexpr qsizetype kSlices = 8;
    constexpr qsizetype kSlice = 8 * 1024;
    if (size < 4 * kSlices * kSlice)
        return true;
    thread_local std::vector<char> out(ZSTD_compressBound(kSlice));
    const qsizetype step = (size - kSlice) / (kSlices - 1);
    for (qsizetype i = 0; i < kSlices; ++i) {
        const size_t n = ZSTD_compressCCtx(compressionContext(), out.data(), out.size(), data + i * step,
                                           static_cast<size_t>(kSlice), 1);
        // Any slice that shrinks by 3% or more: compress the whole chunk.
        if (!ZSTD_isError(n) && static_cast<qsizetype>(n) < kSlice - kSlice / 32)
            return true;
    }
    return false;
}

std::optional<QByteArray> decompress(const char* data, qsizetype size, qint64 expected)
{
    if (expected < 0) {
        const unsigned long long n = ZSTD_getFrameContentSize(data, static_cast<size_t>(size));
        if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN || n > static_cast<unsigned long long>(kMaxObjectSize))
            return std::nullopt;
        expected = static_cast<qint64>(n);
    }
    if (expected > kMaxObjectSize)
        return std::nullopt;
    QByteArray out(expected, Qt::Uninitialized);
    const size_t n = ZSTD_decompressDCtx(decompressionContext(), out.data(), static_cast<size_t>(expected), data,
                                         static_cast<size_t>(size));
    if (ZSTD_isError(n) || static_cast<qint64>(n) != expected)
        return std::nullopt;
    return out;
}

} // namespace

BlobCodec::BlobCodec(const KeyMaterial& keys, int compressionLevel)
    : m_keys(keys)
    , m_level(compressionLevel)
{
}

QByteArray BlobCodec::chunkId(const char* data, qsizetype size) const
{
    return Crypto::hmacSha256(m_keys.chunkIdKey(), data, size);
}

QByteArray BlobCodec::encodeChunk(const QByteArray& id, const char* data, qsizetype size) const
{
    QByteArray payload;
    const qsizetype limit = size - size / 64;
    const size_t n = size >= 64 && worthCompressing(data, size) ? compressInto(payload, 1, data, size, m_level, limit) : 0;
    if (n > 0 && static_cast<qsizetype>(n) < limit) {
        payload.resize(1 + static_cast<qsizetype>(n));
        payload[0] = kZstd;
    } else {
        payload.resize(1 + size);
        payload[0] = kRaw;
        if (size > 0)
            std::memcpy(payload.data() + 1, data, static_cast<size_t>(size));
    }
    return Crypto::seal(m_keys.encryptionKey(), payload, id);
}

std::optional<QByteArray> BlobCodec::decodeChunk(const QByteArray& id, const char* blob, qsizetype size,
                                                 qint64 rawLength) const
{
    auto payload = Crypto::open(m_keys.encryptionKey(), blob, size, id);
    if (!payload || payload->isEmpty())
        return std::nullopt;
    std::optional<QByteArray> plain;
    if (payload->at(0) == kRaw)
        plain = payload->mid(1);
    else if (payload->at(0) == kZstd)
        plain = decompress(payload->constData() + 1, payload->size() - 1, rawLength);
    if (!plain || (rawLength >= 0 && plain->size() != rawLength))
        return std::nullopt;
    if (!Crypto::equal(chunkId(plain->constData(), plain->size()), id))
        return std::nullopt;
    return plain;
}

QByteArray BlobCodec::encodeObject(const QByteArray& plaintext, const QByteArray& role) const
{
    QByteArray compressed;
    const size_t n = compressInto(compressed, 0, plaintext.constData(), plaintext.size(), m_level,
                                  static_cast<qsizetype>(ZSTD_compressBound(static_cast<size_t>(plaintext.size()))));
    compressed.resize(static_cast<qsizetype>(n));
    return Crypto::seal(m_keys.encryptionKey(), compressed, role);
}

std::optional<QByteArray> BlobCodec::decodeObject(const QByteArray& stored, const QByteArray& role) const
{
    auto compressed = Crypto::open(m_keys.encryptionKey(), stored, role);
    if (!compressed)
        return std::nullopt;
    return decompress(compressed->constData(), compressed->size(), -1);
}

} // namespace Backup
