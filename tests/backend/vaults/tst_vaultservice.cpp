// VaultService on a real workspace and local region: signals, managed keys in the
// SecretStore, recovery key export, import, point records, deletion.
#include "backend/core/SecretStore.h"
#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/storage/ObjectStore.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/VaultService.h"
#include "tests/support/TestWorkspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace Vaults;

class TestVaultService final : public QObject
{
    Q_OBJECT

private slots:
    void createKeepsManagedKeyAndEmitsRowSignals()
    {
        TestSupport::TestWorkspace tw;
        Core::Workspace& ws = tw.open();
        Regions::RegionService regions(ws);
        VaultService service(ws, regions);
        QSignalSpy aboutToAdd(&service, &VaultService::vaultAboutToBeAdded);
        QSignalSpy added(&service, &VaultService::vaultAdded);

        NewVault spec;
        spec.name = QStringLiteral("b-vault");
        spec.region = QStringLiteral("local-east");
        QVERIFY(service.create(spec));
        spec.name = QStringLiteral("a-vault");
        auto a = service.create(spec);
        QVERIFY2(a, a ? "" : qPrintable(a.error().message()));
        QCOMPARE(added.count(), 2);
        // Sorted by name: a-vault goes in front of b-vault.
        QCOMPARE(aboutToAdd.last().first().toInt(), 0);
        QCOMPARE(service.vaults().first().name, QStringLiteral("a-vault"));
        QCOMPARE(a->encryption, QStringLiteral("managed"));
        QVERIFY(!a->uid.isEmpty());
        QVERIFY(!a->recoveryKeyExported);

        // The managed key is in the SecretStore, in a 0600 file, and opens the vault.
        const QString keyFile = ws.path() + QStringLiteral("/secrets/") + VaultService::managedKeyId(QStringLiteral("a-vault"))
            + QStringLiteral(".secret");
        QVERIFY2(QFileInfo::exists(keyFile), qPrintable(keyFile));
        QCOMPARE(QFileInfo(keyFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QCOMPARE(ws.secrets().load(VaultService::managedKeyId(QStringLiteral("a-vault"))).value().size(), 32);
        auto access = service.access(QStringLiteral("a-vault"));
        QVERIFY(access);
        QVERIFY(access->open());

        // Names are validated and unique.
        auto dup = service.create(spec);
        QVERIFY(!dup);
        QCOMPARE(dup.error().code(), Core::ErrorCode::AlreadyExists);
        spec.name = QStringLiteral("Bad Name");
        auto bad = service.create(spec);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code(), Core::ErrorCode::InvalidInput);
        spec.name = QStringLiteral("nowhere");
        spec.region = QStringLiteral("no-such-region");
        auto noRegion = service.create(spec);
        QVERIFY(!noRegion);
        QVERIFY(noRegion.error().message().contains(QStringLiteral("no-such-region")));
    }

    void customerVaultNeedsItsKey()
    {
        TestSupport::TestWorkspace tw;
        Core::Workspace& ws = tw.open();
        Regions::RegionService regions(ws);
        VaultService service(ws, regions);
        NewVault spec;
        spec.name = QStringLiteral("cust");
        spec.region = QStringLiteral("local-west");
        spec.encryption = Backup::EncryptionMethod::Customer;
        QCOMPARE(service.validate(spec).error().code(), Core::ErrorCode::InvalidInput);
        spec.customerKey = Backup::KeySource::passphrase("a long enough passphrase");
        QVERIFY(service.create(spec));
        QVERIFY(!ws.secrets().contains(VaultService::managedKeyId(QStringLiteral("cust"))));
        auto noKey = service.access(QStringLiteral("cust"));
        QVERIFY(!noKey);
        QCOMPARE(noKey.error().code(), Core::ErrorCode::InvalidInput);
        auto wrong = service.access(QStringLiteral("cust"), Backup::KeySource::passphrase("not the passphrase"));
        QVERIFY(wrong);
        auto opened = wrong->open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), Core::ErrorCode::WrongKey);
        QVERIFY(opened.error().message().contains(QStringLiteral("cust")));
        auto right = service.access(QStringLiteral("cust"), Backup::KeySource::passphrase("a long enough passphrase"));
        QVERIFY(right->open());
        // A customer-key vault has no recovery key to export.
        auto exported = service.exportRecoveryKey(QStringLiteral("cust"));
        QVERIFY(!exported);
        QCOMPARE(exported.error().code(), Core::ErrorCode::Refused);
    }

    void exportImportAndRemove()
    {
        TestSupport::TestWorkspace first;
        Core::Workspace& ws1 = first.open();
        Regions::RegionService regions1(ws1);
        VaultService service1(ws1, regions1);
        NewVault spec;
        spec.name = QStringLiteral("moving");
        spec.region = QStringLiteral("local-east");
        QVERIFY(service1.create(spec));
        QSignalSpy changed(&service1, &VaultService::vaultChanged);
        auto key = service1.exportRecoveryKey(QStringLiteral("moving"));
        QVERIFY(key);
        QVERIFY(key->startsWith(QStringLiteral("CVRK1-")));
        QCOMPARE(changed.count(), 1);
        QVERIFY(service1.find(QStringLiteral("moving"))->recoveryKeyExported);

        // A second workspace reaches the same folder and imports the vault with the key.
        TestSupport::TestWorkspace second;
        Core::Workspace& ws2 = second.open();
        Regions::RegionService regions2(ws2);
        Regions::Region shared;
        shared.name = QStringLiteral("shared");
        shared.kind = Regions::Region::kindLocal();
        shared.provider = QStringLiteral("local");
        shared.continent = QStringLiteral("Europe");
        shared.location = regions1.find(QStringLiteral("local-east"))->location;
        QVERIFY(regions2.add(shared));
        VaultService service2(ws2, regions2);
        auto noKey = service2.import(QStringLiteral("moving"), QStringLiteral("shared"), {});
        QVERIFY(!noKey);
        QCOMPARE(noKey.error().code(), Core::ErrorCode::InvalidInput);
        auto wrongKind = service2.import(QStringLiteral("moving"), QStringLiteral("shared"), Backup::KeySource::passphrase("nope"));
        QVERIFY(!wrongKind);
        auto imported = service2.import(QStringLiteral("moving"), QStringLiteral("shared"), Backup::KeySource::recoveryKey(key.value()));
        QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message()));
        QCOMPARE(imported->encryption, QStringLiteral("managed"));
        QVERIFY(imported->recoveryKeyExported);
        QCOMPARE(imported->uid, service1.find(QStringLiteral("moving"))->uid);
        // The imported key is kept: later access needs no key.
        auto access = service2.access(QStringLiteral("moving"));
        QVERIFY(access && access->open());

        // Deleting removes the stored objects, the row and the managed key.
        const QString vaultDir = shared.location + QStringLiteral("/vaults/moving");
        QVERIFY(QFileInfo::exists(vaultDir + QStringLiteral("/config")));
        QSignalSpy removed(&service1, &VaultService::vaultRemoved);
        QVERIFY(service1.remove(QStringLiteral("moving")));
        QCOMPARE(removed.count(), 1);
        QVERIFY(!QFileInfo::exists(vaultDir + QStringLiteral("/config")));
        QVERIFY(!service1.find(QStringLiteral("moving")));
        QVERIFY(!ws1.secrets().contains(VaultService::managedKeyId(QStringLiteral("moving"))));
        auto gone = service1.access(QStringLiteral("moving"));
        QVERIFY(!gone);
        QCOMPARE(gone.error().code(), Core::ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestVaultService)
#include "tst_vaultservice.moc"
