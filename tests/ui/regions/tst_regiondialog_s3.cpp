// The S3 region kind in the console, on the real main window, a real workspace and a real S3
// server (s3rver behind a SigV4-verifying proxy): fill the dialog, test the connection (a real
// put/get/list/delete round trip on a worker), save, see the region; wrong keys and bad
// settings are named and save nothing; the keys never come back into the UI; and a vault in
// the new region backs a folder up and restores it byte-identical through the Vaults page.
//
// CROSSVAULT_REGION_S3_SCREENSHOT=FILE.png saves a picture of the dialog's S3 page.

#include "backend/core/Workspace.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/storage/ObjectStore.h"
#include "models/PointModel.h"
#include "models/RegionModel.h"
#include "models/VaultModel.h"
#include "tests/support/S3Server.h"
#include "tests/support/TestWorkspace.h"
#include "tests/support/TreeCompare.h"
#include "ui/MainWindow.h"
#include "ui/dialogs/BackupDialog.h"
#include "ui/dialogs/CreateVaultDialog.h"
#include "ui/dialogs/RegionDialog.h"
#include "ui/dialogs/RestoreDialog.h"
#include "ui/pages/RegionsPage.h"
#include "ui/pages/VaultsPage.h"
#include "ui/widgets/JobProgressPanel.h"
#include "ui/widgets/MessageWidget.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>

class TestRegionDialogS3 final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void badSettingsAreRefusedInlineWithTheRule();
    void testsTheConnectionAndSavesTheRegion();
    void aWrongSecretKeyIsNamedAndNothingIsSaved();
    void missingBucketAndClockSkewAreNamed();
    void keysNeverComeBackIntoTheUi();
    void editingReplacesKeysOnlyAfterTheyWork();
    void editingChangesTransferSettings();
    void backsUpAndRestoresInTheS3RegionThroughTheVaultsPage();
    void closingTheDialogDuringATestIsSafe();

private:
    template <typename Dialog>
    void withDialog(const std::function<void()>& action, const std::function<void(Dialog*)>& fill);
    static void clickOk(QDialog* dialog);
    void fillS3(RegionDialog* dialog, const QString& name, const QString& prefix, const QByteArray& secret);
    static QLineEdit* edit(QWidget* dialog, const char* name);
    static bool waitIdle(RegionDialog* dialog);
    Jobs::JobOutcome waitForJob(VaultsPage* page, qint64 id);
    bool anySecretFileFor(const QString& region) const;

    TestSupport::S3Server m_server;
    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<MainWindow> m_window;
    RegionsPage* m_page = nullptr;
};

void TestRegionDialogS3::initTestCase()
{
    QString error;
    QVERIFY2(m_server.start(&error), qPrintable(error));
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    m_window = std::make_unique<MainWindow>(m_workspace->open());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showPage(QStringLiteral("regions")));
    m_page = m_window->findChild<RegionsPage*>(QStringLiteral("regionsPage"));
    QVERIFY(m_page);
}

void TestRegionDialogS3::init()
{
    m_window->showPage(QStringLiteral("regions"));
    m_page->messageWidget()->hideMessage();
}

void TestRegionDialogS3::cleanupTestCase()
{
    m_window.reset();
    m_workspace.reset();
    // A check abandoned by a closed dialog may still be finishing on the pool.
    QThreadPool::globalInstance()->waitForDone();
}

template <typename Dialog>
void TestRegionDialogS3::withDialog(const std::function<void()>& action, const std::function<void(Dialog*)>& fill)
{
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            return; // the check below fails the test
        }
        seen = true;
        fill(dialog);
        if (dialog->isVisible()) {
            dialog->reject(); // a failed check inside fill must not leave exec() running
        }
    });
    action();
    QVERIFY2(seen, "the dialog did not open");
}

void TestRegionDialogS3::clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"));
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

QLineEdit* TestRegionDialogS3::edit(QWidget* dialog, const char* name)
{
    return dialog->findChild<QLineEdit*>(QString::fromLatin1(name));
}

bool TestRegionDialogS3::waitIdle(RegionDialog* dialog)
{
    QPointer<RegionDialog> guard(dialog);
    // Generous: a refused connection is retried with back-off before it counts as failed.
    return QTest::qWaitFor([&] { return !guard || !guard->isBusy(); }, 120000);
}

