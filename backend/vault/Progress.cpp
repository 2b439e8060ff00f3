#include "backend/vault/Progress.h"

namespace Backup {

QString phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Scan: return QStringLiteral("scan");
    case Phase::Read: return QStringLiteral("read");
    case Phase::Store: return QStringLiteral("store");
    case Phase::Finalise: return QStringLiteral("finalise");
    case Phase::Restore: return QStringLiteral("restore");
    case Phase::Verify: return QStringLiteral("verify");
    }
    return {};
}

} // namespace Backup
