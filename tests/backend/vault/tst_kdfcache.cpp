// KdfCache gives exactly what Argon2id gives, per (secret, salt, limits): a cached key is
// never handed out for another passphrase or salt.

#include "backend/vault/Crypto.h"
#include "backend/vault/KdfCache.h"

#include <QTest>

using Backup::Crypto;
using Backup::KdfCache;

class TestKdfCache final : public QObject
{
    Q_OBJECT

private slots:
    void sameAsArgon2AndKeyedByEveryInput()
    {
        const Crypto::KdfParams params = Crypto::defaultKdfParams();
        const QByteArray secret("correct horse battery staple");
        const QByteArray direct = Crypto::deriveKey(secret, params);
        QCOMPARE(direct.size(), Crypto::kKeySize);
        QCOMPARE(KdfCache::derive(secret, params), direct);
        QCOMPARE(KdfCache::derive(secret, params), direct); // from the table

        QVERIFY(KdfCache::derive(QByteArray("correct horse battery stapler"), params) != direct);
        Crypto::KdfParams otherSalt = params;
        otherSalt.salt = Crypto::defaultKdfParams().salt;
        QVERIFY(KdfCache::derive(secret, otherSalt) != direct);
        QCOMPARE(KdfCache::derive(secret, otherSalt), Crypto::deriveKey(secret, otherSalt));
    }

    void failuresAreNotCached()
    {
        Crypto::KdfParams bad = Crypto::defaultKdfParams();
        bad.salt.chop(1); // wrong salt size: Argon2 refuses
        QVERIFY(KdfCache::derive(QByteArray("passphrase"), bad).isEmpty());
        QVERIFY(KdfCache::derive(QByteArray("passphrase"), bad).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestKdfCache)
#include "tst_kdfcache.moc"