void TestRegionDialogS3::fillS3(RegionDialog* dialog, const QString& name, const QString& prefix,
                                const QByteArray& secret)
{
    auto* kind = dialog->findChild<QComboBox*>(QStringLiteral("kindCombo"));
    kind->setCurrentIndex(kind->findData(QStringLiteral("s3")));
    QVERIFY(dialog->findChild<QWidget*>(QStringLiteral("s3Page"))->isVisible());
    QCOMPARE(dialog->findChild<QComboBox*>(QStringLiteral("providerCombo"))->currentText(), QStringLiteral("aws"));
    edit(dialog, "nameEdit")->setText(name);
    edit(dialog, "displayNameEdit")->setText(QStringLiteral("Test bucket (s3rver)"));
    dialog->findChild<QComboBox*>(QStringLiteral("providerCombo"))->setCurrentText(QStringLiteral("minio"));
    auto* continent = dialog->findChild<QComboBox*>(QStringLiteral("continentCombo"));
    continent->setCurrentIndex(continent->findData(QStringLiteral("Asia")));
    edit(dialog, "s3EndpointEdit")->setText(m_server.endpoint());
    edit(dialog, "s3BucketEdit")->setText(m_server.bucket());
    edit(dialog, "s3PrefixEdit")->setText(prefix);
    QCOMPARE(edit(dialog, "s3SigningRegionEdit")->text(), QStringLiteral("us-east-1")); // the default
    auto* addressing = dialog->findChild<QComboBox*>(QStringLiteral("s3AddressingCombo"));
    addressing->setCurrentIndex(addressing->findData(true)); // s3rver on 127.0.0.1 needs path-style
    edit(dialog, "s3AccessKeyEdit")->setText(QString::fromLatin1(m_server.accessKey()));
    QCOMPARE(edit(dialog, "s3SecretKeyEdit")->echoMode(), QLineEdit::Password);
    QCOMPARE(edit(dialog, "s3AccessKeyEdit")->echoMode(), QLineEdit::PasswordEchoOnEdit);
    edit(dialog, "s3SecretKeyEdit")->setText(QString::fromLatin1(secret));
}

bool TestRegionDialogS3::anySecretFileFor(const QString& region) const
{
    QDirIterator it(m_workspace->path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        if (it.next().contains(QStringLiteral("region.") + region + QLatin1Char('.'))) {
            return true;
        }
    }
    return false;
}

Jobs::JobOutcome TestRegionDialogS3::waitForJob(VaultsPage* page, qint64 id)
{
    Jobs::JobRunner& runner = m_window->jobRunner();
    if (!runner.job(id)) {
        Jobs::JobOutcome unknown;
        unknown.state = Jobs::JobState::Failed;
        unknown.error = QStringLiteral("the runner has no job %1").arg(id);
        return unknown;
    }
    [&] { QTRY_VERIFY_WITH_TIMEOUT(page->progressPanel()->jobId() != id, 300000); }();
    return runner.job(id)->outcome();
}

void TestRegionDialogS3::badSettingsAreRefusedInlineWithTheRule()
{
    struct Case
    {
        const char* field;
        QString value;
        QString expected;
    };
    const Case cases[] = {
        {"s3EndpointEdit", QStringLiteral("ftp://s3.example.com"),
         QStringLiteral("Endpoint: 'ftp://s3.example.com' must start with https://")},
        {"s3EndpointEdit", QStringLiteral("https://"), QStringLiteral("Endpoint: 'https://' has no host name.")},
        {"s3BucketEdit", QStringLiteral("My_Backups"),
         QStringLiteral("Bucket: 'My_Backups' may contain only lowercase letters, digits, '.' and '-'.")},
        {"s3BucketEdit", QStringLiteral("ab"),
         QStringLiteral("Bucket: 'ab' has 2 characters; a bucket name has 3 to 63.")},
        {"s3BucketEdit", QStringLiteral("-backups"),
         QStringLiteral("Bucket: '-backups' must start and end with a letter or a digit.")},
        {"s3BucketEdit", QStringLiteral("a..b"),
         QStringLiteral("Bucket: 'a..b' must not contain two periods in a row.")},
        {"s3BucketEdit", QStringLiteral("10.0.0.1"),
         QStringLiteral("Bucket: '10.0.0.1' must not look like an IP address.")},
        {"s3SigningRegionEdit", QStringLiteral("eu central"),
         QStringLiteral("Signing region: 'eu central' is not a region name")},
        {"s3SecretKeyEdit", QString(), QStringLiteral("Secret key: enter the secret access key")},
    };
    for (const Case& c : cases) {
        withDialog<RegionDialog>(
            [this] { m_page->addRegion(); },
            [&](RegionDialog* dialog) {
                fillS3(dialog, QStringLiteral("s3-bad-input"), QStringLiteral("bad"), m_server.secretKey());
                edit(dialog, c.field)->setText(c.value);
                clickOk(dialog);
                QVERIFY(dialog->isVisible());
                QVERIFY(!dialog->isBusy()); // refused before any network I/O
                QCOMPARE(dialog->messageWidget()->type(), MessageWidget::Type::Error);
                QVERIFY2(dialog->messageWidget()->text().startsWith(c.expected),
                         qPrintable(dialog->messageWidget()->text()));
                QCOMPARE(dialog->focusWidget(), edit(dialog, c.field)); // the culprit has the focus
                // The same rules guard the Test connection button.
                dialog->messageWidget()->hideMessage();
                QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("testConnectionButton")),
                                  Qt::LeftButton);
                QVERIFY(!dialog->isBusy());
                QVERIFY(dialog->messageWidget()->text().startsWith(c.expected));
                QCOMPARE(dialog->testState(), RegionDialog::TestState::NotRun);
            });
    }
    QVERIFY(!m_page->model()->indexFromName(QStringLiteral("s3-bad-input")).isValid());
}

