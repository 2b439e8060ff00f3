#pragma once

#include <QWidget>

class QLabel;

namespace Core {
class Workspace;
}
namespace Regions {
class RegionService;
}

// An honest summary of the workspace: how many regions on how many continents, where the
// workspace lives, and what to do next.
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    OverviewPage(Core::Workspace& workspace, Regions::RegionService& regions, QWidget* parent = nullptr);

signals:
    // Asks the main window to show a page by its name ("regions").
    void pageRequested(const QString& name);

private:
    QWidget* makeCard(const QString& title, QLabel* value, QLabel* detail);
    void refresh();

    Regions::RegionService& m_regions;
    QLabel* m_regionCount = nullptr;
    QLabel* m_regionDetail = nullptr;
    QLabel* m_continentCount = nullptr;
    QLabel* m_continentDetail = nullptr;
    QLabel* m_kindCount = nullptr;
    QLabel* m_kindDetail = nullptr;
};
