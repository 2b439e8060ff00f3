#include "backend/core/Workspace.h"
#include "backend/jobs/BackupJob.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/sources/FolderSource.h"
#include "backend/vaults/VaultService.h"
#include "models/JobModel.h"
#include "models/PointModel.h"
#include "models/VaultModel.h"
#include "tests/support/TestWorkspace.h"
#include "tests/support/TreeCompare.h"
#include "ui/FileDialog.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/dialogs/BackupDialog.h"
#include "ui/dialogs/CreateVaultDialog.h"
#include "ui/dialogs/RestoreDialog.h"
#include "ui/pages/JobsPage.h"
#include "ui/pages/VaultsPage.h"
#include "ui/widgets/JobProgressPanel.h"
#include "ui/widgets/MessageWidget.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

// The console's vault flow on the real main window and a real workspace (offscreen): create
// a vault through the dialog, back a real folder up as a job, see the point, restore it and
// compare byte for byte.
class TestVaultsPage final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void pagesArePluggedIn();
    void emptyNameIsRefusedInline();
    void differentPassphrasesAreRefusedInline();
    void backsUpAndRestoresACustomerKeyVault();
    void aWrongPassphraseFailsTheBackupWithAMessage();
    void restoreWithoutOverwriteRefusesExistingFiles();
    void managedVaultOffersItsRecoveryKey();
    void jobsPageListsTheJobs();
    void cancelsAWaitingJobFromBothPages();
    void deletesAVaultAfterConfirmation();

private:
    template <typename Dialog>
    void withDialog(const std::function<void()>& action, const std::function<void(Dialog*)>& fill);
    static void clickOk(QDialog* dialog);
    void createCustomerVault(const QString& name, const QByteArray& passphrase);
    qint64 backUp(const QString& vault, const QString& folder, const QByteArray& passphrase);
    Jobs::JobOutcome waitForJob(qint64 id);
    void writeFile(const QString& path, const QByteArray& content);

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<MainWindow> m_window;
    VaultsPage* m_page = nullptr;
    QString m_source;
};

void TestVaultsPage::initTestCase()
{
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    m_window = std::make_unique<MainWindow>(m_workspace->open());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showPage(QStringLiteral("vaults")));
    m_page = m_window->findChild<VaultsPage*>(QStringLiteral("vaultsPage"));
    QVERIFY(m_page);
    QVERIFY(m_page->isVisible());

    m_source = m_workspace->tempPath(QStringLiteral("source"));
    QVERIFY(QDir().mkpath(m_source + QStringLiteral("/docs/deep")));
    writeFile(m_source + QStringLiteral("/readme.txt"), "hello vault\n");
    writeFile(m_source + QStringLiteral("/docs/report.bin"), QByteArray(300000, '\x5a') + QByteArray("tail"));
    writeFile(m_source + QStringLiteral("/docs/deep/empty.txt"), QByteArray());
    QByteArray mixed;
    for (int i = 0; i < 100000; ++i) {
        mixed.append(char((i * 7919) % 251));
    }
    writeFile(m_source + QStringLiteral("/docs/deep/mixed.dat"), mixed);
}

void TestVaultsPage::init()
{
    m_window->showPage(QStringLiteral("vaults"));
    m_page->messageWidget()->hideMessage();
}

void TestVaultsPage::cleanupTestCase()
{
    m_window.reset();
    m_workspace.reset();
}

void TestVaultsPage::writeFile(const QString& path, const QByteArray& content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(content), content.size());
}

template <typename Dialog>
void TestVaultsPage::withDialog(const std::function<void()>& action, const std::function<void(Dialog*)>& fill)
{
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            return; // the check below fails the test
        }
        seen = true;
        fill(dialog);
    });
    action();
    QVERIFY2(seen, "the dialog did not open");
}

void TestVaultsPage::clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"));
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

