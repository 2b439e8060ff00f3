// Cross-region replication in the console (issue 5), on the real main window and a fresh
// workspace (two default local regions plus a third): create a vault, back a folder up,
// configure replication to a new target vault in the other region through the real dialog
// (with its preview), watch the initial sync finish, see RPO "in sync" and the target's
// point, find the target read-only, create a replica of a point through the Create replica
// dialog (a bad name refused inline), see a later backup's copy as a child job, and stop
// replication through its confirmation.

#include "backend/core/Workspace.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"
#include "models/JobModel.h"
#include "models/PointModel.h"
#include "models/ReplicationModel.h"
#include "models/VaultModel.h"
#include "tests/support/TestWorkspace.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/dialogs/BackupDialog.h"
#include "ui/dialogs/CreateReplicaDialog.h"
#include "ui/dialogs/CreateVaultDialog.h"
#include "ui/dialogs/PointSettingsDialog.h"
#include "ui/dialogs/ReplicationDialog.h"
#include "ui/dialogs/ReplicationSettingsDialog.h"
#include "ui/pages/JobsPage.h"
#include "ui/pages/VaultsPage.h"
#include "ui/widgets/CopyPreviewLabel.h"
#include "ui/widgets/JobProgressPanel.h"
#include "ui/widgets/MessageWidget.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <functional>
#include <memory>

namespace {

bool comboItemEnabled(QComboBox* combo, int row)
{
    auto* model = qobject_cast<QStandardItemModel*>(combo->model());
    return model && model->item(row)->isEnabled();
}

} // namespace

class TestReplicationUi final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void replicatesThroughTheConsole();
    void limitOfTargetsPerRegionFromTheMenu();

private:
    template <typename Dialog>
    void withDialog(const std::function<void()>& action, const std::function<void(Dialog*)>& fill);
    static void clickOk(QDialog* dialog);
    Jobs::JobOutcome waitForJob(qint64 id);
    QString replicationText(const QString& vault) const;

    std::unique_ptr<TestSupport::TestWorkspace> m_workspace;
    std::unique_ptr<MainWindow> m_window;
    VaultsPage* m_page = nullptr;
    QString m_source;
    QString m_home; // the first default region: the source's
    QString m_other; // the second default region: the target's
};

void TestReplicationUi::initTestCase()
{
    // English plurals as the console shows them ("1 point", not "1 point(s)"), for the
    // README's pictures: the console's .qm files are built beside it.
    auto* english = new QTranslator(this);
    const QDir console = QFileInfo(qEnvironmentVariable("CROSSVAULT_CONSOLE")).dir();
    if (english->load(console.filePath(QStringLiteral("crossvault_en.qm")))) {
        QCoreApplication::installTranslator(english);
    }
    m_workspace = std::make_unique<TestSupport::TestWorkspace>();
    m_window = std::make_unique<MainWindow>(m_workspace->open());
    Regions::RegionService& regions = m_window->regionService();
    QVERIFY(regions.regions().size() >= 2);
    m_home = regions.regions().at(0).name;
    m_other = regions.regions().at(1).name;
    Regions::Region third;
    third.name = QStringLiteral("vault-c");
    third.kind = Regions::Region::kindLocal();
    third.location = m_workspace->tempPath(QStringLiteral("region-c"));
    QVERIFY(regions.add(third));
    Regions::Region fourth = third;
    fourth.name = QStringLiteral("vault-d");
    fourth.location = m_workspace->tempPath(QStringLiteral("region-d"));
    QVERIFY(regions.add(fourth));

    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->showPage(QStringLiteral("vaults")));
    m_page = m_window->findChild<VaultsPage*>(QStringLiteral("vaultsPage"));
    QVERIFY(m_page);
    new QAbstractItemModelTester(m_page->replicationModel(), QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 this);

    m_source = m_workspace->tempPath(QStringLiteral("source"));
    QVERIFY(QDir().mkpath(m_source + QStringLiteral("/docs")));
    QFile file(m_source + QStringLiteral("/docs/report.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray content;
    for (int i = 0; i < 200000; ++i) {
        content.append(char((i * 7919) % 251));
    }
    file.write(content);
}

void TestReplicationUi::cleanupTestCase()
{
    m_window.reset();
    m_workspace.reset();
}

template <typename Dialog>
void TestReplicationUi::withDialog(const std::function<void()>& action, const std::function<void(Dialog*)>& fill)
{
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        seen = true;
        fill(dialog);
    });
    action();
    QVERIFY2(seen, "the dialog did not open");
}

