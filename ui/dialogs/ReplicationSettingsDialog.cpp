#include "ui/dialogs/ReplicationSettingsDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

ReplicationSettingsDialog::ReplicationSettingsDialog(int maxTargetsPerRegion, QWidget* parent)
    : QDialog(parent)
    , m_limit(new QSpinBox(this))
{
    setObjectName(QStringLiteral("replicationSettingsDialog"));
    setWindowTitle(tr("Replication settings"));
    m_limit->setObjectName(QStringLiteral("maxTargetsSpin"));
    m_limit->setRange(1, 1000);
    m_limit->setValue(maxTargetsPerRegion);

    auto* intro = new QLabel(tr("Each source vault replicates to at most one target per region; several sources may "
                                "replicate into the same region. This limit caps how many replication targets one "
                                "region holds in this workspace (5 by default). Lowering it refuses new targets only: "
                                "existing replication continues."),
                             this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Replication &targets per region:"), m_limit);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

ReplicationSettingsDialog::~ReplicationSettingsDialog() = default;

int ReplicationSettingsDialog::maxTargetsPerRegion() const
{
    return m_limit->value();
}