void TestVaultsPage::createCustomerVault(const QString& name, const QByteArray& passphrase)
{
    withDialog<CreateVaultDialog>(
        [this] { m_page->createVault(); },
        [&](CreateVaultDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("vaultNameEdit"))->setText(name);
            dialog->findChild<QLineEdit*>(QStringLiteral("vaultDescriptionEdit"))
                ->setText(QStringLiteral("test files"));
            dialog->findChild<QRadioButton*>(QStringLiteral("customerKeyRadio"))->setChecked(true);
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))->setText(QString::fromUtf8(passphrase));
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseConfirmEdit"))
                ->setText(QString::fromUtf8(passphrase));
            clickOk(dialog); // creation runs on a worker; the dialog closes when it is done
        });
    QVERIFY(m_page->vaultModel()->indexFromName(name).isValid());
}

qint64 TestVaultsPage::backUp(const QString& vault, const QString& folder, const QByteArray& passphrase)
{
    m_page->selectVault(vault);
    const qint64 before = m_page->lastJobId();
    withDialog<BackupDialog>(
        [this] { m_page->backUp(); },
        [&](BackupDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(folder);
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))->setText(QString::fromUtf8(passphrase));
            clickOk(dialog);
        });
    return m_page->lastJobId() != before ? m_page->lastJobId() : 0;
}

Jobs::JobOutcome TestVaultsPage::waitForJob(qint64 id)
{
    Jobs::JobRunner& runner = m_window->jobRunner();
    if (!runner.job(id)) {
        Jobs::JobOutcome unknown;
        unknown.state = Jobs::JobState::Failed;
        unknown.error = QStringLiteral("the runner has no job %1").arg(id);
        return unknown;
    }
    // The panel lets go of the job it follows when the job ends; the runner's outcome says how.
    [&] { QTRY_VERIFY_WITH_TIMEOUT(m_page->progressPanel()->jobId() != id, 120000); }();
    return runner.job(id)->outcome();
}

void TestVaultsPage::pagesArePluggedIn()
{
    QVERIFY(m_window->page(QStringLiteral("vaults"))->inherits("VaultsPage"));
    QVERIFY(m_window->page(QStringLiteral("jobs"))->inherits("JobsPage"));
    QCOMPARE(m_page->vaultModel()->rowCount(), 0);
    QVERIFY(!m_page->findChild<QPushButton*>(QStringLiteral("backupButton"))->isEnabled());
    QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("createVaultButton"))->isEnabled());
}

void TestVaultsPage::emptyNameIsRefusedInline()
{
    QString message;
    bool stillOpen = false;
    withDialog<CreateVaultDialog>([this] { m_page->createVault(); },
                                  [&](CreateVaultDialog* dialog) {
                                      clickOk(dialog);
                                      stillOpen = dialog->isVisible();
                                      message = dialog->messageWidget()->isVisible() ? dialog->messageWidget()->text()
                                                                                     : QString();
                                      dialog->reject();
                                  });
    QVERIFY(stillOpen);
    QCOMPARE(message, QStringLiteral("Enter a name for the vault."));
    QCOMPARE(m_page->vaultModel()->rowCount(), 0);
}

void TestVaultsPage::differentPassphrasesAreRefusedInline()
{
    QString message;
    MessageWidget::Type type = MessageWidget::Type::Information;
    withDialog<CreateVaultDialog>(
        [this] { m_page->createVault(); },
        [&](CreateVaultDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("vaultNameEdit"))->setText(QStringLiteral("typo"));
            dialog->findChild<QRadioButton*>(QStringLiteral("customerKeyRadio"))->setChecked(true);
            auto* passphrase = dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"));
            QCOMPARE(passphrase->echoMode(), QLineEdit::Password);
            passphrase->setText(QStringLiteral("correct horse"));
            dialog->findChild<QLineEdit*>(QStringLiteral("passphraseConfirmEdit"))
                ->setText(QStringLiteral("correct hose"));
            clickOk(dialog);
            message = dialog->messageWidget()->text();
            type = dialog->messageWidget()->type();
            dialog->reject();
        });
    QCOMPARE(message, QStringLiteral("The passphrase and its confirmation differ; type the same passphrase twice."));
    QCOMPARE(type, MessageWidget::Type::Error);
    QVERIFY(!m_page->vaultModel()->indexFromName(QStringLiteral("typo")).isValid());
}

