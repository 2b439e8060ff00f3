#include "ui/widgets/ProjectionChart.h"

#include "backend/cost/Money.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QPixmap>
#include <QStackedBarSeries>
#include <QValueAxis>
#include <QVBoxLayout>

ProjectionChart::ProjectionChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_series(new QStackedBarSeries)
    , m_hover(new QLabel(this))
{
    m_chart->addSeries(m_series);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setTitle(tr("Projection, month by month"));
    m_view = new QChartView(m_chart, this); // takes ownership of the chart
    m_view->setObjectName(QStringLiteral("projectionChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(260);
    m_hover->setObjectName(QStringLiteral("projectionHover"));
    m_hover->setText(tr("Point at a bar to see its value."));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_hover);
}

void ProjectionChart::clear()
{
    m_series->clear();
    for (QAbstractAxis* axis : m_chart->axes())
        m_chart->removeAxis(axis);
}

void ProjectionChart::setEstimate(const Cost::Estimate& estimate)
{
    clear();
    m_currency = estimate.currency;
    m_hover->setText(tr("Point at a bar to see its value."));
    int months = 0;
    double highest = 0;
    QList<double> stackHeights;
    for (const Cost::RegionEstimate& r : estimate.regions) {
        auto* storage = new QBarSet(tr("%1 storage").arg(r.region));
        auto* transfer = new QBarSet(tr("%1 transfer").arg(r.region));
        months = std::max(months, int(r.projection.size()));
        stackHeights.resize(months);
        for (qsizetype m = 0; m < r.projection.size(); ++m) {
            // Display only: the chart wants doubles; the figures themselves stay exact.
            const double s = double(r.projection.at(m).storage) / Cost::Money::microsPerUnit;
            const double t = double(r.projection.at(m).transfer) / Cost::Money::microsPerUnit;
            *storage << s;
            *transfer << t;
            stackHeights[m] += s + t;
        }
        m_series->append(storage);
        m_series->append(transfer);
    }
    for (double h : std::as_const(stackHeights))
        highest = std::max(highest, h);
    const auto sets = m_series->barSets();
    for (int i = 0; i < sets.size(); ++i) {
        connect(sets.at(i), &QBarSet::hovered, this, [this, i](bool status, int index) {
            if (status)
                showHover(i, index);
        });
    }
    auto* axisX = new QBarCategoryAxis;
    QStringList categories;
    for (int m = 1; m <= months; ++m)
        categories << QString::number(m);
    axisX->append(categories);
    axisX->setTitleText(tr("Month"));
    auto* axisY = new QValueAxis;
    axisY->setRange(0, highest > 0 ? highest * 1.1 : 1.0);
    axisY->applyNiceNumbers();
    axisY->setLabelFormat(QStringLiteral("%.2f"));
    axisY->setTitleText(m_currency);
    m_chart->addAxis(axisX, Qt::AlignBottom);
    m_chart->addAxis(axisY, Qt::AlignLeft);
    m_series->attachAxis(axisX);
    m_series->attachAxis(axisY);
}

void ProjectionChart::showHover(int setIndex, int month)
{
    const auto sets = m_series->barSets();
    if (setIndex < 0 || setIndex >= sets.size() || month < 0 || month >= sets.at(setIndex)->count())
        return;
    const qint64 micros = qRound64(sets.at(setIndex)->at(month) * Cost::Money::microsPerUnit);
    m_hover->setText(tr("%1, month %2: %3")
                         .arg(sets.at(setIndex)->label())
                         .arg(month + 1)
                         .arg(Cost::Money::formatWithCurrency(micros, m_currency)));
}

QString ProjectionChart::hoverText() const
{
    return m_hover->text();
}

bool ProjectionChart::savePng(const QString& path) const
{
    return m_view->grab().save(path, "PNG");
}
