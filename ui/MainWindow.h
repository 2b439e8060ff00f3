#pragma once

#include "ui/ConsoleSettings.h"

#include <QHash>
#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace Core {
class Workspace;
}
namespace Jobs {
class JobRunner;
}
namespace Regions {
class RegionService;
}
namespace Vaults {
class VaultService;
}

// The console: a navigation sidebar, one page per sidebar entry in a stack, a status bar
// (workspace, region count) and the menus. Pages are created by name through PageFactory;
// a page not built yet shows a PlaceholderPage.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Core::Workspace& workspace, QWidget* parent = nullptr);
    ~MainWindow() override;

    static QStringList pageNames();

    // Shows the page; false for an unknown name.
    bool showPage(const QString& name);
    QString currentPageName() const;
    QWidget* page(const QString& name) const;
    // Puts page (owned by the window from now on) in place of the page called name.
    void registerPage(const QString& name, QWidget* page);

    Regions::RegionService& regionService() { return *m_regions; }
    Vaults::VaultService& vaultService() { return *m_vaults; }
    Jobs::JobRunner& jobRunner() { return *m_jobs; }
    // Settings > Replication…: the per-region limit of targets, written on a worker.
    void editReplicationSettings();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createSidebar();
    void createPages();
    void createMenus();
    void createStatusBar();
    void updateStatus();
    void chooseLanguage(const QString& code);
    void showAbout();

    Core::Workspace& m_workspace;
    ConsoleSettings m_settings;
    Regions::RegionService* m_regions = nullptr;
    Vaults::VaultService* m_vaults = nullptr;
    Jobs::JobRunner* m_jobs = nullptr;
    QWidget* m_sidebar = nullptr;
    QListWidget* m_navigation = nullptr;
    QStackedWidget* m_pages = nullptr;
    QHash<QString, QWidget*> m_pageByName;
    QLabel* m_workspaceLabel = nullptr;
    QLabel* m_regionCountLabel = nullptr;
};
