#pragma once

#include "app/cli/JobSession.h"
#include "backend/core/Result.h"
#include "backend/replication/CopyJob.h"
#include "backend/vault/KeySource.h"

#include <QStringList>

namespace Core {
class Workspace;
}
namespace Vaults {
class VaultService;
}

namespace Cli {

class Context;

// Runs one copy job (source vault -> its replica) in the CLI with live progress: used by
// `replication enable`, `copy`, `backup` (chained after the backup job) and `agent --once`.
class CopySession final
{
public:
    CopySession(Context& context, Core::Workspace& workspace, Vaults::VaultService& vaults);
    // Bytes per second for the copies this session runs; 0: unlimited.
    void setBandwidthLimit(qint64 bytesPerSecond) { m_bandwidth = bytesPerSecond; }

    // points empty with parentId: the parent backup's new point. key: the customer key
    // (opens both, since they share key material); null for managed vaults.
    Core::Result<JobSession::Ended> run(const QString& source, const QString& target, const QStringList& points,
                                        const Backup::KeySource& key, qint64 parentId = 0,
                                        const Replication::ReplicaOptions& options = {});

private:
    Context& m_context;
    Core::Workspace& m_workspace;
    Vaults::VaultService& m_vaults;
    qint64 m_bandwidth = 0;
};

} // namespace Cli
