#pragma once

#include "backend/core/Result.h"

#include <QByteArray>
#include <QString>

namespace Core {

// The desktop keyring (Secret Service, KWallet… through QtKeychain) as a place for secrets.
// Synchronous on purpose: the SecretStore is called from workers and the CLI. Every call runs
// on one dedicated keyring thread (QtKeychain's job queue is bound to a thread) with a time
// limit, so a keyring that never answers cannot hang a backup; the caller just waits, it runs
// no nested event loop. Built without QtKeychain, every call reports the keyring unavailable.
class Keyring final
{
public:
    // Stores data under key; fails with ErrorCode::Unreachable when no keyring answers.
    static Status write(const QString& key, const QByteArray& data);
    static Result<QByteArray> read(const QString& key);
    static Status remove(const QString& key);
    // Whether this build can use a keyring at all.
    static bool compiledIn();
};

} // namespace Core
