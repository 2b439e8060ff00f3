#include "ui/MainWindow.h"

#include "backend/core/Workspace.h"
#include "backend/jobs/JobRunner.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"
#include "ui/AsyncTask.h"
#include "ui/MessageBox.h"
#include "ui/Translator.h"
#include "ui/dialogs/ReplicationSettingsDialog.h"
#include "ui/pages/OverviewPage.h"
#include "ui/pages/PageFactory.h"
#include "ui/pages/PlaceholderPage.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace {

constexpr int kPageNameRole = Qt::UserRole;

} // namespace

MainWindow::MainWindow(Core::Workspace& workspace, QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(workspace)
    , m_settings(workspace.path())
    , m_regions(new Regions::RegionService(workspace, this))
    , m_vaults(new Vaults::VaultService(workspace, *m_regions, this))
    , m_jobs(new Jobs::JobRunner(workspace.catalog(), this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Crossvault — %1").arg(QDir::toNativeSeparators(workspace.path())));
    setWindowIcon(QIcon(QStringLiteral(":/icons/crossvault.svg")));

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    createSidebar();
    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    layout->addWidget(m_sidebar);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    createPages();
    createMenus();
    createStatusBar();

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (QListWidgetItem* item = m_navigation->item(row)) {
            m_pages->setCurrentWidget(page(item->data(kPageNameRole).toString()));
        }
    });
    using Regions::RegionService;
    connect(m_regions, &RegionService::regionAdded, this, &MainWindow::updateStatus);
    connect(m_regions, &RegionService::regionRemoved, this, &MainWindow::updateStatus);
    connect(m_regions, &RegionService::reloaded, this, &MainWindow::updateStatus);
    updateStatus();

    resize(1200, 760);
    if (const QByteArray geometry = m_settings.windowGeometry(); !geometry.isEmpty()) {
        restoreGeometry(geometry);
    }
    showPage(QStringLiteral("overview"));
}

MainWindow::~MainWindow() = default;

QStringList MainWindow::pageNames()
{
    return PageFactory::pageNames();
}

