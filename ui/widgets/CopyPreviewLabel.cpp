#include "ui/widgets/CopyPreviewLabel.h"

#include "backend/core/Units.h"
#include "backend/cost/Money.h"
#include "backend/replication/CopyPreview.h"
#include "ui/AsyncTask.h"

CopyPreviewLabel::CopyPreviewLabel(Core::Workspace& workspace, QWidget* parent)
    : QLabel(parent)
    , m_workspace(workspace)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void CopyPreviewLabel::clearEstimate(const QString& why)
{
    ++m_generation;
    m_ready = false;
    setText(why);
}

void CopyPreviewLabel::estimate(const QString& sourceVault, const QStringList& points, const QString& targetVault,
                                const QString& targetRegion, const Backup::KeySource& key)
{
    const quint64 generation = ++m_generation;
    m_ready = false;
    setText(tr("Estimating what the copy would move…"));
    Core::Workspace* workspace = &m_workspace;
    const int count = int(points.size());
    runThenCallback(
        this,
        [workspace, sourceVault, points, targetVault, targetRegion, key]() {
            return Replication::CopyPreview(*workspace).estimate(sourceVault, points, targetVault, targetRegion, key);
        },
        [this, generation, count](const Core::Result<Replication::CopyEstimate>& estimate) {
            if (generation != m_generation) {
                return; // the operator changed the choice meanwhile
            }
            m_ready = true;
            if (!estimate) {
                setText(tr("Could not estimate the copy: %1").arg(estimate.error().message()));
                emit ready();
                return;
            }
            const Replication::CopyEstimate& e = estimate.value();
            QString text = count == 0
                ? tr("There is no point to copy yet; later points are copied after each backup.")
                : tr("%n point(s): %1 would move (%2 already there after dedup); the target grows by %3.", nullptr,
                     count)
                      .arg(Core::formatBytes(e.bytesToMove), Core::formatBytes(e.bytesAlreadyThere),
                           Core::formatBytes(e.targetGrowth));
            if (e.price) {
                text += QLatin1Char(' ')
                    + tr("Price: transfer %1 %2, storage %3 %2 per month.")
                          .arg(Cost::Money::toDecimal(e.price->transfer), e.price->currency,
                               Cost::Money::toDecimal(e.price->storagePerMonth));
                if (!e.priceNote.isEmpty()) {
                    text += QLatin1Char(' ') + e.priceNote;
                }
            } else {
                text += QLatin1Char(' ') + tr("Price: %1.").arg(e.priceNote);
            }
            if (!e.exact) {
                text += QLatin1Char(' ')
                    + tr("This is an upper bound: enter the passphrase to count only what the point(s) use.");
            }
            setText(text);
            emit ready();
        });
}