void TestRegionDialogS3::testsTheConnectionAndSavesTheRegion()
{
    const QString screenshot = qEnvironmentVariable("CROSSVAULT_REGION_S3_SCREENSHOT");
    QStringList steps;
    QString positive;
    withDialog<RegionDialog>(
        [this] { m_page->addRegion(); },
        [&](RegionDialog* dialog) {
            fillS3(dialog, QStringLiteral("s3-asia"), QStringLiteral("console"), m_server.secretKey());
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("testConnectionButton")), Qt::LeftButton);
            QVERIFY(dialog->isBusy()); // the round trip runs on a worker; the dialog says so
            QVERIFY(!dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))
                         ->button(QDialogButtonBox::Ok)
                         ->isEnabled());
            QVERIFY(waitIdle(dialog));
            QCOMPARE(dialog->testState(), RegionDialog::TestState::Passed);
            steps = dialog->testSteps();
            positive = dialog->messageWidget()->text();
            QCOMPARE(dialog->messageWidget()->type(), MessageWidget::Type::Positive);
            QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("testStepsLabel"))->isVisible());
            if (!screenshot.isEmpty()) {
                dialog->findChild<QPushButton*>(QStringLiteral("testConnectionButton"))
                    ->setFocus(); // keys masked once entered
                QVERIFY(QDir().mkpath(QFileInfo(screenshot).absolutePath()));
                QVERIFY(dialog->grab().save(screenshot));
            }
            // Saving right after a passed test needs no second round trip: it is immediate.
            const QJsonObject before = m_server.stats();
            clickOk(dialog);
            QVERIFY(!dialog->isVisible());
            QCOMPARE(m_server.stats().value(QStringLiteral("requests")).toInt(),
                     before.value(QStringLiteral("requests")).toInt());
        });
    QCOMPARE(steps.size(), 4);
    for (const QString& step : std::as_const(steps)) {
        QVERIFY2(step.startsWith(QStringLiteral("ok: ")), qPrintable(step));
    }
    QVERIFY2(positive.contains(QStringLiteral("s3://crossvault-test/console")), qPrintable(positive));

    const QModelIndex row = m_page->model()->indexFromName(QStringLiteral("s3-asia"));
    QVERIFY(row.isValid());
    QCOMPARE(row.siblingAtColumn(RegionModel::KindColumn).data().toString(), QStringLiteral("S3 bucket"));
    const QString location = row.siblingAtColumn(RegionModel::LocationColumn).data().toString();
    QVERIFY2(location.startsWith(QStringLiteral("s3://crossvault-test/console at 127.0.0.1:")), qPrintable(location));
    QCOMPARE(row.siblingAtColumn(RegionModel::ProviderColumn).data().toString(), QStringLiteral("minio"));
    QCOMPARE(m_page->messageWidget()->text(), QStringLiteral("Region s3-asia added."));
    // The row is selected, so the page's Test button tests it.
    QCOMPARE(m_page->view()->selectionModel()->selectedRows().size(), 1);

    Regions::RegionService& service = m_window->regionService();
    const auto stored = service.find(QStringLiteral("s3-asia"));
    QVERIFY(stored);
    QCOMPARE(stored->settings.value(QStringLiteral("pathStyle")).toBool(), true);
    QCOMPARE(stored->settings.value(QStringLiteral("signingRegion")).toString(), QStringLiteral("us-east-1"));
    const auto secrets = service.secretsFor(QStringLiteral("s3-asia"));
    QVERIFY(secrets);
    QCOMPARE(secrets->secretKey, m_server.secretKey());
    QCOMPARE(secrets->accessKey, m_server.accessKey());
    QFile catalog(m_workspace->path() + QStringLiteral("/catalog.sqlite"));
    QVERIFY(catalog.open(QIODevice::ReadOnly));
    QVERIFY(!catalog.readAll().contains(m_server.secretKey()));

    // And the page's own Test button works on the stored region.
    m_page->testRegion();
    QCOMPARE(m_page->messageWidget()->type(), MessageWidget::Type::Information);
    QTRY_VERIFY_WITH_TIMEOUT(m_page->messageWidget()->type() != MessageWidget::Type::Information, 60000);
    QVERIFY2(m_page->messageWidget()->text().startsWith(QStringLiteral("Region s3-asia is reachable and writable")),
             qPrintable(m_page->messageWidget()->text()));
}

