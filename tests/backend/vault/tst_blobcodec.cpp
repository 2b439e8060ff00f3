// BlobCodec's choice between zstd and raw storage: random data is stored raw without a
// full compression pass, anything with compressible stretches is compressed, and every
// chunk decodes back to its bytes.
#include "backend/vault/BlobCodec.h"
#include "backend/vault/Crypto.h"
#include "backend/vault/KeyMaterial.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Backup;

class TestBlobCodec : public QObject
{
    Q_OBJECT

private slots:
    void randomChunkIsStoredRaw();
    void textChunkIsCompressed();
    void mixedChunkIsCompressed();
    void smallChunksRoundTrip();

private:
    static QByteArray randomBytes(qsizetype n)
    {
        QByteArray out(n, Qt::Uninitialized);
        QRandomGenerator rng(7);
        for (qsizetype i = 0; i < n; ++i)
            out[i] = char(rng.bounded(256));
        return out;
    }
    static QByteArray text(qsizetype n)
    {
        QByteArray out;
        for (int line = 0; out.size() < n; ++line)
            out += "line " + QByteArray::number(line) + ": the quick brown fox jumps over the lazy dog\n";
        out.truncate(n);
        return out;
    }
    // Sealed size minus the blob overhead and the one-byte raw/zstd flag.
    static qsizetype storedPayload(const QByteArray& sealed) { return sealed.size() - Crypto::kOverhead - 1; }

    void roundTrip(const BlobCodec& codec, const QByteArray& plain, const QByteArray& sealed, const QByteArray& id)
    {
        const auto back = codec.decodeChunk(id, sealed.constData(), sealed.size(), plain.size());
        QVERIFY(back.has_value());
        QCOMPARE(back.value(), plain);
    }

    KeyMaterial m_keys = KeyMaterial::generate();
    BlobCodec m_codec{m_keys, 3};
};

void TestBlobCodec::randomChunkIsStoredRaw()
{
    const QByteArray plain = randomBytes(1024 * 1024);
    const QByteArray id = m_codec.chunkId(plain.constData(), plain.size());
    const QByteArray sealed = m_codec.encodeChunk(id, plain.constData(), plain.size());
    QCOMPARE(storedPayload(sealed), plain.size());
    roundTrip(m_codec, plain, sealed, id);
}

void TestBlobCodec::textChunkIsCompressed()
{
    const QByteArray plain = text(1024 * 1024);
    const QByteArray id = m_codec.chunkId(plain.constData(), plain.size());
    const QByteArray sealed = m_codec.encodeChunk(id, plain.constData(), plain.size());
    QVERIFY(storedPayload(sealed) < plain.size() / 4);
    roundTrip(m_codec, plain, sealed, id);
}

void TestBlobCodec::mixedChunkIsCompressed()
{
    // Three quarters random, then text: the samples must not stop at the random head.
    const QByteArray plain = randomBytes(768 * 1024) + text(256 * 1024);
    const QByteArray id = m_codec.chunkId(plain.constData(), plain.size());
    const QByteArray sealed = m_codec.encodeChunk(id, plain.constData(), plain.size());
    QVERIFY(storedPayload(sealed) < plain.size() - 128 * 1024);
    roundTrip(m_codec, plain, sealed, id);
}

void TestBlobCodec::smallChunksRoundTrip()
{
    for (const qsizetype size : {0, 1, 63, 64, 4096, 300 * 1024}) {
        for (const QByteArray& plain : {randomBytes(size), text(size)}) {
            const QByteArray id = m_codec.chunkId(plain.constData(), plain.size());
            const QByteArray sealed = m_codec.encodeChunk(id, plain.constData(), plain.size());
            QVERIFY(storedPayload(sealed) <= plain.size());
            roundTrip(m_codec, plain, sealed, id);
        }
    }
}

QTEST_GUILESS_MAIN(TestBlobCodec)
#include "tst_blobcodec.moc"
