#pragma once

#include "backend/core/Result.h"
#include "backend/vault/KeySource.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace Cli {

class Context;

// The --passphrase-env VAR / --key-file FILE pair that opens customer-key vaults (and, at
// import, carries a managed vault's recovery key). Secrets never come from argv values.
class KeyOptions final
{
public:
    KeyOptions();
    void addTo(QCommandLineParser& parser) const;
    // Null KeySource when neither flag is set; InvalidInput names the flag when both are set,
    // the variable is unset or the file unreadable.
    Core::Result<Backup::KeySource> keySource(Context& context, const QCommandLineParser& parser) const;

private:
    QCommandLineOption m_passphraseEnv;
    QCommandLineOption m_keyFile;
};

} // namespace Cli