void TestRegionDialogS3::aWrongSecretKeyIsNamedAndNothingIsSaved()
{
    QString message;
    QStringList steps;
    bool stillOpen = false;
    withDialog<RegionDialog>([this] { m_page->addRegion(); },
                             [&](RegionDialog* dialog) {
                                 fillS3(dialog, QStringLiteral("s3-wrong"), QStringLiteral("wrong"),
                                        "definitely-not-the-secret");
                                 clickOk(dialog); // Add without a test: the check runs first, on a worker
                                 QVERIFY(dialog->isBusy());
                                 QVERIFY(waitIdle(dialog));
                                 stillOpen = dialog->isVisible();
                                 message = dialog->messageWidget()->text();
                                 QCOMPARE(dialog->messageWidget()->type(), MessageWidget::Type::Error);
                                 QCOMPARE(dialog->testState(), RegionDialog::TestState::Failed);
                                 steps = dialog->testSteps();
                             });
    QVERIFY(stillOpen);
    QVERIFY2(message.contains(QStringLiteral("secret key is probably wrong")), qPrintable(message));
    QVERIFY(!message.contains(QStringLiteral("definitely-not-the-secret")));
    QCOMPARE(steps, QStringList({QStringLiteral("failed: write a probe object")}));
    QVERIFY(!m_page->model()->indexFromName(QStringLiteral("s3-wrong")).isValid());
    QVERIFY(!m_window->regionService().find(QStringLiteral("s3-wrong")));
    QVERIFY(!anySecretFileFor(QStringLiteral("s3-wrong")));
}

void TestRegionDialogS3::missingBucketAndClockSkewAreNamed()
{
    QString noBucket;
    QString skew;
    withDialog<RegionDialog>(
        [this] { m_page->addRegion(); },
        [&](RegionDialog* dialog) {
            fillS3(dialog, QStringLiteral("s3-errors"), QStringLiteral("errors"), m_server.secretKey());
            auto* test = dialog->findChild<QPushButton*>(QStringLiteral("testConnectionButton"));
            edit(dialog, "s3BucketEdit")->setText(QStringLiteral("no-such-bucket-here"));
            QTest::mouseClick(test, Qt::LeftButton);
            QVERIFY(waitIdle(dialog));
            QCOMPARE(dialog->testState(), RegionDialog::TestState::Failed);
            noBucket = dialog->messageWidget()->text();

            edit(dialog, "s3BucketEdit")->setText(m_server.bucket());
            QCOMPARE(dialog->testState(), RegionDialog::TestState::NotRun); // an edit invalidates the last result
            QVERIFY(m_server.injectFailures(1, 403, QStringLiteral("RequestTimeTooSkewed"),
                                            QStringLiteral("crossvault-probe")));
            QTest::mouseClick(test, Qt::LeftButton);
            QVERIFY(waitIdle(dialog));
            QCOMPARE(dialog->testState(), RegionDialog::TestState::Failed);
            skew = dialog->messageWidget()->text();
        });
    QVERIFY2(noBucket.contains(QStringLiteral("the bucket 'no-such-bucket-here' does not exist")),
             qPrintable(noBucket));
    QVERIFY2(skew.contains(QStringLiteral("clock skew")), qPrintable(skew));
    QVERIFY(!m_window->regionService().find(QStringLiteral("s3-errors")));
}

