#pragma once

#include "backend/core/Result.h"

#include <QDateTime>
#include <QString>

namespace Storage {
class ObjectStore;
}

namespace Backup {

// The object a stopped replication leaves in its former target vault
// (`<prefix>replication-stopped`, plain JSON). The config still names the source
// (`replicaOf`: the key material's lineage), so without this marker a workspace that
// imports the vault later would take it for a live replication target again. It is
// written without the vault's key (stop must work for customer-key vaults without the
// passphrase) and so is not authenticated: it only decides whether an importing console
// treats the vault as standalone or as a read-only target, and reveals or changes no data.
class ReplicationStopMarker final
{
public:
    static QString key();
    static Core::Status write(Storage::ObjectStore& store, const QString& prefix, const QString& sourceVaultId,
                              const QDateTime& stopped);
    // Undoes write() when the stop it announced could not be recorded.
    static Core::Status remove(Storage::ObjectStore& store, const QString& prefix);
    // True when the vault at prefix carries the marker; errors other than its absence pass on.
    static Core::Result<bool> isPresent(Storage::ObjectStore& store, const QString& prefix);
};

} // namespace Backup
