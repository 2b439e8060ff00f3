#pragma once

#include "backend/jobs/VaultJob.h"
#include "backend/vault/VaultTypes.h"

#include <memory>

namespace Catalog {
class Catalog;
}
namespace Sources {
class Source;
}

namespace Jobs {

// Backs a source up into a vault and records the new point in the catalog. Ends Partial
// when some files could not be read (the result lists them). Result document:
// {"point","vault","state","logicalBytes","storedBytesNew","files","filesReused","seconds","skipped":[{"path","reason"}]}
class BackupJob final : public VaultJob
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupJob)

public:
    // origin: "manual" or "policy" (kept in the point's labels and the catalog).
    BackupJob(Catalog::Catalog& catalog, Vaults::VaultAccess access, std::unique_ptr<Sources::Source> source,
              Backup::BackupOptions options = {}, QString origin = QStringLiteral("manual"));
    ~BackupJob() override;

protected:
    JobOutcome execute() override;

private:
    Catalog::Catalog& m_catalog;
    std::unique_ptr<Sources::Source> m_source;
    Backup::BackupOptions m_options;
    QString m_origin;
};

} // namespace Jobs
