#pragma once

#include "backend/regions/Region.h"

#include <QWidget>

#include <optional>

class MessageWidget;
class QLineEdit;
class QPushButton;
class QTableView;
class RegionModel;
class RegionSortFilterModel;

namespace Regions {
class RegionService;
}

// Lists the workspace's regions (RegionModel through a sort/filter proxy) and adds, edits,
// removes and tests them. Results and refusals show in the page's message strip.
class RegionsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionsPage)

public:
    explicit RegionsPage(Regions::RegionService& service, QWidget* parent = nullptr);

    RegionModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    MessageWidget* messageWidget() const { return m_message; }
    // Selects the region's row (no-op when it is filtered out or unknown).
    void selectRegion(const QString& name);

    void addRegion();
    void editRegion();
    void removeRegion();
    void testRegion();

private:
    std::optional<Regions::Region> selectedRegion() const;
    void updateActions();

    Regions::RegionService& m_service;
    RegionModel* m_model = nullptr;
    RegionSortFilterModel* m_proxy = nullptr;
    MessageWidget* m_message = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableView* m_view = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_editButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_testButton = nullptr;
};