void TestVaultsPage::backsUpAndRestoresACustomerKeyVault()
{
    createCustomerVault(QStringLiteral("files"), "correct horse battery");
    const QModelIndex vault = m_page->vaultModel()->indexFromName(QStringLiteral("files"));
    QCOMPARE(vault.siblingAtColumn(VaultModel::EncryptionColumn).data(VaultModel::UnderlyingDataRole).toString(),
             QStringLiteral("customer"));

    const qint64 job = backUp(QStringLiteral("files"), m_source, "correct horse battery");
    QVERIFY(job > 0);
    QVERIFY(m_page->progressPanel()->isVisible() || m_window->jobRunner().job(job));
    const Jobs::JobOutcome outcome = waitForJob(job);
    QCOMPARE(outcome.error, QString());
    QCOMPARE(int(outcome.state), int(Jobs::JobState::Succeeded));
    const QString point = outcome.result.value(QStringLiteral("point")).toString();
    QVERIFY(!point.isEmpty());

    // The point shows in the points table of the (still) selected vault.
    QTRY_COMPARE(m_page->pointModel()->rowCount(), 1);
    QCOMPARE(m_page->pointModel()->vault(), QStringLiteral("files"));
    QCOMPARE(m_page->pointModel()->index(0, PointModel::IdColumn).data().toString(), point);
    QCOMPARE(m_page->messageWidget()->type(), MessageWidget::Type::Positive);
    QVERIFY(m_page->messageWidget()->text().contains(point));
    QCOMPARE(m_page->vaultModel()->indexFromName(QStringLiteral("files"), VaultModel::PointsColumn).data().toString(),
             QStringLiteral("1"));

    QTemporaryDir target;
    QVERIFY(target.isValid());
    const QString into = target.filePath(QStringLiteral("restored"));
    m_page->selectPoint(point);
    QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("restoreButton"))->isEnabled());
    const qint64 before = m_page->lastJobId();
    withDialog<RestoreDialog>([this] { m_page->restore(); },
                              [&](RestoreDialog* dialog) {
                                  QVERIFY(
                                      !dialog->findChild<QLabel*>(QStringLiteral("overwriteHint"))->text().isEmpty());
                                  dialog->findChild<QLineEdit*>(QStringLiteral("targetEdit"))->setText(into);
                                  dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))
                                      ->setText(QStringLiteral("correct horse battery"));
                                  clickOk(dialog);
                              });
    QVERIFY(m_page->lastJobId() != before);
    const Jobs::JobOutcome restored = waitForJob(m_page->lastJobId());
    QCOMPARE(restored.error, QString());
    QCOMPARE(int(restored.state), int(Jobs::JobState::Succeeded));
    QCOMPARE(TestSupport::compareTrees(m_source, into), QString());
    QVERIFY2(m_page->messageWidget()->text().startsWith(QStringLiteral("Restored 6 files and folders")),
             qPrintable(m_page->messageWidget()->text()));
}

void TestVaultsPage::aWrongPassphraseFailsTheBackupWithAMessage()
{
    // An empty passphrase is refused in the dialog itself.
    m_page->selectVault(QStringLiteral("files"));
    QString inline_;
    withDialog<BackupDialog>([this] { m_page->backUp(); },
                             [&](BackupDialog* dialog) {
                                 dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(m_source);
                                 clickOk(dialog);
                                 inline_ = dialog->messageWidget()->text();
                                 dialog->reject();
                             });
    QCOMPARE(inline_, QStringLiteral("Enter the passphrase of vault files."));

    const int points = m_page->pointModel()->rowCount();
    const qint64 job = backUp(QStringLiteral("files"), m_source, "wrong horse");
    QVERIFY(job > 0);
    const Jobs::JobOutcome outcome = waitForJob(job);
    QCOMPARE(int(outcome.state), int(Jobs::JobState::Failed));
    QCOMPARE(m_page->messageWidget()->type(), MessageWidget::Type::Error);
    QVERIFY2(m_page->messageWidget()->text().contains(QStringLiteral("files")),
             qPrintable(m_page->messageWidget()->text()));
    QVERIFY(!m_page->messageWidget()->text().contains(QStringLiteral("wrong horse"))); // never echo secrets
    QCOMPARE(m_page->pointModel()->rowCount(), points);
}

