#include "ui/pages/PageFactory.h"

#include "ui/pages/CostsPage.h"
#include "backend/core/Workspace.h"
#include "ui/pages/JobsPage.h"
#include "ui/pages/OverviewPage.h"
#include "ui/pages/RegionsPage.h"
#include "ui/pages/VaultsPage.h"

#include <QCoreApplication>

namespace {

struct PageInfo
{
    const char* name;
    const char* title;
    const char* planned;
};

constexpr PageInfo kPages[] = {
    {"overview", QT_TRANSLATE_NOOP("PageFactory", "Overview"), ""},
    {"regions", QT_TRANSLATE_NOOP("PageFactory", "Regions"), ""},
    {"vaults", QT_TRANSLATE_NOOP("PageFactory", "Vaults"),
     QT_TRANSLATE_NOOP("PageFactory",
                       "Vaults hold your backups inside a region: deduplicated, compressed and encrypted. "
                       "This page will list them with their region, encryption, size and restore points, and "
                       "create, import and delete them.")},
    {"backups", QT_TRANSLATE_NOOP("PageFactory", "Backups"),
     QT_TRANSLATE_NOOP("PageFactory",
                       "This page will back up a folder or an SQLite database into a vault, browse the restore "
                       "points of every vault, restore files from them and copy them to other regions.")},
    {"policies", QT_TRANSLATE_NOOP("PageFactory", "Policies"),
     QT_TRANSLATE_NOOP("PageFactory",
                       "Policies will run backups on a schedule (weekdays and a time window), keep restore points "
                       "for a retention period, and copy them to other regions automatically.")},
    {"jobs", QT_TRANSLATE_NOOP("PageFactory", "Jobs"),
     QT_TRANSLATE_NOOP("PageFactory",
                       "Backups, copies and checks run as jobs. This page will show running and finished jobs "
                       "with their progress, and cancel or retry them.")},
    {"costs", QT_TRANSLATE_NOOP("PageFactory", "Costs"),
     QT_TRANSLATE_NOOP("PageFactory",
                       "This page will estimate what storing and transferring your backups costs in each region, "
                       "from the regions' price sheets, before you create a copy.")},
    {"activity", QT_TRANSLATE_NOOP("PageFactory", "Activity"),
     QT_TRANSLATE_NOOP("PageFactory",
                       "The activity log will record what happened in this workspace: backups, copies, restores, "
                       "deletions and failures, with who or which policy started them.")},
};

const PageInfo* find(const QString& name)
{
    for (const PageInfo& page : kPages) {
        if (name == QLatin1String(page.name)) {
            return &page;
        }
    }
    return nullptr;
}

} // namespace

QStringList PageFactory::pageNames()
{
    QStringList names;
    for (const PageInfo& page : kPages) {
        names.append(QString::fromLatin1(page.name));
    }
    return names;
}

QString PageFactory::title(const QString& name)
{
    const PageInfo* page = find(name);
    return page ? QCoreApplication::translate("PageFactory", page->title) : name;
}

QIcon PageFactory::icon(const QString& name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QString PageFactory::plannedContent(const QString& name)
{
    const PageInfo* page = find(name);
    return page && *page->planned ? QCoreApplication::translate("PageFactory", page->planned) : QString();
}

QWidget* PageFactory::create(const QString& name, const ConsoleServices& services, QWidget* parent)
{
    if (name == QLatin1String("overview")) {
        return new OverviewPage(services.workspace, services.regions, parent);
    }
    if (name == QLatin1String("regions")) {
        return new RegionsPage(services.regions, parent);
    }
    if (name == QLatin1String("vaults") && services.vaults && services.jobs) {
        return new VaultsPage(services.workspace, services.regions, *services.vaults, *services.jobs, parent);
    }
    if (name == QLatin1String("jobs") && services.jobs) {
        return new JobsPage(services.workspace.catalog(), *services.jobs, parent);
    }
    if (name == QLatin1String("costs")) {
        return new CostsPage(services.workspace, parent);
    }
    return nullptr;
}
