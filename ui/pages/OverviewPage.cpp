#include "ui/pages/OverviewPage.h"

#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/catalog/Catalog.h"
#include "models/Continents.h"
#include "ui/AsyncTask.h"
#include "ui/widgets/PageHeader.h"

#include <QDir>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QLocale>
#include <QSet>
#include <QTimer>
#include <QVBoxLayout>

namespace {

QLabel* makeValueLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 2.0);
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

QLabel* makeDetailLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

OverviewPage::OverviewPage(Core::Workspace& workspace, Regions::RegionService& regions, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_regions(regions)
    , m_summaryTimer(new QTimer(this))
    , m_regionCount(makeValueLabel(this))
    , m_regionDetail(makeDetailLabel(this))
    , m_continentCount(makeValueLabel(this))
    , m_continentDetail(makeDetailLabel(this))
    , m_kindCount(makeValueLabel(this))
    , m_kindDetail(makeDetailLabel(this))
    , m_protectedValue(makeValueLabel(this))
    , m_protectedDetail(makeDetailLabel(this))
    , m_replicationValue(makeValueLabel(this))
    , m_replicationDetail(makeDetailLabel(this))
    , m_attentionValue(makeValueLabel(this))
    , m_attentionDetail(makeDetailLabel(this))
{
    setObjectName(QStringLiteral("overviewPage"));
    m_regionCount->setObjectName(QStringLiteral("overviewRegionCount"));

    auto* header = new PageHeader(
        tr("Overview"),
        tr("Crossvault keeps backups of your folders and databases in several regions, so that losing "
           "one place — a disk, an office, a data centre — loses nothing."),
        this);

    auto* cards = new QHBoxLayout;
    cards->setSpacing(14);
    cards->addWidget(makeCard(tr("Regions"), m_regionCount, m_regionDetail));
    cards->addWidget(makeCard(tr("Continents"), m_continentCount, m_continentDetail));
    cards->addWidget(makeCard(tr("Storage kinds"), m_kindCount, m_kindDetail));

    m_protectedValue->setObjectName(QStringLiteral("overviewProtected"));
    m_replicationValue->setObjectName(QStringLiteral("overviewReplication"));
    m_attentionValue->setObjectName(QStringLiteral("overviewAttention"));
    auto* dataCards = new QHBoxLayout;
    dataCards->setSpacing(14);
    dataCards->addWidget(makeCard(tr("Protected"), m_protectedValue, m_protectedDetail));
    dataCards->addWidget(makeCard(tr("Cross-region copies"), m_replicationValue, m_replicationDetail));
    dataCards->addWidget(makeCard(tr("Needs attention"), m_attentionValue, m_attentionDetail));

    auto* workspaceBox = new QGroupBox(tr("Workspace"), this);
    auto* workspaceLayout = new QGridLayout(workspaceBox);
    workspaceLayout->setColumnStretch(1, 1);
    workspaceLayout->setHorizontalSpacing(16);
    const auto addRow = [&](int row, const QString& label, const QString& value, const QString& objectName) {
        workspaceLayout->addWidget(new QLabel(label, workspaceBox), row, 0, Qt::AlignTop);
        auto* valueLabel = new QLabel(value, workspaceBox);
        valueLabel->setObjectName(objectName);
        valueLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
        valueLabel->setWordWrap(true);
        workspaceLayout->addWidget(valueLabel, row, 1);
    };
    addRow(0, tr("Folder:"), QDir::toNativeSeparators(workspace.path()), QStringLiteral("overviewWorkspacePath"));
    addRow(1, tr("Catalog:"), QDir::toNativeSeparators(workspace.filePath(QStringLiteral("catalog.sqlite"))),
           QStringLiteral("overviewCatalogPath"));
    addRow(2, tr("Command line:"),
           QStringLiteral("crossvault-cli --workspace \"%1\" region list").arg(QDir::toNativeSeparators(workspace.path())),
           QStringLiteral("overviewCliHint"));

    auto* nextBox = new QGroupBox(tr("What to do next"), this);
    auto* nextLayout = new QVBoxLayout(nextBox);
    nextLayout->setSpacing(10);
    m_nextSteps = new QLabel(nextBox);
    auto* steps = m_nextSteps;
    steps->setObjectName(QStringLiteral("overviewNextSteps"));
    steps->setWordWrap(true);
    steps->setTextFormat(Qt::RichText);
    nextLayout->addWidget(steps);
    auto* regionsButton = new QPushButton(QIcon(QStringLiteral(":/icons/regions.svg")), tr("Manage regions…"), nextBox);
    regionsButton->setObjectName(QStringLiteral("overviewRegionsButton"));
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(regionsButton);
    auto* vaultsButton = new QPushButton(QIcon(QStringLiteral(":/icons/vaults.svg")), tr("Open vaults…"), nextBox);
    vaultsButton->setObjectName(QStringLiteral("overviewVaultsButton"));
    buttonRow->addWidget(vaultsButton);
    connect(vaultsButton, &QPushButton::clicked, this, [this] { emit pageRequested(QStringLiteral("vaults")); });
    auto* costsButton = new QPushButton(QIcon(QStringLiteral(":/icons/costs.svg")), tr("Estimate costs…"), nextBox);
    costsButton->setObjectName(QStringLiteral("overviewCostsButton"));
    buttonRow->addWidget(costsButton);
    connect(costsButton, &QPushButton::clicked, this, [this] { emit pageRequested(QStringLiteral("costs")); });
    buttonRow->addStretch(1);
    nextLayout->addLayout(buttonRow);
    connect(regionsButton, &QPushButton::clicked, this, [this] { emit pageRequested(QStringLiteral("regions")); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(16);
    layout->addWidget(header);
    layout->addLayout(cards);
    layout->addLayout(dataCards);
    layout->addWidget(workspaceBox);
    layout->addWidget(nextBox);
    layout->addStretch(1);

    using Regions::RegionService;
    connect(&m_regions, &RegionService::regionAdded, this, &OverviewPage::refresh);
    connect(&m_regions, &RegionService::regionRemoved, this, &OverviewPage::refresh);
    connect(&m_regions, &RegionService::regionChanged, this, &OverviewPage::refresh);
    connect(&m_regions, &RegionService::reloaded, this, &OverviewPage::refresh);
    // Jobs run in this and other processes (the CLI, the agent): poll while visible.
    m_summaryTimer->setInterval(5000);
    connect(m_summaryTimer, &QTimer::timeout, this, &OverviewPage::refreshSummary);
    refresh();
    showSummary(Summary::WorkspaceSummary{});
}

void OverviewPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refreshSummary();
    m_summaryTimer->start();
}

void OverviewPage::hideEvent(QHideEvent* event)
{
    m_summaryTimer->stop();
    QWidget::hideEvent(event);
}

void OverviewPage::refreshSummary()
{
    if (m_summaryPending)
        return;
    m_summaryPending = true;
    Catalog::Catalog* catalog = &m_workspace.catalog();
    runThenCallback(
        this,
        [catalog] {
            auto summary = Summary::summarise(*catalog, QDateTime::currentDateTimeUtc());
            catalog->releaseThreadConnection();
            return summary;
        },
        [this](const Core::Result<Summary::WorkspaceSummary>& summary) {
            m_summaryPending = false;
            showSummary(summary);
        });
}

void OverviewPage::showSummary(const Core::Result<Summary::WorkspaceSummary>& result)
{
    if (!result) {
        m_attentionValue->setText(QStringLiteral("!"));
        m_attentionDetail->setText(result.error().message());
        return;
    }
    const Summary::WorkspaceSummary& s = result.value();
    const QLocale locale;
    m_protectedValue->setText(locale.formattedDataSize(s.logicalBytes, 1));
    m_protectedDetail->setText(s.vaults == 0 ? tr("No vault yet.")
                                             : tr("%n backup point(s); ", nullptr, s.points)
                                                   + tr("%1 stored in %n vault(s) after dedup and compression.", nullptr, s.vaults)
                                                         .arg(locale.formattedDataSize(s.storedBytes, 1)));
    m_replicationValue->setText(QString::number(s.activeReplications));
    m_replicationDetail->setText(s.activeReplications == 0
                                     ? tr("No vault replicates to another region yet.")
                                     : tr("Active replication(s) into %n target vault(s).", nullptr, s.targetVaults));
    const int problems = s.failedJobs + s.unexportedKeys;
    m_attentionValue->setText(QString::number(problems));
    QStringList attention;
    if (s.failedJobs > 0)
        attention << tr("%n job(s) failed in the last 24 hours.", nullptr, s.failedJobs);
    if (s.unexportedKeys > 0)
        attention << tr("%n vault(s) without an exported recovery key.", nullptr, s.unexportedKeys);
    if (s.runningJobs > 0)
        attention << tr("%n job(s) queued or running.", nullptr, s.runningJobs);
    m_attentionDetail->setText(attention.isEmpty() ? tr("Nothing: no failed jobs, every recovery key exported.")
                                                   : attention.join(QLatin1Char(' ')));

    // The next steps follow where the operator is, not a fixed tour.
    QStringList steps;
    if (s.vaults == 0)
        steps << tr("Create a vault in one of your regions on the Vaults page. Keep its recovery key somewhere safe.");
    else if (s.points == 0)
        steps << tr("Back up a folder or an SQLite database into your vault.");
    if (s.vaults > 0 && s.activeReplications == 0)
        steps << tr("Configure replication of a vault to a region on another continent, so a lost region loses nothing.");
    if (s.unexportedKeys > 0)
        steps << tr("Export the recovery key of every managed-key vault: without it, a copy in another region cannot be opened.");
    steps << tr("Add a region for every place that should hold a copy: another disk, a NAS mount or an S3 bucket.");
    steps << tr("Estimate what storage and cross-region transfer will cost on the Costs page before turning copies on.");
    QString html = QStringLiteral("<ol style=\"margin-left:14px;\">");
    for (const QString& step : steps)
        html += QStringLiteral("<li>") + step.toHtmlEscaped() + QStringLiteral("</li>");
    m_nextSteps->setText(html + QStringLiteral("</ol>"));
}

QWidget* OverviewPage::makeCard(const QString& title, QLabel* value, QLabel* detail)
{
    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("overviewCard"));
    card->setStyleSheet(QStringLiteral("QFrame#overviewCard { background: #ffffff; border: 1px solid #d5dbe3;"
                                       " border-radius: 6px; }"));
    auto* titleLabel = new QLabel(title, card);
    titleLabel->setForegroundRole(QPalette::PlaceholderText);
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(18, 14, 18, 14);
    layout->setSpacing(2);
    layout->addWidget(titleLabel);
    layout->addWidget(value);
    layout->addWidget(detail);
    layout->addStretch(1);
    return card;
}

void OverviewPage::refresh()
{
    const QList<Regions::Region>& regions = m_regions.regions();
    QSet<QString> continents;
    QStringList continentNames;
    int local = 0;
    int s3 = 0;
    for (const Regions::Region& region : regions) {
        if (!region.continent.isEmpty() && !continents.contains(region.continent)) {
            continents.insert(region.continent);
            continentNames.append(Continents::displayName(region.continent));
        }
        (region.kind == Regions::Region::kindS3() ? s3 : local) += 1;
    }
    m_regionCount->setText(QString::number(regions.size()));
    m_regionDetail->setText(regions.isEmpty() ? tr("Add a region to start.")
                                              : tr("Backups can be copied between any two of them."));
    m_continentCount->setText(QString::number(continents.size()));
    m_continentDetail->setText(continents.size() < 2
                                   ? tr("Add a region on another continent to survive a regional outage.")
                                   : continentNames.join(QStringLiteral(", ")));
    m_kindCount->setText(QString::number(int(local > 0) + int(s3 > 0)));
    m_kindDetail->setText(tr("Local folders: %1 · S3 buckets: %2").arg(local).arg(s3));
}
