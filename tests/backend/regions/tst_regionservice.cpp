// RegionService: validation messages, persistence, signals, refusal while vaults live there.

#include "backend/catalog/Catalog.h"
#include "backend/regions/RegionService.h"
#include "backend/regions/S3Location.h"
#include "backend/storage/ObjectStore.h"
#include "tests/support/TestWorkspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using Regions::Region;
using Regions::RegionService;

class TestRegionService final : public QObject
{
    Q_OBJECT

private slots:
    void freshWorkspaceHasTwoDefaultRegionsOnDifferentContinents();
    void defaultsAreNotRecreatedAfterRemoval();
    void validationNamesTheField_data();
    void validationNamesTheField();
    void addPersistsAndSignals();
    void duplicateNameIsRefused();
    void fileInsteadOfFolderIsRefused();
    void updateChangesMetadataOnly();
    void removeIsRefusedWhileAVaultLivesThere();
    void openStoreGivesAWorkingStore();
    void checkLocationReportsEachStep();
    void s3SettingsNameTheBrokenRule_data();
    void s3SettingsNameTheBrokenRule();
    void s3AddStoresKeysOutsideTheCatalog();
    void s3AddWithoutKeysIsRefused();
    void replaceSecretsKeepsBlankFields();

private:
    static Region s3(const QString& name, const QString& bucket, const QString& prefix = {})
    {
        Region r;
        r.name = name;
        r.kind = Region::kindS3();
        r.continent = QStringLiteral("Asia");
        r.settings = QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("https://s3.example.invalid")},
                                 {QStringLiteral("bucket"), bucket},
                                 {QStringLiteral("prefix"), prefix},
                                 {QStringLiteral("signingRegion"), QStringLiteral("ap-east-1")},
                                 {QStringLiteral("pathStyle"), false}};
        return r;
    }

    static Region local(const QString& name, const QString& path)
    {
        Region r;
        r.name = name;
        r.kind = Region::kindLocal();
        r.location = path;
        r.continent = QStringLiteral("Europe");
        return r;
    }
};

void TestRegionService::freshWorkspaceHasTwoDefaultRegionsOnDifferentContinents()
{
    TestSupport::TestWorkspace tw;
    auto& ws = tw.open();
    QVERIFY(ws.createdDefaults());
    RegionService service(ws);
    QCOMPARE(service.regions().size(), 2);
    const Region a = service.regions().at(0), b = service.regions().at(1);
    QCOMPARE(a.kind, Region::kindLocal());
    QVERIFY(a.continent != b.continent);
    QVERIFY(QDir(a.location).exists());
    QVERIFY(QDir(b.location).exists());
    QVERIFY(a.location.startsWith(tw.path()));
}

void TestRegionService::defaultsAreNotRecreatedAfterRemoval()
{
    TestSupport::TestWorkspace tw;
    {
        RegionService service(tw.open());
        QVERIFY(service.remove(QStringLiteral("local-east")).ok());
        QVERIFY(service.remove(QStringLiteral("local-west")).ok());
    }
    tw.close();
    auto& ws = tw.open();
    QVERIFY(!ws.createdDefaults());
    QCOMPARE(RegionService(ws).regions().size(), 0);
}

void TestRegionService::validationNamesTheField_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("continent");
    QTest::addColumn<QString>("sheet");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty name") << "" << "local" << "/tmp/x" << "" << "" << "Name:";
    QTest::newRow("upper case") << "Frankfurt" << "local" << "/tmp/x" << "" << "" << "Name: 'Frankfurt'";
    QTest::newRow("underscore") << "eu_1" << "local" << "/tmp/x" << "" << "" << "Name: 'eu_1'";
    QTest::newRow("too long") << QString(64, QLatin1Char('a')) << "local" << "/tmp/x" << "" << "" << "at most 63";
    QTest::newRow("kind") << "ok" << "ftp" << "/tmp/x" << "" << "" << "Kind: 'ftp'";
    QTest::newRow("relative") << "ok" << "local" << "backups" << "" << "" << "Folder: 'backups' is not an absolute path";
    QTest::newRow("no folder") << "ok" << "local" << "" << "" << "" << "Folder: a local region needs a folder";
    QTest::newRow("continent") << "ok" << "local" << "/tmp/x" << "Atlantis" << "" << "Continent: 'Atlantis'";
    QTest::newRow("sheet") << "ok" << "local" << "/tmp/x" << "" << "us-west1" << "Price sheet: 'us-west1'";
    QTest::newRow("s3 endpoint") << "ok" << "s3" << "" << "" << "" << "Endpoint:";
}