void MainWindow::createSidebar()
{
    m_sidebar = new QWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setAttribute(Qt::WA_StyledBackground, true);
    m_sidebar->setFixedWidth(220);
    m_sidebar->setStyleSheet(QStringLiteral(
        "QWidget#sidebar { background: #f3f5f8; border-right: 1px solid #d9dee5; }"
        "QListWidget#navigation { background: transparent; border: none; outline: 0; }"
        "QListWidget#navigation::item { padding: 7px 10px; margin: 1px 10px; border-radius: 5px; color: #1f2933; }"
        "QListWidget#navigation::item:hover:!selected { background: #e6eaf0; }"
        "QListWidget#navigation::item:selected { background: #d8e6f8; color: #0b4f9c; }"));

    auto* brandIcon = new QLabel(m_sidebar);
    brandIcon->setPixmap(QIcon(QStringLiteral(":/icons/crossvault.svg")).pixmap(28, 28));
    auto* brandName = new QLabel(QStringLiteral("Crossvault"), m_sidebar);
    QFont brandFont = brandName->font();
    brandFont.setPointSizeF(brandFont.pointSizeF() * 1.3);
    brandFont.setWeight(QFont::DemiBold);
    brandName->setFont(brandFont);
    auto* brand = new QHBoxLayout;
    brand->setContentsMargins(18, 18, 18, 14);
    brand->setSpacing(10);
    brand->addWidget(brandIcon);
    brand->addWidget(brandName, 1);

    m_navigation = new QListWidget(m_sidebar);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setAccessibleName(tr("Pages"));
    const QStringList names = PageFactory::pageNames();
    for (const QString& name : names) {
        auto* item = new QListWidgetItem(PageFactory::icon(name), PageFactory::title(name), m_navigation);
        item->setData(kPageNameRole, name);
        item->setSizeHint(QSize(0, 38));
    }

    auto* version = new QLabel(tr("Version %1").arg(QStringLiteral(CROSSVAULT_VERSION)), m_sidebar);
    version->setForegroundRole(QPalette::PlaceholderText);
    version->setContentsMargins(18, 8, 18, 14);

    auto* layout = new QVBoxLayout(m_sidebar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(brand);
    layout->addWidget(m_navigation, 1);
    layout->addWidget(version);
}

void MainWindow::createPages()
{
    const ConsoleServices services {m_workspace, *m_regions, m_vaults, m_jobs};
    const QStringList names = PageFactory::pageNames();
    for (const QString& name : names) {
        QWidget* created = PageFactory::create(name, services, m_pages);
        if (!created) {
            created = new PlaceholderPage(PageFactory::title(name), PageFactory::plannedContent(name),
                                          PageFactory::icon(name), m_pages);
        }
        registerPage(name, created);
    }
}

void MainWindow::registerPage(const QString& name, QWidget* newPage)
{
    if (!newPage) {
        return;
    }
    newPage->setProperty("pageName", name);
    QWidget* old = m_pageByName.value(name);
    const bool wasCurrent = old && m_pages->currentWidget() == old;
    m_pages->addWidget(newPage);
    m_pageByName.insert(name, newPage);
    if (wasCurrent) {
        m_pages->setCurrentWidget(newPage);
    }
    if (old) {
        m_pages->removeWidget(old);
        old->deleteLater();
    }
    if (auto* overview = qobject_cast<OverviewPage*>(newPage)) {
        connect(overview, &OverviewPage::pageRequested, this, &MainWindow::showPage);
    }
}

QWidget* MainWindow::page(const QString& name) const
{
    return m_pageByName.value(name);
}

bool MainWindow::showPage(const QString& name)
{
    QWidget* target = page(name);
    if (!target) {
        return false;
    }
    for (int row = 0; row < m_navigation->count(); ++row) {
        if (m_navigation->item(row)->data(kPageNameRole).toString() == name) {
            m_navigation->setCurrentRow(row);
        }
    }
    m_pages->setCurrentWidget(target);
    return true;
}

QString MainWindow::currentPageName() const
{
    QWidget* current = m_pages->currentWidget();
    return current ? current->property("pageName").toString() : QString();
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QStringList names = PageFactory::pageNames();
    for (int i = 0; i < names.size(); ++i) {
        const QString name = names.at(i);
        QAction* action = view->addAction(PageFactory::icon(name), PageFactory::title(name), this,
                                          [this, name] { showPage(name); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction* reload
        = view->addAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Reload from catalog"), this, [this] {
              m_regions->reload();
              m_vaults->reload();
          });
    reload->setShortcut(QKeySequence::Refresh);
    reload->setToolTip(tr("Re-read the workspace's catalog, e.g. after crossvault-cli changed it"));

    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    settings->addAction(tr("&Replication…"), this, &MainWindow::editReplicationSettings)
        ->setObjectName(QStringLiteral("replicationSettingsAction"));

    QMenu* language = menuBar()->addMenu(tr("&Language"));
    auto* group = new QActionGroup(language);
    group->setExclusive(true);
    const QString chosen = m_settings.language();
    QAction* system = language->addAction(tr("System default"), this, [this] { chooseLanguage({}); });
    system->setCheckable(true);
    system->setChecked(chosen.isEmpty());
    group->addAction(system);
    language->addSeparator();
    const QList<Translator::Language> languages = Translator::languages();
    for (const Translator::Language& lang : languages) {
        const QString code = lang.code;
        QAction* action = language->addAction(lang.nativeName, this, [this, code] { chooseLanguage(code); });
        action->setCheckable(true);
        action->setChecked(chosen == code);
        action->setData(code);
        group->addAction(action);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Crossvault"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction* aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar()
{
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("statusWorkspace"));
    m_workspaceLabel->setText(tr("Workspace: %1").arg(QDir::toNativeSeparators(m_workspace.path())));
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_regionCountLabel = new QLabel(this);
    m_regionCountLabel->setObjectName(QStringLiteral("statusRegionCount"));
    m_workspaceLabel->setContentsMargins(8, 0, 8, 0);
    m_regionCountLabel->setContentsMargins(8, 0, 8, 0);
    statusBar()->addWidget(m_workspaceLabel, 1);
    statusBar()->addPermanentWidget(m_regionCountLabel);
}

void MainWindow::updateStatus()
{
    m_regionCountLabel->setText(tr("Regions: %1").arg(m_regions->regions().size()));
}

void MainWindow::chooseLanguage(const QString& code)
{
    if (code == m_settings.language()) {
        return;
    }
    m_settings.setLanguage(code);
    m_settings.sync();
    // Pages of other engineers build their texts once; a restart retranslates all of them reliably.
    MessageBox::information(this, tr("Language"), tr("The language changes the next time Crossvault starts."));
}

void MainWindow::editReplicationSettings()
{
    const int current = Replication::ReplicationService(m_workspace, *m_regions, *m_vaults).maxTargetsPerRegion();
    ReplicationSettingsDialog dialog(current, this);
    if (dialog.exec() != QDialog::Accepted || dialog.maxTargetsPerRegion() == current) {
        return;
    }
    Core::Workspace* workspace = &m_workspace;
    const int limit = dialog.maxTargetsPerRegion();
    runThenCallback(
        this,
        [workspace, limit]() {
            Regions::RegionService regions(*workspace);
            Vaults::VaultService vaults(*workspace, regions);
            return Replication::ReplicationService(*workspace, regions, vaults).setMaxTargetsPerRegion(limit);
        },
        [this, limit](const Core::Status& saved) {
            if (!saved) {
                MessageBox::warning(this, tr("Replication settings"), tr("The limit was not changed."),
                                    saved.error().message());
                return;
            }
            statusBar()->showMessage(tr("At most %n replication target(s) per region from now on.", nullptr, limit),
                                     8000);
        });
}

void MainWindow::showAbout()
{
    MessageBox::information(this, tr("About Crossvault"), tr("Crossvault %1").arg(QStringLiteral(CROSSVAULT_VERSION)),
                            tr("A console for cross-region backup: deduplicated, encrypted vaults in several regions, "
                               "with copies between them.\n\nWorkspace: %1\nQt %2")
                                .arg(QDir::toNativeSeparators(m_workspace.path()), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.sync();
    QMainWindow::closeEvent(event);
}