void TestRegionDialogS3::keysNeverComeBackIntoTheUi()
{
    const QModelIndex row = m_page->model()->indexFromName(QStringLiteral("s3-asia"));
    QVERIFY(row.isValid());
    const QAbstractItemModel* model = m_page->model();
    for (int r = 0; r < model->rowCount(); ++r) {
        for (int c = 0; c < model->columnCount(); ++c) {
            for (int role = 0; role <= RegionModel::RegionNameRole; ++role) {
                const QString value = model->index(r, c).data(role).toString();
                QVERIFY(!value.contains(QString::fromLatin1(m_server.secretKey())));
                QVERIFY(!value.contains(QString::fromLatin1(m_server.accessKey())));
            }
        }
    }
    const QString tip = row.siblingAtColumn(RegionModel::LocationColumn).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Addressing: path-style")), qPrintable(tip));

    m_page->selectRegion(QStringLiteral("s3-asia"));
    withDialog<RegionDialog>([this] { m_page->editRegion(); },
                             [&](RegionDialog* dialog) {
                                 QVERIFY(dialog->findChild<QWidget*>(QStringLiteral("s3Page"))->isVisible());
                                 QCOMPARE(edit(dialog, "s3BucketEdit")->text(), m_server.bucket());
                                 QVERIFY(edit(dialog, "s3BucketEdit")->isReadOnly());
                                 QVERIFY(edit(dialog, "s3EndpointEdit")->isReadOnly());
                                 QCOMPARE(edit(dialog, "s3AccessKeyEdit")->text(), QString());
                                 QCOMPARE(edit(dialog, "s3SecretKeyEdit")->text(), QString());
                                 QCOMPARE(edit(dialog, "s3SecretKeyEdit")->placeholderText(),
                                          QStringLiteral("stored — leave blank to keep"));
                                 for (const QLineEdit* field : dialog->findChildren<QLineEdit*>()) {
                                     QVERIFY(!field->text().contains(QString::fromLatin1(m_server.secretKey())));
                                     QVERIFY(!field->text().contains(QString::fromLatin1(m_server.accessKey())));
                                 }
                                 for (const QLabel* label : dialog->findChildren<QLabel*>()) {
                                     QVERIFY(!label->text().contains(QString::fromLatin1(m_server.secretKey())));
                                 }
                                 // Saving with blank key fields keeps the stored keys.
                                 edit(dialog, "displayNameEdit")->setText(QStringLiteral("Renamed bucket"));
                                 clickOk(dialog);
                                 QVERIFY(!dialog->isVisible());
                             });
    QCOMPARE(m_window->regionService().find(QStringLiteral("s3-asia"))->displayName, QStringLiteral("Renamed bucket"));
    const auto secrets = m_window->regionService().secretsFor(QStringLiteral("s3-asia"));
    QVERIFY(secrets);
    QCOMPARE(secrets->secretKey, m_server.secretKey());
    QCOMPARE(secrets->accessKey, m_server.accessKey());
}

void TestRegionDialogS3::editingReplacesKeysOnlyAfterTheyWork()
{
    m_page->selectRegion(QStringLiteral("s3-asia"));
    QString message;
    withDialog<RegionDialog>(
        [this] { m_page->editRegion(); },
        [&](RegionDialog* dialog) {
            // Testing with blank fields uses the stored keys.
            QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("testConnectionButton")), Qt::LeftButton);
            QVERIFY(waitIdle(dialog));
            QCOMPARE(dialog->testState(), RegionDialog::TestState::Passed);

            edit(dialog, "s3SecretKeyEdit")->setText(QStringLiteral("a-rotated-but-wrong-secret"));
            clickOk(dialog);
            QVERIFY(waitIdle(dialog));
            QVERIFY(dialog->isVisible());
            message = dialog->messageWidget()->text();
        });
    QVERIFY2(message.contains(QStringLiteral("secret key is probably wrong")), qPrintable(message));
    QCOMPARE(m_window->regionService().secretsFor(QStringLiteral("s3-asia"))->secretKey, m_server.secretKey());
}

