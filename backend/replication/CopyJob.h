#pragma once

#include "backend/jobs/Job.h"
#include "backend/vaults/VaultAccess.h"

#include <QDateTime>
#include <QStringList>

namespace Catalog {
class Catalog;
}

namespace Replication {

// How copied points are recorded in the target.
struct ReplicaOptions
{
    bool manual = false; // a `copy` by the operator: kept until deleted unless expireDays is set
    QString name; // manual copies: the replica's name (may be empty)
    QString description;
    int expireDays = 0; // > 0: expires that many days after the copy; 0: manual copies are kept, replication inherits
                        // the source's expiry
};

// Whether a copy of points should open the source vault to send only what those points use:
// true when the source holds other points too (the catalog says), false when every point goes
// (then everything the target lacks is needed anyway, and opening costs a key derivation).
bool selectionPays(Catalog::Catalog& catalog, const QString& sourceVault, const QStringList& points);

// Copies points of a vault into its replica in another region (VaultCopier: stored bytes,
// only what the target lacks, verified, point objects last) and records them in the
// target's catalog as origin "replica". Jobs into the same target run one at a time.
// Chained after a backup job with no points given, it copies the backup's new point.
// Result: {"source","target","region","points":[…],"objectsSent","bytesSent","bytesSkipped","seconds"}
class CopyJob final : public Jobs::Job
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CopyJob)

public:
    CopyJob(Catalog::Catalog& catalog, Vaults::VaultAccess source, Vaults::VaultAccess target, QStringList points,
            ReplicaOptions options = {});
    ~CopyJob() override;

    void parentFinished(const Jobs::JobOutcome& parentOutcome) override;
    // Bytes per second for the whole copy; 0: unlimited (default).
    void setBandwidthLimit(qint64 bytesPerSecond) { m_bandwidth = bytesPerSecond; }

protected:
    Jobs::JobOutcome execute() override;

private:
    bool linkWasStopped(const QString& source, const QString& target) const;
    Core::Result<bool> linkIsActive(const QString& source, const QString& target) const;
    Catalog::Catalog& m_catalog;
    Vaults::VaultAccess m_source;
    Vaults::VaultAccess m_target;
    QStringList m_points;
    ReplicaOptions m_options;
    qint64 m_bandwidth = 0;
};

} // namespace Replication
