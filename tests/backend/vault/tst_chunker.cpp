#include "backend/vault/Chunker.h"
#include "backend/vault/KeyMaterial.h"
#include "tests/backend/vault/VaultTestUtil.h"

#include <QTest>

#include <algorithm>
#include <bit>

using namespace Backup;

// Content-defined chunking: bounded sizes, stable boundaries after an insertion, and
// boundaries that depend on the key.
class TestChunker final : public QObject
{
    Q_OBJECT

private slots:
    void sizesAreBounded();
    void insertionOnlyMovesNearbyBoundaries();
    void boundariesDependOnTheKey();
    void boundariesMatchTheByteAtATimeGearHash();
};

namespace {

QList<QByteArray> split(const Chunker& chunker, const QByteArray& data)
{
    QList<QByteArray> out;
    qsizetype pos = 0;
    while (pos < data.size()) {
        const qsizetype n = chunker.cut(data.constData() + pos, data.size() - pos);
        out.append(data.mid(pos, n));
        pos += n;
    }
    return out;
}

// The gear hash one byte at a time, as vaults were first written: Chunker::cut must keep
// finding exactly these boundaries, or existing vaults stop deduplicating new backups.
qsizetype referenceCut(const ChunkerParams& params, const std::array<quint64, 256>& gear, const char* data,
                       qsizetype available)
{
    if (available <= params.minSize)
        return available;
    auto topBits = [](int n) { return n <= 0 ? quint64(0) : (~quint64(0)) << (64 - n); };
    const int bits = std::bit_width(static_cast<quint64>(params.avgSize)) - 1;
    const quint64 strict = topBits(bits + 2), loose = topBits(bits - 2);
    const auto* p = reinterpret_cast<const unsigned char*>(data);
    const qsizetype normal = std::min<qsizetype>(params.avgSize, available);
    const qsizetype end = std::min<qsizetype>(params.maxSize, available);
    quint64 h = 0;
    qsizetype i = params.minSize;
    for (; i < normal; ++i) {
        h = (h << 1) + gear[p[i]];
        if (!(h & strict))
            return i + 1;
    }
    for (; i < end; ++i) {
        h = (h << 1) + gear[p[i]];
        if (!(h & loose))
            return i + 1;
    }
    return end;
}

} // namespace

void TestChunker::sizesAreBounded()
{
    const KeyMaterial keys = KeyMaterial::generate();
    const ChunkerParams params;
    const Chunker chunker(params, keys.gear());
    const QByteArray data = VaultTest::randomBytes(48 * 1024 * 1024, 1);
    const auto chunks = split(chunker, data);
    QByteArray joined;
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        if (i + 1 < chunks.size())
            QVERIFY(chunks[i].size() >= params.minSize);
        QVERIFY(chunks[i].size() <= params.maxSize);
        joined += chunks[i];
    }
    QCOMPARE(joined, data);
    const double average = double(data.size()) / double(chunks.size());
    QVERIFY2(average > params.avgSize * 0.6 && average < params.avgSize * 1.6, qPrintable(QString::number(average)));
    // A small input is one chunk.
    QCOMPARE(chunker.cut(data.constData(), 1000), 1000);
}

void TestChunker::insertionOnlyMovesNearbyBoundaries()
{
    const KeyMaterial keys = KeyMaterial::generate();
    const Chunker chunker(ChunkerParams{}, keys.gear());
    QByteArray data = VaultTest::randomBytes(32 * 1024 * 1024, 2);
    const auto before = split(chunker, data);
    data.insert(16 * 1024 * 1024, QByteArray(37, 'x'));
    const auto after = split(chunker, data);
    QSet<QByteArray> old(before.cbegin(), before.cend());
    int changed = 0;
    for (const QByteArray& c : after)
        changed += old.contains(c) ? 0 : 1;
    QVERIFY2(changed <= 3, qPrintable(QString::number(changed)));
}

void TestChunker::boundariesDependOnTheKey()
{
    const KeyMaterial a = KeyMaterial::generate(), b = KeyMaterial::generate();
    const QByteArray data = VaultTest::randomBytes(16 * 1024 * 1024, 3);
    const auto ca = split(Chunker(ChunkerParams{}, a.gear()), data);
    const auto cb = split(Chunker(ChunkerParams{}, b.gear()), data);
    QVERIFY(ca != cb);
    // The same key gives the same boundaries (replicas dedup against each other).
    const KeyMaterial a2(a.master());
    QCOMPARE(split(Chunker(ChunkerParams{}, a2.gear()), data), ca);
}

void TestChunker::boundariesMatchTheByteAtATimeGearHash()
{
    const KeyMaterial key = KeyMaterial::generate();
    const QByteArray data = VaultTest::randomBytes(8 * 1024 * 1024 + 333, 11);
    const ChunkerParams small{1024, 4096, 16384};
    const ChunkerParams odd{1025, 8192, 40001};
    for (const ChunkerParams& params : {ChunkerParams{}, small, odd}) {
        const Chunker chunker(params, key.gear());
        qsizetype pos = 0;
        int cuts = 0;
        while (pos < data.size()) {
            // Odd and even windows, so both the paired steps and the single tail step run.
            const qsizetype available = std::min<qsizetype>(data.size() - pos, params.maxSize + (cuts % 2));
            const qsizetype n = chunker.cut(data.constData() + pos, available);
            QCOMPARE(n, referenceCut(params, key.gear(), data.constData() + pos, available));
            pos += n;
            ++cuts;
        }
        QVERIFY(cuts > 1);
    }
}

QTEST_GUILESS_MAIN(TestChunker)
#include "tst_chunker.moc"
