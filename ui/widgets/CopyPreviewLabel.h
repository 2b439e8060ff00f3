#pragma once

#include "backend/core/Result.h"
#include "backend/replication/CopyPreview.h"
#include "backend/vault/KeySource.h"

#include <QLabel>
#include <QList>
#include <QStringList>

namespace Core {
class Workspace;
}

// Says what a copy would move before the operator confirms: the bytes that cross after
// dedup, the target's growth and the price from the regions' price sheets (or that there is
// none). The estimate lists both vaults, so it runs on a worker; a newer request makes an
// older answer stale, and it is dropped.
class CopyPreviewLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CopyPreviewLabel)

public:
    explicit CopyPreviewLabel(Core::Workspace& workspace, QWidget* parent = nullptr);

    struct Destination
    {
        QString vault; // may not exist yet
        QString region;
    };

    // points: what would be copied from sourceVault into targetVault (which may not exist yet).
    void estimate(const QString& sourceVault, const QStringList& points, const QString& targetVault,
                  const QString& targetRegion, const Backup::KeySource& key = {});
    // The same for copies into several regions: a line for each.
    void estimate(const QString& sourceVault, const QStringList& points, const QList<Destination>& destinations,
                  const Backup::KeySource& key = {});
    void clearEstimate(const QString& why = {});
    // True once the latest request's answer is shown.
    bool isReady() const { return m_ready; }

signals:
    void ready();

private:
    static QString describe(const Core::Result<Replication::CopyEstimate>& estimate, int points);

    Core::Workspace& m_workspace;
    quint64 m_generation = 0;
    bool m_ready = false;
};
