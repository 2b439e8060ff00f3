#pragma once

#include "backend/cost/Estimate.h"
#include "backend/cost/PriceCatalog.h"

#include <QWidget>

class CostBreakdownModel;
class MessageWidget;
class ProjectionChart;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace Core {
class Workspace;
}

// The cost calculator: inputs on the left (size with units, change rate, dedup ratio,
// frequency, retention, source region, copy regions each with its retention), the
// breakdown per region on the right (CostBreakdownModel) above a stacked 12-month
// projection chart; recomputes as inputs change; exports CSV and PNG. A second tab lists
// month-to-date actual costs per vault and region.
class CostsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostsPage)

public:
    explicit CostsPage(Core::Workspace& workspace, QWidget* parent = nullptr);

    // Adds a copy-region row (sheet empty: the first sheet not used yet).
    void addCopyRegion(const QString& sheet = {}, int retentionDays = 30);
    void removeCopyRegion(int row);
    int copyRegionCount() const;

    // Re-reads the price sheets (after the price dialog) and recomputes.
    void reloadPrices();
    void recompute();
    void refreshActuals();

    bool exportCsv(const QString& path);
    bool exportPng(const QString& path);

    CostBreakdownModel* breakdownModel() const { return m_breakdown; }
    ProjectionChart* chart() const { return m_chart; }
    QStandardItemModel* actualModel() const { return m_actualModel; }
    MessageWidget* messageWidget() const { return m_message; }
    const Cost::PriceCatalog& catalog() const { return m_catalog; }

private:
    QWidget* createEstimateTab();
    QWidget* createActualTab();
    void fillSheetCombo(QComboBox* combo, const QString& selected) const;
    std::optional<Cost::EstimateInput> readInput();
    void chooseCsv();
    void choosePng();
    void editPrices();

    Core::Workspace& m_workspace;
    Cost::PriceCatalog m_catalog;
    QTabWidget* m_tabs = nullptr;
    MessageWidget* m_message = nullptr;
    QDoubleSpinBox* m_size = nullptr;
    QComboBox* m_sizeUnit = nullptr;
    QDoubleSpinBox* m_changeRate = nullptr;
    QDoubleSpinBox* m_ratio = nullptr;
    QComboBox* m_frequency = nullptr;
    QSpinBox* m_retention = nullptr;
    QSpinBox* m_months = nullptr;
    QComboBox* m_source = nullptr;
    QCheckBox* m_includeSource = nullptr;
    QTableWidget* m_copies = nullptr;
    QPushButton* m_addCopy = nullptr;
    QPushButton* m_removeCopy = nullptr;
    CostBreakdownModel* m_breakdown = nullptr;
    QTableView* m_breakdownView = nullptr;
    ProjectionChart* m_chart = nullptr;
    QLabel* m_steadyLabel = nullptr;
    QStandardItemModel* m_actualModel = nullptr;
    QLabel* m_actualSummary = nullptr;
    bool m_building = false;
};