void TestVaultsPage::restoreWithoutOverwriteRefusesExistingFiles()
{
    m_page->selectVault(QStringLiteral("files"));
    QTRY_VERIFY(m_page->pointModel()->rowCount() > 0);
    QTemporaryDir target;
    writeFile(target.filePath(QStringLiteral("readme.txt")), "mine, keep me");
    m_page->selectPoint(m_page->pointModel()->index(0, 0).data(PointModel::PointIdRole).toString());
    withDialog<RestoreDialog>([this] { m_page->restore(); },
                              [&](RestoreDialog* dialog) {
                                  dialog->findChild<QLineEdit*>(QStringLiteral("targetEdit"))->setText(target.path());
                                  QVERIFY(
                                      !dialog->findChild<QCheckBox*>(QStringLiteral("overwriteCheck"))->isChecked());
                                  dialog->findChild<QLineEdit*>(QStringLiteral("passphraseEdit"))
                                      ->setText(QStringLiteral("correct horse battery"));
                                  clickOk(dialog);
                              });
    const Jobs::JobOutcome outcome = waitForJob(m_page->lastJobId());
    QVERIFY(outcome.state != Jobs::JobState::Succeeded);
    QVERIFY2(outcome.error.contains(QStringLiteral("readme.txt")), qPrintable(outcome.error));
    QFile kept(target.filePath(QStringLiteral("readme.txt")));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("mine, keep me"));
}

void TestVaultsPage::managedVaultOffersItsRecoveryKey()
{
    auto* banner = m_page->findChild<MessageWidget*>(QStringLiteral("recoveryKeyBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());

    // First decline the export: the banner warns about the vault.
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    withDialog<CreateVaultDialog>(
        [this] { m_page->createVault(); },
        [&](CreateVaultDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("vaultNameEdit"))->setText(QStringLiteral("managed"));
            auto* level = dialog->findChild<QSpinBox*>(QStringLiteral("compressionLevelSpin"));
            QVERIFY(level);
            QCOMPARE(level->value(), 2); // the default
            level->setValue(7);
            clickOk(dialog);
        });
    QVERIFY(m_page->vaultModel()->indexFromName(QStringLiteral("managed")).isValid());
    {
        // The level chosen in the dialog is the vault's (its config object says so).
        const auto vault = m_window->vaultService().find(QStringLiteral("managed"));
        QVERIFY(vault);
        QFile config(m_window->regionService().find(vault->region)->location + QLatin1Char('/') + vault->prefix()
                     + QStringLiteral("config"));
        QVERIFY2(config.open(QIODevice::ReadOnly), qPrintable(config.fileName()));
        QCOMPARE(QJsonDocument::fromJson(config.readAll())
                     .object()[QStringLiteral("compression")][QStringLiteral("level")]
                     .toInt(),
                 7);
    }
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->type(), MessageWidget::Type::Warning);
    QVERIFY(banner->text().contains(QStringLiteral("managed")));
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("Export the recovery key of vault managed")));

    // Then export it from the page: a file only the owner can read, and the banner goes.
    const QString keyFile = m_workspace->tempPath(QStringLiteral("managed.key"));
    FileDialog::setNextFileName(keyFile);
    m_page->selectVault(QStringLiteral("managed"));
    m_page->exportRecoveryKey();
    QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 30000);
    QFile file(keyFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().startsWith("CVRK1-"));
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QCOMPARE(QFileInfo(keyFile).permissions() & others, QFileDevice::Permissions());
    QVERIFY(QFileInfo(keyFile).permissions().testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(
        m_page->vaultModel()->indexFromName(QStringLiteral("managed"), VaultModel::RecoveryKeyColumn).data().toString(),
        QStringLiteral("Exported"));
}

void TestVaultsPage::jobsPageListsTheJobs()
{
    QVERIFY(m_window->showPage(QStringLiteral("jobs")));
    auto* jobs = m_window->findChild<JobsPage*>(QStringLiteral("jobsPage"));
    QVERIFY(jobs);
    QVERIFY(jobs->model()->rowCount() >= 4); // backup, restore, failed backup, refused restore
    const QModelIndex newest = jobs->model()->index(0, JobModel::TypeColumn);
    QCOMPARE(newest.data().toString(), QStringLiteral("Restore"));
    const QModelIndex failed = jobs->model()->indexFromId(
        jobs->model()->index(1, 0).data(JobModel::JobIdRole).toLongLong(), JobModel::StateColumn);
    QCOMPARE(failed.data().toString(), QStringLiteral("Failed"));
    QVERIFY(!failed.siblingAtColumn(JobModel::DetailsColumn).data().toString().isEmpty());
    jobs->view()->selectRow(0);
    QVERIFY(!jobs->findChild<QPushButton*>(QStringLiteral("cancelJobButton"))->isEnabled()); // it is over
}