void TestRegionService::validationNamesTheField()
{
    QFETCH(QString, name);
    QFETCH(QString, kind);
    QFETCH(QString, location);
    QFETCH(QString, continent);
    QFETCH(QString, sheet);
    QFETCH(QString, expected);
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    Region r;
    r.name = name;
    r.kind = kind;
    r.location = location;
    r.continent = continent;
    r.priceSheet = sheet;
    const auto status = service.validate(r, true);
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code(), Core::ErrorCode::InvalidInput);
    QVERIFY2(status.error().message().contains(expected), qPrintable(status.error().message()));
    // add() refuses the same way and stores nothing.
    QVERIFY(!service.add(r).ok());
    QCOMPARE(service.regions().size(), 2);
}

void TestRegionService::addPersistsAndSignals()
{
    TestSupport::TestWorkspace tw;
    {
        RegionService service(tw.open());
        QSignalSpy aboutToAdd(&service, &RegionService::regionAboutToBeAdded);
        QSignalSpy added(&service, &RegionService::regionAdded);
        auto r = service.add(local(QStringLiteral("a-nas"), tw.tempPath(QStringLiteral("nas/deep/folder"))));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message()));
        QCOMPARE(aboutToAdd.size(), 1);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().first().toInt(), 0); // sorted: "a-nas" < "local-east"
        QVERIFY(QDir(tw.tempPath(QStringLiteral("nas/deep/folder"))).exists());
    }
    tw.close();
    RegionService reopened(tw.open());
    QCOMPARE(reopened.regions().size(), 3);
    QCOMPARE(reopened.find(QStringLiteral("a-nas"))->continent, QStringLiteral("Europe"));
}

void TestRegionService::duplicateNameIsRefused()
{
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    auto r = service.add(local(QStringLiteral("local-east"), tw.tempPath(QStringLiteral("other"))));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code(), Core::ErrorCode::AlreadyExists);
    QVERIFY(r.error().message().contains(QStringLiteral("already exists")));
    // The same folder under another name is refused too: two regions would share objects.
    auto same = service.add(local(QStringLiteral("alias"), service.find(QStringLiteral("local-east"))->location));
    QVERIFY(!same.ok());
    QVERIFY(same.error().message().contains(QStringLiteral("already uses")));
}

void TestRegionService::fileInsteadOfFolderIsRefused()
{
    TestSupport::TestWorkspace tw;
    QFile file(tw.tempPath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    RegionService service(tw.open());
    auto r = service.add(local(QStringLiteral("nas"), file.fileName()));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message().contains(QStringLiteral("is a file")), qPrintable(r.error().message()));
    QVERIFY(!service.find(QStringLiteral("nas")));
}

void TestRegionService::updateChangesMetadataOnly()
{
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    QSignalSpy changed(&service, &RegionService::regionChanged);
    Region r = *service.find(QStringLiteral("local-east"));
    const QString oldLocation = r.location;
    r.displayName = QStringLiteral("Tokyo NAS");
    r.priceSheet = QStringLiteral("aws/ap-northeast-1");
    r.location = QStringLiteral("/elsewhere");
    QVERIFY(service.update(r).ok());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(service.find(QStringLiteral("local-east"))->displayName, QStringLiteral("Tokyo NAS"));
    QCOMPARE(service.find(QStringLiteral("local-east"))->location, oldLocation);
    r.continent = QStringLiteral("Mars");
    QVERIFY(!service.update(r).ok());
}

