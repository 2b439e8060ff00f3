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
    estimate(sourceVault, points, QList<Destination> {{targetVault, targetRegion}}, key);
}

void CopyPreviewLabel::estimate(const QString& sourceVault, const QStringList& points,
                                const QList<Destination>& destinations, const Backup::KeySource& key)
{
    const quint64 generation = ++m_generation;
    m_ready = false;
    setText(tr("Estimating what the copy would move…"));
    Core::Workspace* workspace = &m_workspace;
    const int count = int(points.size());
    runThenCallback(
        this,
        [workspace, sourceVault, points, destinations, key]() {
            QList<Core::Result<Replication::CopyEstimate>> estimates;
            Replication::CopyPreview preview(*workspace);
            for (const Destination& d : destinations) {
                estimates << preview.estimate(sourceVault, points, d.vault, d.region, key);
            }
            return estimates;
        },
        [this, generation, count, destinations](const QList<Core::Result<Replication::CopyEstimate>>& estimates) {
            if (generation != m_generation) {
                return; // the operator changed the choice meanwhile
            }
            m_ready = true;
            QStringList lines;
            for (qsizetype i = 0; i < estimates.size(); ++i) {
                const QString line = describe(estimates.at(i), count);
                lines << (estimates.size() == 1 ? line : tr("%1: %2").arg(destinations.at(i).region, line));
            }
            setText(lines.join(QLatin1Char('\n')));
            emit ready();
        });
}

QString CopyPreviewLabel::describe(const Core::Result<Replication::CopyEstimate>& estimate, int count)
{
    if (!estimate) {
        return tr("Could not estimate the copy: %1").arg(estimate.error().message());
    }
    const Replication::CopyEstimate& e = estimate.value();
    QString text = count == 0
        ? tr("There is no point to copy yet; later points are copied after each backup.")
        : tr("%n point(s): %1 would move (%2 already there after dedup); the target grows by %3.", nullptr, count)
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
    return text;
}
