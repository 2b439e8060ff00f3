#include "app/cli/CopySession.h"

#include "app/cli/Context.h"
#include "backend/core/Workspace.h"
#include "backend/vaults/VaultService.h"

namespace Cli {

CopySession::CopySession(Context& context, Core::Workspace& workspace, Vaults::VaultService& vaults)
    : m_context(context)
    , m_workspace(workspace)
    , m_vaults(vaults)
{
}

Core::Result<JobSession::Ended> CopySession::run(const QString& source, const QString& target, const QStringList& points,
                                                 const Backup::KeySource& key, qint64 parentId,
                                                 const Replication::ReplicaOptions& options)
{
    auto from = m_vaults.access(source, key);
    if (!from)
        return from.error();
    auto to = m_vaults.access(target, key);
    if (!to)
        return to.error();
    auto job = std::make_unique<Replication::CopyJob>(m_workspace.catalog(), std::move(from.value()), std::move(to.value()),
                                                      points, options);
    job->setBandwidthLimit(m_bandwidth);
    JobSession session(m_context, m_workspace.catalog());
    return session.run(std::move(job), parentId);
}

} // namespace Cli