void TestRegionService::removeIsRefusedWhileAVaultLivesThere()
{
    TestSupport::TestWorkspace tw;
    auto& ws = tw.open();
    RegionService service(ws);
    QSqlQuery q(ws.catalog().database());
    QVERIFY(q.exec(QStringLiteral("INSERT INTO vaults (name, region, encryption, created) "
                                  "VALUES ('photos', 'local-east', 'managed', '2026-11-22T00:00:00Z')")));
    QSignalSpy removed(&service, &RegionService::regionRemoved);
    auto s = service.remove(QStringLiteral("local-east"));
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code(), Core::ErrorCode::Refused);
    QVERIFY2(s.error().message().contains(QStringLiteral("1 vault")), qPrintable(s.error().message()));
    QCOMPARE(removed.size(), 0);
    QVERIFY(service.remove(QStringLiteral("local-west")).ok());
    QCOMPARE(removed.size(), 1);
    QCOMPARE(service.regions().size(), 1);
    QCOMPARE(service.remove(QStringLiteral("nope")).error().code(), Core::ErrorCode::NotFound);
}

void TestRegionService::openStoreGivesAWorkingStore()
{
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    auto store = service.openStore(QStringLiteral("local-west"));
    QVERIFY(store.ok());
    QStringList steps;
    QVERIFY(store.value()->probe([&](const QString& step, bool ok) {
        QVERIFY(ok);
        steps << step;
    }).ok());
    QCOMPARE(steps.size(), 4);
    QVERIFY(!service.openStore(QStringLiteral("missing")).ok());
}

void TestRegionService::checkLocationReportsEachStep()
{
    TestSupport::TestWorkspace tw;
    const Region r = local(QStringLiteral("probe-me"), tw.tempPath(QStringLiteral("probe/here")));
    QStringList steps;
    const auto checked = RegionService::checkLocation(r, {}, [&](const QString& step, bool ok) {
        steps << (ok ? QStringLiteral("ok ") : QStringLiteral("failed ")) + step;
    });
    QVERIFY(checked.ok());
    QCOMPARE(steps, QStringList({QStringLiteral("ok write a probe object"), QStringLiteral("ok read it back"),
                                 QStringLiteral("ok list objects"), QStringLiteral("ok delete the probe object")}));
    QVERIFY(QDir(r.location).exists());
    // The probe leaves nothing behind.
    QDirIterator left(r.location, QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(!left.hasNext());
}

void TestRegionService::s3SettingsNameTheBrokenRule_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no endpoint") << "endpoint" << "" << "Endpoint: enter the URL";
    QTest::newRow("ftp endpoint") << "endpoint" << "ftp://x.example" << "must start with https://";
    QTest::newRow("no host") << "endpoint" << "https://" << "has no host name";
    QTest::newRow("user info") << "endpoint" << "https://AKID:secret@s3.example" << "must not contain a user name";
    QTest::newRow("query") << "endpoint" << "https://s3.example/?x=1" << "must not contain a query";
    QTest::newRow("short") << "bucket" << "ab" << "a bucket name has 3 to 63";
    QTest::newRow("long") << "bucket" << QString(64, QLatin1Char('a')) << "has 64 characters";
    QTest::newRow("upper") << "bucket" << "Backups" << "only lowercase letters, digits, '.' and '-'";
    QTest::newRow("underscore") << "bucket" << "my_backups" << "only lowercase letters";
    QTest::newRow("edge") << "bucket" << "backups-" << "start and end with a letter or a digit";
    QTest::newRow("dots") << "bucket" << "my..backups" << "two periods in a row";
    QTest::newRow("ip") << "bucket" << "192.168.5.4" << "IP address";
    QTest::newRow("xn") << "bucket" << "xn--backups" << "reserved prefix";
    QTest::newRow("alias") << "bucket" << "backups-s3alias" << "reserved suffix";
    QTest::newRow("prefix dots") << "prefix" << "a/../b" << "Prefix:";
    QTest::newRow("signing") << "signingRegion" << "eu central" << "Signing region: 'eu central'";
}

void TestRegionService::s3SettingsNameTheBrokenRule()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    Region r = s3(QStringLiteral("s3-rules"), QStringLiteral("good-bucket.example"));
    QVERIFY(service.validate(r, true).ok());
    r.settings.insert(field, value);
    const auto status = service.validate(r, true);
    QVERIFY(!status.ok());
    QCOMPARE(status.error().code(), Core::ErrorCode::InvalidInput);
    QVERIFY2(status.error().message().contains(expected), qPrintable(status.error().message()));
    if (value.contains(QStringLiteral("secret"))) {
        QVERIFY2(!status.error().message().contains(QStringLiteral("secret")), "a key in the endpoint must not be echoed");
    }
}

