#pragma once

#include "backend/summary/WorkspaceSummary.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace Core {
class Workspace;
}
namespace Regions {
class RegionService;
}

// An honest summary of the workspace: how much is protected and stored, whether copies keep
// up, what needs attention, where the workspace lives, and what to do next. The numbers are
// read from the catalog on a worker while the page is visible.
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    OverviewPage(Core::Workspace& workspace, Regions::RegionService& regions, QWidget* parent = nullptr);

signals:
    // Asks the main window to show a page by its name ("regions").
    void pageRequested(const QString& name);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* makeCard(const QString& title, QLabel* value, QLabel* detail);
    void refresh();
    void refreshSummary();
    void showSummary(const Core::Result<Summary::WorkspaceSummary>& summary);

    Core::Workspace& m_workspace;
    Regions::RegionService& m_regions;
    QTimer* m_summaryTimer = nullptr;
    bool m_summaryPending = false;
    QLabel* m_regionCount = nullptr;
    QLabel* m_regionDetail = nullptr;
    QLabel* m_continentCount = nullptr;
    QLabel* m_continentDetail = nullptr;
    QLabel* m_kindCount = nullptr;
    QLabel* m_kindDetail = nullptr;
    QLabel* m_protectedValue = nullptr;
    QLabel* m_protectedDetail = nullptr;
    QLabel* m_replicationValue = nullptr;
    QLabel* m_replicationDetail = nullptr;
    QLabel* m_attentionValue = nullptr;
    QLabel* m_attentionDetail = nullptr;
    QLabel* m_nextSteps = nullptr;
};
