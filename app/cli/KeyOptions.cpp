#include "app/cli/KeyOptions.h"

#include "app/cli/Context.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace Cli {

KeyOptions::KeyOptions()
    : m_passphraseEnv(QStringLiteral("passphrase-env"),
                      QCoreApplication::translate("Cli", "Environment variable holding the vault's passphrase (customer key)."),
                      QStringLiteral("VAR"))
    , m_keyFile(QStringLiteral("key-file"),
                QCoreApplication::translate("Cli", "File holding the vault's key (customer key file, or a managed vault's "
                                                   "recovery key at import)."),
                QStringLiteral("FILE"))
{
}

void KeyOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOption(m_passphraseEnv);
    parser.addOption(m_keyFile);
}

Core::Result<Backup::KeySource> KeyOptions::keySource(Context& context, const QCommandLineParser& parser) const
{
    const bool env = parser.isSet(m_passphraseEnv);
    const bool file = parser.isSet(m_keyFile);
    if (env && file)
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Cli", "Give either --passphrase-env or --key-file, not both."));
    if (env) {
        auto secret = context.secretFromEnv(QStringLiteral("--passphrase-env"), parser.value(m_passphraseEnv));
        if (!secret)
            return secret.error();
        return Backup::KeySource::passphrase(secret.value());
    }
    if (file) {
        const QFileInfo info(parser.value(m_keyFile));
        if (!info.isFile() || !info.isReadable())
            return Core::fail(Core::ErrorCode::InvalidInput,
                              QCoreApplication::translate("Cli", "--key-file: %1 is not a readable file.").arg(parser.value(m_keyFile)));
        return Backup::KeySource::keyFile(info.absoluteFilePath());
    }
    return Backup::KeySource();
}

} // namespace Cli