void TestRegionService::s3AddStoresKeysOutsideTheCatalog()
{
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    const Regions::RegionSecrets keys{"AKIDSERVICETEST", "service/Secret+Key"};
    // The caller checked the location already (the console does it on a worker): no network here.
    auto added = service.add(s3(QStringLiteral("s3-svc"), QStringLiteral("svc-bucket"), QStringLiteral("team/a")), keys,
                             Regions::LocationCheck::AlreadyDone);
    QVERIFY2(added.ok(), qPrintable(added.ok() ? QString() : added.error().message()));
    QCOMPARE(added->location, QStringLiteral("s3://svc-bucket/team/a"));
    QVERIFY(service.hasStoredSecrets(QStringLiteral("s3-svc")));
    QVERIFY(!service.hasStoredSecrets(QStringLiteral("local-east")));
    QCOMPARE(service.secretsFor(QStringLiteral("s3-svc"))->secretKey, keys.secretKey);
    QFile catalog(tw.path() + QStringLiteral("/catalog.sqlite"));
    QVERIFY(catalog.open(QIODevice::ReadOnly));
    QVERIFY(!catalog.readAll().contains(keys.secretKey));

    QVERIFY(service.remove(QStringLiteral("s3-svc")).ok());
    QVERIFY(!service.hasStoredSecrets(QStringLiteral("s3-svc")));
}

void TestRegionService::s3AddWithoutKeysIsRefused()
{
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    auto noSecret = service.add(s3(QStringLiteral("s3-nokey"), QStringLiteral("svc-bucket")), {"AKID", {}},
                                Regions::LocationCheck::AlreadyDone);
    QVERIFY(!noSecret.ok());
    QCOMPARE(noSecret.error().code(), Core::ErrorCode::InvalidInput);
    QVERIFY2(noSecret.error().message().startsWith(QStringLiteral("Secret key:")), qPrintable(noSecret.error().message()));
    auto noAccess = service.add(s3(QStringLiteral("s3-nokey"), QStringLiteral("svc-bucket")), {{}, "secret"},
                                Regions::LocationCheck::AlreadyDone);
    QVERIFY(!noAccess.ok());
    QVERIFY(noAccess.error().message().startsWith(QStringLiteral("Access key:")));
    QVERIFY(!service.find(QStringLiteral("s3-nokey")));
}

void TestRegionService::replaceSecretsKeepsBlankFields()
{
    TestSupport::TestWorkspace tw;
    RegionService service(tw.open());
    QVERIFY(service.add(s3(QStringLiteral("s3-rotate"), QStringLiteral("svc-bucket")), {"AKID-OLD", "secret-old"},
                        Regions::LocationCheck::AlreadyDone)
                .ok());
    QVERIFY(service.replaceSecrets(QStringLiteral("s3-rotate"), {{}, "secret-new"}).ok());
    auto keys = service.secretsFor(QStringLiteral("s3-rotate"));
    QVERIFY(keys.ok());
    QCOMPARE(keys->accessKey, QByteArray("AKID-OLD"));
    QCOMPARE(keys->secretKey, QByteArray("secret-new"));
    QVERIFY(service.replaceSecrets(QStringLiteral("s3-rotate"), {"AKID-NEW", {}}).ok());
    QCOMPARE(service.secretsFor(QStringLiteral("s3-rotate"))->accessKey, QByteArray("AKID-NEW"));
    QCOMPARE(service.secretsFor(QStringLiteral("s3-rotate"))->secretKey, QByteArray("secret-new"));
    QCOMPARE(service.replaceSecrets(QStringLiteral("local-east"), {"a", "b"}).error().code(), Core::ErrorCode::InvalidInput);
    QCOMPARE(service.replaceSecrets(QStringLiteral("nope"), {"a", "b"}).error().code(), Core::ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestRegionService)
#include "tst_regionservice.moc"
