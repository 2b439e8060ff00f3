#include "ui/pages/JobsPage.h"

#include "backend/jobs/JobRunner.h"
#include "models/JobModel.h"
#include "ui/widgets/MessageWidget.h"
#include "ui/widgets/PageHeader.h"
#include "ui/widgets/ProgressDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

JobsPage::JobsPage(Catalog::Catalog& catalog, Jobs::JobRunner& runner, QWidget* parent)
    : QWidget(parent)
    , m_runner(runner)
    , m_model(new JobModel(catalog, &runner, this))
    , m_message(new MessageWidget(this))
    , m_view(new QTableView(this))
    , m_cancelButton(new QPushButton(QIcon(QStringLiteral(":/icons/remove.svg")), tr("&Cancel job"), this))
    , m_refreshButton(new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("Re&fresh"), this))
{
    setObjectName(QStringLiteral("jobsPage"));
    m_message->setObjectName(QStringLiteral("jobsMessage"));
    m_cancelButton->setObjectName(QStringLiteral("cancelJobButton"));
    m_cancelButton->setToolTip(tr("Stop the selected queued or running job"));
    m_refreshButton->setObjectName(QStringLiteral("refreshJobsButton"));
    m_refreshButton->setToolTip(tr("Re-read the jobs from the catalog, including those of crossvault-cli"));

    auto* header = new PageHeader(
        tr("Jobs"),
        tr("Backups, restores and checks run as jobs: one at a time per vault, different vaults in parallel. "
           "Progress updates live; a cancelled job stops at its next step and leaves no half-made point."),
        this);

    auto* toolbar = new QHBoxLayout;
    toolbar->addStretch(1);
    toolbar->addWidget(m_refreshButton);
    toolbar->addWidget(m_cancelButton);

    m_view->setObjectName(QStringLiteral("jobsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ProgressDelegate(JobModel::ProgressColumn, JobModel::ProgressFractionRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 16);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // The Type column already says which job a chained one follows ("↳ Copy after #3").
    m_view->setColumnHidden(JobModel::ParentColumn, true);
    const QFontMetrics metrics = m_view->fontMetrics();
    m_view->setColumnWidth(JobModel::IdColumn, 40);
    m_view->setColumnWidth(JobModel::TypeColumn, metrics.horizontalAdvance(QStringLiteral("↳ Copy after #999")) + 12);
    m_view->setColumnWidth(JobModel::VaultColumn, 90);
    m_view->setColumnWidth(JobModel::StateColumn, 85);
    m_view->setColumnWidth(JobModel::ProgressColumn, 120);
    m_view->setColumnWidth(JobModel::StartedColumn, metrics.horizontalAdvance(QStringLiteral("2026-11-30 21:30")) + 12);
    m_view->setColumnWidth(JobModel::DurationColumn, 64);
    m_view->setColumnWidth(JobModel::RateColumn, 76);
    m_view->setColumnWidth(JobModel::EtaColumn, 64);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(12);
    layout->addWidget(header);
    layout->addWidget(m_message);
    layout->addLayout(toolbar);
    layout->addWidget(m_view, 1);

    connect(m_cancelButton, &QPushButton::clicked, this, &JobsPage::cancelSelected);
    connect(m_refreshButton, &QPushButton::clicked, this, &JobsPage::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &JobsPage::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &JobsPage::updateActions);
    updateActions();
}

void JobsPage::updateActions()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    m_cancelButton->setEnabled(!rows.isEmpty() && rows.first().data(JobModel::ActiveRole).toBool());
}

void JobsPage::refresh()
{
    m_model->refresh();
}

void JobsPage::cancelSelected()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        return;
    }
    const qint64 id = rows.first().data(JobModel::JobIdRole).toLongLong();
    if (const Core::Status cancelled = m_runner.cancel(id); !cancelled) {
        m_message->showMessage(tr("Job %1 was not cancelled: %2").arg(id).arg(cancelled.error().message()),
                               MessageWidget::Type::Error);
        return;
    }
    m_message->showMessage(tr("Job %1 is being cancelled; it stops at its next step.").arg(id),
                           MessageWidget::Type::Information);
}