void TestRegionDialogS3::editingChangesTransferSettings()
{
    m_page->selectRegion(QStringLiteral("s3-asia"));
    withDialog<RegionDialog>([this] { m_page->editRegion(); },
                             [&](RegionDialog* dialog) {
                                 auto* rate = dialog->findChild<QDoubleSpinBox*>(QStringLiteral("s3LimitRateSpin"));
                                 auto* requests = dialog->findChild<QSpinBox*>(QStringLiteral("s3MaxRequestsSpin"));
                                 QVERIFY(rate && requests);
                                 QVERIFY(rate->isEnabled() && requests->isEnabled());
                                 QCOMPARE(rate->value(), 0.0); // unlimited
                                 rate->setValue(12.5);
                                 requests->setValue(3);
                                 clickOk(dialog); // no new keys: nothing to test, saved at once
                                 QVERIFY2(!dialog->isVisible(), qPrintable(dialog->messageWidget()->text()));
                             });
    auto region = m_window->regionService().find(QStringLiteral("s3-asia"));
    QVERIFY(region);
    QCOMPARE(region->settings.value(QStringLiteral("bandwidthLimit")).toInteger(), 12500000LL);
    QCOMPARE(region->settings.value(QStringLiteral("maxParallel")).toInt(), 3);
    QVERIFY(!region->settings.contains(QStringLiteral("partSize"))); // the default is not stored
    QCOMPARE(region->settings.value(QStringLiteral("bucket")).toString(), m_server.bucket());

    // Shown again when the dialog reopens; back to unlimited.
    withDialog<RegionDialog>([this] { m_page->editRegion(); },
                             [&](RegionDialog* dialog) {
                                 auto* rate = dialog->findChild<QDoubleSpinBox*>(QStringLiteral("s3LimitRateSpin"));
                                 QCOMPARE(rate->value(), 12.5);
                                 QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("s3MaxRequestsSpin"))->value(),
                                          3);
                                 rate->setValue(0);
                                 clickOk(dialog);
                             });
    QVERIFY(!m_window->regionService()
                 .find(QStringLiteral("s3-asia"))
                 ->settings.contains(QStringLiteral("bandwidthLimit")));

    // Values set finer than the fields show (by the CLI: 40 kB/s, 10 MB parts) survive an edit
    // of something else.
    region = m_window->regionService().find(QStringLiteral("s3-asia"));
    region->settings.insert(QStringLiteral("bandwidthLimit"), 40000);
    region->settings.insert(QStringLiteral("partSize"), 10000000);
    QVERIFY(m_window->regionService().update(*region));
    withDialog<RegionDialog>([this] { m_page->editRegion(); },
                             [&](RegionDialog* dialog) {
                                 dialog->findChild<QSpinBox*>(QStringLiteral("s3MaxRequestsSpin"))->setValue(5);
                                 clickOk(dialog);
                             });
    region = m_window->regionService().find(QStringLiteral("s3-asia"));
    QCOMPARE(region->settings.value(QStringLiteral("bandwidthLimit")).toInteger(), 40000LL);
    QCOMPARE(region->settings.value(QStringLiteral("partSize")).toInteger(), 10000000LL);
    QCOMPARE(region->settings.value(QStringLiteral("maxParallel")).toInt(), 5);
    region->settings.remove(QStringLiteral("bandwidthLimit")); // the next tests transfer at full speed
    QVERIFY(m_window->regionService().update(*region));
}

