#include "ui/pages/OverviewPage.h"

#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "models/Continents.h"
#include "ui/widgets/PageHeader.h"

#include <QDir>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSet>
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
    , m_regions(regions)
    , m_regionCount(makeValueLabel(this))
    , m_regionDetail(makeDetailLabel(this))
    , m_continentCount(makeValueLabel(this))
    , m_continentDetail(makeDetailLabel(this))
    , m_kindCount(makeValueLabel(this))
    , m_kindDetail(makeDetailLabel(this))
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
    auto* steps = new QLabel(
        tr("<ol style=\"margin-left:14px;\">"
           "<li>Check your regions. A new workspace starts with two local folders standing in for two "
           "regions on different continents, so you can try backups and cross-region copies at once.</li>"
           "<li>Add a region for every place that should hold a copy: another disk, a NAS mount, and "
           "later an S3 bucket.</li>"
           "<li>Vaults, backups, policies, jobs, costs and activity get their own pages next; "
           "each of those pages says what it will do.</li>"
           "</ol>"),
        nextBox);
    steps->setObjectName(QStringLiteral("overviewNextSteps"));
    steps->setWordWrap(true);
    steps->setTextFormat(Qt::RichText);
    nextLayout->addWidget(steps);
    auto* regionsButton = new QPushButton(QIcon(QStringLiteral(":/icons/regions.svg")), tr("Manage regions…"), nextBox);
    regionsButton->setObjectName(QStringLiteral("overviewRegionsButton"));
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(regionsButton);
    buttonRow->addStretch(1);
    nextLayout->addLayout(buttonRow);
    connect(regionsButton, &QPushButton::clicked, this, [this] { emit pageRequested(QStringLiteral("regions")); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(16);
    layout->addWidget(header);
    layout->addLayout(cards);
    layout->addWidget(workspaceBox);
    layout->addWidget(nextBox);
    layout->addStretch(1);

    using Regions::RegionService;
    connect(&m_regions, &RegionService::regionAdded, this, &OverviewPage::refresh);
    connect(&m_regions, &RegionService::regionRemoved, this, &OverviewPage::refresh);
    connect(&m_regions, &RegionService::regionChanged, this, &OverviewPage::refresh);
    connect(&m_regions, &RegionService::reloaded, this, &OverviewPage::refresh);
    refresh();
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