void TestVaultsPage::cancelsAWaitingJobFromBothPages()
{
    Jobs::JobRunner& runner = m_window->jobRunner();
    auto submit = [&]() -> qint64 {
        Core::Result<Vaults::VaultAccess> access = m_window->vaultService().access(
            QStringLiteral("files"), Backup::KeySource::passphrase("correct horse battery"));
        if (!access) {
            return 0;
        }
        Core::Result<qint64> id
            = runner.submit(std::make_unique<Jobs::BackupJob>(m_workspace->open().catalog(), std::move(access.value()),
                                                              std::make_unique<Sources::FolderSource>(m_source)));
        return id ? id.value() : 0;
    };
    // Jobs on one vault run one after another: while the first runs, the others wait, so
    // cancelling them is certain to catch them before they start (no event loop in between).
    const qint64 running = submit();
    const qint64 waitingForJobsPage = submit();
    const qint64 waitingForPanel = submit();
    QVERIFY(running && waitingForJobsPage && waitingForPanel);

    auto* jobs = m_window->findChild<JobsPage*>(QStringLiteral("jobsPage"));
    QVERIFY(jobs);
    const QModelIndex row = jobs->model()->indexFromId(waitingForJobsPage);
    jobs->view()->selectRow(row.row());
    auto* cancel = jobs->findChild<QPushButton*>(QStringLiteral("cancelJobButton"));
    QVERIFY(cancel->isEnabled());
    jobs->cancelSelected();
    QCOMPARE(jobs->messageWidget()->type(), MessageWidget::Type::Information);

    m_page->progressPanel()->follow(waitingForPanel, QStringLiteral("third backup"));
    QVERIFY(m_page->progressPanel()->isVisibleTo(m_page));
    QTest::mouseClick(m_page->progressPanel()->findChild<QPushButton*>(QStringLiteral("cancelJobButton")),
                      Qt::LeftButton);
    [&] { QTRY_VERIFY_WITH_TIMEOUT(!runner.pendingCount(), 120000); }();
    QCOMPARE(int(runner.job(waitingForJobsPage)->outcome().state), int(Jobs::JobState::Cancelled));
    QCOMPARE(int(runner.job(waitingForPanel)->outcome().state), int(Jobs::JobState::Cancelled));
    QCOMPARE(int(runner.job(running)->outcome().state), int(Jobs::JobState::Succeeded));
    QCOMPARE(jobs->model()->indexFromId(waitingForJobsPage, JobModel::StateColumn).data().toString(),
             QStringLiteral("Cancelled"));
    QVERIFY(!m_page->progressPanel()->isVisibleTo(m_page));
    QVERIFY2(m_page->messageWidget()->text().startsWith(QStringLiteral("The job was cancelled.")),
             qPrintable(m_page->messageWidget()->text()));
}

void TestVaultsPage::deletesAVaultAfterConfirmation()
{
    m_page->selectVault(QStringLiteral("managed"));
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    m_page->deleteVault();
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("cannot be undone")));
    QVERIFY(m_page->vaultModel()->indexFromName(QStringLiteral("managed")).isValid());

    MessageBox::setNextAnswer(QMessageBox::Yes);
    m_page->deleteVault();
    QTRY_VERIFY_WITH_TIMEOUT(!m_page->vaultModel()->indexFromName(QStringLiteral("managed")).isValid(), 30000);
    QCOMPARE(m_page->messageWidget()->type(), MessageWidget::Type::Positive);
    QVERIFY(m_page->vaultModel()->indexFromName(QStringLiteral("files")).isValid());
}

QTEST_MAIN(TestVaultsPage)
#include "tst_vaultspage.moc"
