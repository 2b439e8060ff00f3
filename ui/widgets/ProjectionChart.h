#pragma once

#include "backend/cost/Estimate.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QStackedBarSeries;

// The month-by-month projection of an estimate as stacked bars: for every region one set
// for storage and one for transfer. Hovering a bar shows its value below the chart.
class ProjectionChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProjectionChart)

public:
    explicit ProjectionChart(QWidget* parent = nullptr);

    void setEstimate(const Cost::Estimate& estimate);
    void clear();

    QStackedBarSeries* series() const { return m_series; }
    QChartView* chartView() const { return m_view; }
    // The text shown for the bar under the mouse ("gcp/us-east4 storage, month 3: $0.40").
    QString hoverText() const;
    // What hovering set setIndex at month index would show (also used by the hover signal).
    void showHover(int setIndex, int month);
    bool savePng(const QString& path) const;

private:
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QStackedBarSeries* m_series = nullptr;
    QLabel* m_hover = nullptr;
    QString m_currency;
};