void TestReplicationUi::clickOk(QDialog* dialog)
{
    auto* buttons = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"));
    QVERIFY(buttons);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
}

Jobs::JobOutcome TestReplicationUi::waitForJob(qint64 id)
{
    Jobs::JobRunner& runner = m_window->jobRunner();
    if (!runner.job(id)) {
        Jobs::JobOutcome unknown;
        unknown.state = Jobs::JobState::Failed;
        unknown.error = QStringLiteral("the runner has no job %1").arg(id);
        return unknown;
    }
    [&] {
        QTRY_VERIFY_WITH_TIMEOUT(
            Jobs::isFinalState(runner.job(id)->outcome().state) && m_page->progressPanel()->jobId() != id, 120000);
    }();
    return runner.job(id)->outcome();
}

QString TestReplicationUi::replicationText(const QString& vault) const
{
    return m_page->vaultModel()->indexFromName(vault, VaultModel::ReplicationColumn).data().toString();
}

void TestReplicationUi::replicatesThroughTheConsole()
{
    // A vault with one point.
    MessageBox::setNextAnswer(QMessageBox::Cancel); // the recovery key prompt after creation
    withDialog<CreateVaultDialog>(
        [this] { m_page->createVault(); },
        [&](CreateVaultDialog* dialog) {
            dialog->findChild<QLineEdit*>(QStringLiteral("vaultNameEdit"))->setText(QStringLiteral("docs"));
            clickOk(dialog);
        });
    QVERIFY(m_page->vaultModel()->indexFromName(QStringLiteral("docs")).isValid());
    m_page->selectVault(QStringLiteral("docs"));
    withDialog<BackupDialog>([this] { m_page->backUp(); },
                             [&](BackupDialog* dialog) {
                                 dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(m_source);
                                 clickOk(dialog);
                             });
    const Jobs::JobOutcome backup = waitForJob(m_page->lastJobId());
    QVERIFY2(backup.state == Jobs::JobState::Succeeded, qPrintable(backup.error));
    const QString point = backup.result.value(QStringLiteral("point")).toString();
    QVERIFY(m_page->replicationView()->isHidden());
    QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("replicationTitle"))
                ->text()
                .contains(QStringLiteral("does not replicate")));

    // Configure replication to a new target vault in the other region.
    m_page->selectVault(QStringLiteral("docs"));
    auto* configure = m_page->findChild<QPushButton*>(QStringLiteral("configureReplicationButton"));
    QVERIFY(configure->isEnabled());
    QString previewText;
    withDialog<ReplicationDialog>(
        [configure] { configure->click(); },
        [&](ReplicationDialog* dialog) {
            auto* region = dialog->findChild<QComboBox*>(QStringLiteral("replicationRegionCombo"));
            const int home = region->findData(m_home);
            const int other = region->findData(m_other);
            QVERIFY(home >= 0 && other >= 0);
            QVERIFY2(!comboItemEnabled(region, home), "the source's own region cannot hold its target");
            QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("replicationRegionHint"))
                        ->text()
                        .contains(QStringLiteral("different region")));
            region->setCurrentIndex(other);
            auto* vault = dialog->findChild<QComboBox*>(QStringLiteral("replicationVaultCombo"));
            QCOMPARE(vault->currentData().toString(), QString());
            QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("targetEncryptionNote"))
                        ->text()
                        .contains(QStringLiteral("source's")));
            dialog->findChild<QLineEdit*>(QStringLiteral("targetNameEdit"))->setText(QStringLiteral("docs-dr"));
            dialog->findChild<QLineEdit*>(QStringLiteral("targetLabelEdit"))->setText(QStringLiteral("dr-site"));
            QTRY_VERIFY_WITH_TIMEOUT(dialog->preview()->isReady(), 30000);
            previewText = dialog->preview()->text();
            // The README's picture of the dialog (docs/screenshots/replication.png) comes from here.
            if (const QString dir = qEnvironmentVariable("CROSSVAULT_SCREENSHOT_DIR"); !dir.isEmpty()) {
                QVERIFY(dialog->grab().save(dir + QStringLiteral("/replication.png"), "PNG"));
            }
            clickOk(dialog);
        });
    QVERIFY2(previewText.contains(QStringLiteral("would move")), qPrintable(previewText));
    QVERIFY2(previewText.contains(QStringLiteral("no price sheet: cost not estimated")), qPrintable(previewText));
    QCOMPARE(m_window->vaultService().find(QStringLiteral("docs-dr"))->label, QStringLiteral("dr-site"));

    // The initial sync runs as a copy job followed on the page.
    const qint64 syncId = m_page->lastJobId();
    QCOMPARE(m_window->jobRunner().job(syncId)->type(), QStringLiteral("copy"));
    const Jobs::JobOutcome sync = waitForJob(syncId);
    QVERIFY2(sync.state == Jobs::JobState::Succeeded, qPrintable(sync.error));
    ReplicationModel* replication = m_page->replicationModel();
    QTRY_COMPARE(replication->rowCount(), 1);
    QCOMPARE(replication->index(0, ReplicationModel::TargetColumn).data().toString(), QStringLiteral("docs-dr"));
    QCOMPARE(replication->index(0, ReplicationModel::RegionColumn).data().toString(), m_other);
    QTRY_COMPARE(replication->index(0, ReplicationModel::RpoColumn).data().toString(), QStringLiteral("in sync"));
    QVERIFY(m_page->replicationView()->isVisible());
    QVERIFY2(replicationText(QStringLiteral("docs")).contains(QStringLiteral("in sync")),
             qPrintable(replicationText(QStringLiteral("docs"))));
    QVERIFY(replicationText(QStringLiteral("docs-dr")).contains(QStringLiteral("Target of docs")));
    // A source cannot be deleted while it replicates.
    QVERIFY(!m_page->findChild<QPushButton*>(QStringLiteral("deleteVaultButton"))->isEnabled());

    // The target holds the point and is read-only.
    m_page->selectVault(QStringLiteral("docs-dr"));
    QTRY_COMPARE(m_page->pointModel()->rowCount(), 1);
    QCOMPARE(m_page->pointModel()->index(0, 0).data(PointModel::PointIdRole).toString(), point);
    auto* backupButton = m_page->findChild<QPushButton*>(QStringLiteral("backupButton"));
    QVERIFY(!backupButton->isEnabled());
    QVERIFY2(backupButton->toolTip().contains(QStringLiteral("read-only")), qPrintable(backupButton->toolTip()));
    auto* deleteVault = m_page->findChild<QPushButton*>(QStringLiteral("deleteVaultButton"));
    QVERIFY2(!deleteVault->isEnabled(), "deleting an active target would end its replication");
    QVERIFY2(deleteVault->toolTip().contains(QStringLiteral("Stop replication in docs")),
             qPrintable(deleteVault->toolTip()));
    QVERIFY(!configure->isEnabled());
    m_page->selectPoint(point);
    auto* createReplica = m_page->findChild<QPushButton*>(QStringLiteral("createReplicaButton"));
    QVERIFY(!createReplica->isEnabled());
    QVERIFY2(createReplica->toolTip().contains(QStringLiteral("replica")), qPrintable(createReplica->toolTip()));

    // The region now holding docs' target is disabled, with the reason.
    m_page->selectVault(QStringLiteral("docs"));
    withDialog<ReplicationDialog>([configure] { configure->click(); },
                                  [&](ReplicationDialog* dialog) {
                                      auto* region
                                          = dialog->findChild<QComboBox*>(QStringLiteral("replicationRegionCombo"));
                                      QVERIFY(!comboItemEnabled(region, region->findData(m_other)));
                                      QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("replicationRegionHint"))
                                                  ->text()
                                                  .contains(QStringLiteral("one target per region")));
                                      QCOMPARE(region->currentData().toString(), QStringLiteral("vault-c"));
                                      dialog->reject();
                                  });

    // Create replicas of the point in the third and fourth regions at once; a bad name is
    // refused inline.
    m_page->selectPoint(point);
    QVERIFY(createReplica->isEnabled());
    withDialog<CreateReplicaDialog>(
        [createReplica] { createReplica->click(); },
        [&](CreateReplicaDialog* dialog) {
            QVERIFY2(!dialog->isRegionAvailable(m_other), "the target already holds a replica of the point");
            QVERIFY(!dialog->isRegionAvailable(m_home));
            QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("replicaRegionHint"))
                        ->text()
                        .contains(QStringLiteral("already holds a replica")));
            QCOMPARE(dialog->chosenRegions(), QStringList {QStringLiteral("vault-c")});
            auto* ok = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok);
            dialog->setRegionChosen(QStringLiteral("vault-c"), false);
            QVERIFY2(!ok->isEnabled(), "no region ticked, nothing to create");
            dialog->setRegionChosen(QStringLiteral("vault-c"), true);
            dialog->setRegionChosen(QStringLiteral("vault-d"), true);
            dialog->setRegionChosen(m_other, true); // not choosable: stays out
            QCOMPARE(dialog->chosenRegions(), (QStringList {QStringLiteral("vault-c"), QStringLiteral("vault-d")}));
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("replicaNameEdit"));
            QTest::keyClicks(name, QStringLiteral("bad name!"));
            QVERIFY(dialog->nameError()->isVisible());
            QVERIFY(dialog->nameError()->text().contains(QStringLiteral("letters, digits")));
            QVERIFY(!ok->isEnabled());
            dialog->accept(); // refused: the dialog stays open
            QVERIFY(dialog->isVisible());
            name->setText(QStringLiteral("audit-1"));
            QVERIFY(!dialog->nameError()->isVisible());
            QVERIFY(ok->isEnabled());
            dialog->findChild<QRadioButton*>(QStringLiteral("expireRadio"))->setChecked(true);
            dialog->findChild<QSpinBox*>(QStringLiteral("expireDaysSpin"))->setValue(7);
            QTRY_VERIFY_WITH_TIMEOUT(dialog->preview()->isReady(), 30000);
            const QString preview = dialog->preview()->text();
            QVERIFY2(preview.contains(QStringLiteral("vault-c: ")) && preview.contains(QStringLiteral("\nvault-d: "))
                         && preview.count(QStringLiteral("would move")) == 2,
                     qPrintable(preview));
            // The README's picture of the dialog (docs/screenshots/create-replica.png).
            if (const QString dir = qEnvironmentVariable("CROSSVAULT_SCREENSHOT_DIR"); !dir.isEmpty()) {
                QVERIFY(dialog->grab().save(dir + QStringLiteral("/create-replica.png"), "PNG"));
            }
            clickOk(dialog);
        });
    // The panel drops its queue as if the operator started another job at once: the batch
    // is still reported when both copies end.
    QVERIFY(m_page->progressPanel()->isVisible());
    m_page->progressPanel()->follow(QList<JobProgressPanel::FollowedJob> {});
    auto* pageMessage = m_page->findChild<MessageWidget*>(QStringLiteral("vaultsMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(pageMessage->text().contains(QStringLiteral("copied to 2 region")), 120000);
    QVERIFY2(pageMessage->text().contains(QStringLiteral("vault-c ("))
                 && pageMessage->text().contains(QStringLiteral("vault-d (")),
             qPrintable(pageMessage->text()));
    QVERIFY(m_page->progressPanel()->isHidden());
    for (const QString& replicaVault : {QStringLiteral("docs-vault-c"), QStringLiteral("docs-vault-d")}) {
        auto copies = m_window->vaultService().points(replicaVault);
        QVERIFY2(copies && copies->size() == 1, qPrintable(replicaVault + QStringLiteral(" holds the replica")));
        QCOMPARE(copies->first().id, point);
        QVERIFY2(copies->first().expires.isValid(), "the replica expires after the days given");
    }

    // A later backup's copy runs as a child of the backup job.
    m_page->selectVault(QStringLiteral("docs"));
    QFile more(m_source + QStringLiteral("/more.txt"));
    QVERIFY(more.open(QIODevice::WriteOnly));
    more.write("a second point\n");
    more.close();
    withDialog<BackupDialog>([this] { m_page->backUp(); },
                             [&](BackupDialog* dialog) {
                                 dialog->findChild<QLineEdit*>(QStringLiteral("sourceEdit"))->setText(m_source);
                                 clickOk(dialog);
                             });
    const qint64 backupId = m_page->lastJobId();
    QVERIFY(waitForJob(backupId).state == Jobs::JobState::Succeeded);
    auto* jobsPage = qobject_cast<JobsPage*>(m_window->page(QStringLiteral("jobs")));
    QVERIFY(jobsPage);
    JobModel* jobs = jobsPage->model();
    QModelIndex child;
    for (int row = 0; row < jobs->rowCount(); ++row) {
        if (jobs->index(row, 0).data(JobModel::ParentIdRole).toLongLong() == backupId) {
            child = jobs->index(row, 0);
        }
    }
    QVERIFY2(child.isValid(), "the copy job is listed as a child of its backup job");
    QCOMPARE(child.siblingAtColumn(JobModel::ParentColumn).data().toString(), QString::number(backupId));
    QTRY_COMPARE_WITH_TIMEOUT(
        child.siblingAtColumn(JobModel::StateColumn).data(JobModel::UnderlyingDataRole).toString(),
        QStringLiteral("succeeded"), 120000);
    QTRY_COMPARE(replication->index(0, ReplicationModel::RpoColumn).data().toString(), QStringLiteral("in sync"));
    QTRY_COMPARE(m_window->vaultService().find(QStringLiteral("docs-dr"))->points, 2);

    // Tier and expiry of a source point: the target's copy follows at once.
    const auto pointIn = [this](const QString& vault, const QString& id) -> std::optional<Vaults::PointRecord> {
        const auto all = m_window->vaultService().points(vault);
        if (!all)
            return std::nullopt;
        for (const Vaults::PointRecord& p : *all)
            if (p.id == id)
                return p;
        return std::nullopt;
    };
    const auto docsPoints = m_window->vaultService().points(QStringLiteral("docs"));
    QVERIFY(docsPoints && docsPoints->size() == 2);
    const QString second = docsPoints->at(0).id == point ? docsPoints->at(1).id : docsPoints->at(0).id;
    m_page->selectVault(QStringLiteral("docs"));
    m_page->selectPoint(second);
    auto* settings = m_page->findChild<QPushButton*>(QStringLiteral("pointSettingsButton"));
    QVERIFY(settings && settings->isEnabled());
    const QDate day = QDate::currentDate().addDays(40);
    withDialog<PointSettingsDialog>(
        [settings] { settings->click(); },
        [&](PointSettingsDialog* dialog) {
            dialog->findChild<QRadioButton*>(QStringLiteral("expireRadio"))->setChecked(true);
            dialog->findChild<QDateEdit*>(QStringLiteral("expiryDateEdit"))->setDate(day);
            if (const QString dir = qEnvironmentVariable("CROSSVAULT_SCREENSHOT_DIR"); !dir.isEmpty()) {
                QVERIFY(dialog->grab().save(dir + QStringLiteral("/point-settings.png"), "PNG"));
            }
            clickOk(dialog);
        });
    QTRY_VERIFY_WITH_TIMEOUT(pointIn(QStringLiteral("docs"), second)->expires.isValid(), 30000);
    QCOMPARE(pointIn(QStringLiteral("docs"), second)->expires.toLocalTime().date(), day);
    QTRY_VERIFY(pointIn(QStringLiteral("docs-dr"), second).has_value());
    QCOMPARE(pointIn(QStringLiteral("docs-dr"), second)->expires.toLocalTime().date(), day);

    // Archive tier: asked first (the copies go), then the target no longer holds the point.
    QTRY_VERIFY(
        pageMessage->text().contains(QStringLiteral("Point %1 changed").arg(second))); // the page's callback ran
    m_page->selectPoint(second);
    QVERIFY(settings->isEnabled());
    MessageBox::setNextAnswer(QMessageBox::Yes);
    withDialog<PointSettingsDialog>([settings] { settings->click(); },
                                    [&](PointSettingsDialog* dialog) {
                                        auto* tier = dialog->findChild<QComboBox*>(QStringLiteral("tierCombo"));
                                        tier->setCurrentIndex(tier->findData(QStringLiteral("archive")));
                                        clickOk(dialog);
                                    });
    QVERIFY2(MessageBox::lastText().contains(QStringLiteral("not copied to other regions")),
             qPrintable(MessageBox::lastText()));
    QTRY_COMPARE_WITH_TIMEOUT(pointIn(QStringLiteral("docs"), second)->tier, QStringLiteral("archive"), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!pointIn(QStringLiteral("docs-dr"), second).has_value(), 30000);
    QTRY_COMPARE(m_window->vaultService().find(QStringLiteral("docs-dr"))->points, 1);

    // A point not in the replicating target yet (its copy still queued): a replica into that
    // region is an early sync that follows the source's expiry, so the dialog offers none.
    {
        Vaults::PointRecord queued = pointIn(QStringLiteral("docs"), point).value();
        queued.id = QStringLiteral("20260101T000000Z-0000abcd");
        CreateReplicaDialog dialog(m_workspace->open(), m_window->regionService(), m_window->vaultService(),
                                   m_window->vaultService().find(QStringLiteral("docs")).value(), queued);
        auto* expire = dialog.findChild<QRadioButton*>(QStringLiteral("expireRadio"));
        auto* hint = dialog.findChild<QLabel*>(QStringLiteral("replicaExpiryHint"));
        QVERIFY(dialog.isRegionAvailable(m_other));
        dialog.setRegionChosen(m_other, false);
        dialog.setRegionChosen(QStringLiteral("vault-c"), true);
        QVERIFY(expire->isEnabled());
        expire->setChecked(true);
        dialog.findChild<QSpinBox*>(QStringLiteral("expireDaysSpin"))->setValue(9);
        QVERIFY(hint->isHidden());
        dialog.setRegionChosen(m_other, true);
        QVERIFY(!hint->isHidden());
        QVERIFY2(hint->text().contains(QStringLiteral("follows the expiry")), qPrintable(hint->text()));
        QVERIFY2(expire->isEnabled(), "the copy into vault-c still takes the expiry");
        QCOMPARE(dialog.options(m_other).expireDays, 0);
        QCOMPARE(dialog.options(QStringLiteral("vault-c")).expireDays, 9);
        dialog.setRegionChosen(QStringLiteral("vault-c"), false);
        QVERIFY(!expire->isEnabled());
        if (const QString dir = qEnvironmentVariable("CROSSVAULT_LOOK_DIR"); !dir.isEmpty()) {
            QVERIFY(
                dialog.grab().save(dir + QStringLiteral("/replica-mirrored.png"), "PNG")); // for a look, not the README
        }
    }

    // Stop replication: the confirmation says it is irreversible.
    auto* stop = m_page->findChild<QPushButton*>(QStringLiteral("stopReplicationButton"));
    QVERIFY(stop->isEnabled());
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    stop->click();
    QVERIFY(MessageBox::lastText().contains(QStringLiteral("cannot be undone")));
    QCOMPARE(m_window->vaultService().find(QStringLiteral("docs-dr"))->type, QStringLiteral("replication-target"));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    stop->click();
    QTRY_COMPARE(m_window->vaultService().find(QStringLiteral("docs-dr"))->type, QStringLiteral("standalone"));
    QTRY_VERIFY(!stop->isEnabled());
    QVERIFY(m_page->findChild<QPushButton*>(QStringLiteral("deleteVaultButton"))->isEnabled());
    QVERIFY(replicationText(QStringLiteral("docs-dr")).contains(QStringLiteral("Standalone")));
    m_page->selectVault(QStringLiteral("docs-dr"));
    QVERIFY2(backupButton->isEnabled(), "a standalone vault is no longer a read-only target");
    QCOMPARE(m_page->pointModel()->rowCount(), 1); // the archived point's copy went
}

void TestReplicationUi::limitOfTargetsPerRegionFromTheMenu()
{
    Replication::ReplicationService service(m_workspace->open(), m_window->regionService(), m_window->vaultService());
    QCOMPARE(service.maxTargetsPerRegion(), Replication::ReplicationService::kDefaultTargetsPerRegion);
    auto* action = m_window->findChild<QAction*>(QStringLiteral("replicationSettingsAction"));
    QVERIFY(action);
    withDialog<ReplicationSettingsDialog>(
        [action] { action->trigger(); },
        [&](ReplicationSettingsDialog* dialog) {
            auto* spin = dialog->findChild<QSpinBox*>(QStringLiteral("maxTargetsSpin"));
            QCOMPARE(spin->value(), 5);
            QCOMPARE(spin->minimum(), 1);
            spin->setValue(2);
            if (const QString dir = qEnvironmentVariable("CROSSVAULT_LOOK_DIR"); !dir.isEmpty()) {
                QVERIFY(dialog->grab().save(dir + QStringLiteral("/replication-settings.png"), "PNG"));
            }
            clickOk(dialog);
        });
    QTRY_COMPARE(service.maxTargetsPerRegion(), 2);
}

QTEST_MAIN(TestReplicationUi)
#include "tst_replicationui.moc"
