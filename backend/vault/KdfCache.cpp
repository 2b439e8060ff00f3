#include "backend/vault/KdfCache.h"

#include <QHash>
#include <QMutex>

namespace Backup {

namespace {

constexpr qsizetype kMaxEntries = 16;

// The table's key is a digest of the inputs, so no passphrase is kept in it.
QByteArray cacheKey(const QByteArray& secret, const Crypto::KdfParams& params)
{
    QByteArray material = params.salt;
    material += QByteArray::number(params.opsLimit) + '/' + QByteArray::number(params.memLimit) + '/';
    material += Crypto::sha256(secret);
    return Crypto::sha256(material);
}

} // namespace

QByteArray KdfCache::derive(const QByteArray& secret, const Crypto::KdfParams& params)
{
    static QMutex mutex;
    static QHash<QByteArray, QByteArray> table;
    const QByteArray key = cacheKey(secret, params);
    {
        QMutexLocker lock(&mutex);
        const auto it = table.constFind(key);
        if (it != table.cend())
            return it.value();
    }
    // Derived outside the lock: two threads may both derive once, which is harmless.
    const QByteArray kek = Crypto::deriveKey(secret, params);
    if (kek.isEmpty())
        return kek;
    QMutexLocker lock(&mutex);
    if (table.size() >= kMaxEntries)
        table.clear();
    table.insert(key, kek);
    return kek;
}

} // namespace Backup
