#pragma once

#include <QIcon>
#include <QString>
#include <QStringList>

class QWidget;

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

// What pages get to work with. Add a member here when a page needs another backend service
// (the main window owns the services and fills this in).
struct ConsoleServices
{
    Core::Workspace& workspace;
    Regions::RegionService& regions;
    // Owned by the main window; null in windows built without them (pages then show placeholders).
    Vaults::VaultService* vaults = nullptr;
    Jobs::JobRunner* jobs = nullptr;
};

// The console's pages by name: the sidebar's order, titles, icons, and the one switch that
// builds a page. To plug a page in, add its case to create() — nothing else changes.
class PageFactory final
{
public:
    PageFactory() = delete;

    // overview, regions, vaults, backups, policies, jobs, costs, activity.
    static QStringList pageNames();
    static QString title(const QString& name);
    static QIcon icon(const QString& name);
    // For pages not built yet: what the page will do, shown on its placeholder.
    static QString plannedContent(const QString& name);

    // The page named name, or nullptr when it is not built yet (a placeholder is shown).
    static QWidget* create(const QString& name, const ConsoleServices& services, QWidget* parent);
};