void TestRegionDialogS3::backsUpAndRestoresInTheS3RegionThroughTheVaultsPage()
{
    // A source folder with nested, empty and binary files.
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString source = work.filePath(QStringLiteral("source"));
    QVERIFY(QDir().mkpath(source + QStringLiteral("/docs/deep")));
    auto write = [](const QString& path, const QByteArray& data) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(data), data.size());
    };
    write(source + QStringLiteral("/readme.txt"), "hello s3 region\n");
    write(source + QStringLiteral("/docs/deep/empty.txt"), QByteArray());
    QByteArray mixed;
    for (int i = 0; i < 400000; ++i) {
        mixed.append(char((qint64(i) * 7919 + i / 13) % 251));
    }
    write(source + QStringLiteral("/docs/mixed.dat"), mixed);

    const QByteArray passphrase = "s3 horse battery";
    QVERIFY(m_window->showPage(QStringLiteral("vaults")));
    auto* vaults = m_window->findChild<VaultsPage*>(QStringLiteral("vaultsPage"));
    QVERIFY(vaults);
    withDialog<CreateVaultDialog>(
        [vaults] { vaults->createVault(); },
        [&](CreateVaultDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("vaultNameEdit"))->setText(QStringLiteral("in-s3"));
            auto* region = dialog->findChild<QComboBox*>(QStringLiteral("vaultRegionCombo"));
            QVERIFY(region);
            const int s3 = region->findData(QStringLiteral("s3-asia"));
            QVERIFY(s3 >= 0);
            region->setCurrentIndex(s3);
            dialog->findChild<QRadioButton*>(QStringLiteral("customerKeyRadio"))->setChecked(true);
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))->setText(QString::fromUtf8(passphrase));
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseConfirmEdit"))
                ->setText(QString::fromUtf8(passphrase));
            clickOk(dialog);
            QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), 120000); // created on a worker, in the bucket
        });
    const QModelIndex vault = vaults->vaultModel()->indexFromName(QStringLiteral("in-s3"));
    QVERIFY(vault.isValid());

    vaults->selectVault(QStringLiteral("in-s3"));
    qint64 before = vaults->lastJobId();
    withDialog<BackupDialog>(
        [vaults] { vaults->backUp(); },
        [&](BackupDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(source);
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))->setText(QString::fromUtf8(passphrase));
            clickOk(dialog);
        });
    QVERIFY(vaults->lastJobId() != before);
    const Jobs::JobOutcome backedUp = waitForJob(vaults, vaults->lastJobId());
    QCOMPARE(backedUp.error, QString());
    QCOMPARE(int(backedUp.state), int(Jobs::JobState::Succeeded));
    const QString point = backedUp.result.value(QStringLiteral("point")).toString();
    QVERIFY(!point.isEmpty());
    QTRY_COMPARE(vaults->pointModel()->rowCount(), 1);

    // The vault's objects really are in the bucket, under the region's prefix.
    const auto store = m_window->regionService().openStore(QStringLiteral("s3-asia"));
    QVERIFY(store);
    const auto listed = store.value()->list(QString());
    QVERIFY(listed);
    QVERIFY(listed->size() > 2);

    const QString into = work.filePath(QStringLiteral("restored"));
    vaults->selectPoint(point);
    before = vaults->lastJobId();
    withDialog<RestoreDialog>(
        [vaults] { vaults->restore(); },
        [&](RestoreDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("targetEdit"))->setText(into);
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))->setText(QString::fromUtf8(passphrase));
            clickOk(dialog);
        });
    QVERIFY(vaults->lastJobId() != before);
    const Jobs::JobOutcome restored = waitForJob(vaults, vaults->lastJobId());
    QCOMPARE(restored.error, QString());
    QCOMPARE(int(restored.state), int(Jobs::JobState::Succeeded));
    QCOMPARE(TestSupport::compareTrees(source, into), QString());
}

void TestRegionDialogS3::closingTheDialogDuringATestIsSafe()
{
    // Hold the probe's upload at the proxy so the check is certainly still running.
    QVERIFY(m_server.stallAfter(QStringLiteral("crossvault-probe"), 0));
    bool wasBusy = false;
    {
        withDialog<RegionDialog>(
            [this] { m_page->addRegion(); },
            [&](RegionDialog* dialog) {
                fillS3(dialog, QStringLiteral("s3-closed"), QStringLiteral("closed"), m_server.secretKey());
                clickOk(dialog);
                wasBusy = dialog->isBusy();
                QVERIFY(QTest::qWaitFor([&] { return m_server.stats().value(QStringLiteral("stalled")).toInt() > 0; },
                                        60000));
                dialog->reject(); // Cancel while the worker waits for the store
            });
    }
    QVERIFY(wasBusy);
    // The dialog is gone; let the held request fail and the retries succeed, so the worker ends
    // and reports into nothing.
    m_server.killBackend();
    QString error;
    QVERIFY2(m_server.restartBackend(&error), qPrintable(error));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QVERIFY(!m_window->regionService().find(QStringLiteral("s3-closed")));
    QVERIFY(!anySecretFileFor(QStringLiteral("s3-closed")));
    QVERIFY(m_window->isVisible());
}

QTEST_MAIN(TestRegionDialogS3)
#include "tst_regiondialog_s3.moc"
