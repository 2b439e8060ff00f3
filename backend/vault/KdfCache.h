#pragma once

#include "backend/vault/Crypto.h"

#include <QByteArray>

namespace Backup {

// Argon2id is deliberately slow (and takes 64 MiB), yet one command can open the same
// vault several times (the copy's source, then its replica with the same key objects; the
// console opens a vault per job). The key-encryption key is derived once per process per
// (secret, salt, limits) and kept in a small in-memory table; nothing is written anywhere.
class KdfCache final
{
public:
    // Crypto::deriveKey(secret, params), computed at most once per process for equal inputs.
    // Empty on failure (failures are not cached).
    static QByteArray derive(const QByteArray& secret, const Crypto::KdfParams& params);
};

} // namespace Backup
