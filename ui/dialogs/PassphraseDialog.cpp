#include "ui/dialogs/PassphraseDialog.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QLineEdit>

namespace {

std::optional<QByteArray> g_next;

} // namespace

std::optional<QByteArray> PassphraseDialog::ask(QWidget* parent, const QString& vault, const QString& purpose)
{
    if (g_next) {
        const QByteArray answer = *g_next;
        g_next.reset();
        return answer;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(
        parent, QCoreApplication::translate("PassphraseDialog", "Passphrase of vault %1").arg(vault),
        QCoreApplication::translate("PassphraseDialog", "%1\n\nPassphrase of vault %2:").arg(purpose, vault),
        QLineEdit::Password, QString(), &ok);
    if (!ok) {
        return std::nullopt;
    }
    return text.toUtf8();
}

std::optional<Backup::KeySource> PassphraseDialog::keyFor(QWidget* parent, const Vaults::VaultRecord& vault,
                                                          const QString& purpose)
{
    if (vault.encryption != QLatin1String("customer")) {
        return Backup::KeySource();
    }
    const std::optional<QByteArray> passphrase = ask(parent, vault.name, purpose);
    if (!passphrase) {
        return std::nullopt;
    }
    return Backup::KeySource::passphrase(*passphrase);
}

void PassphraseDialog::setNextPassphrase(const QByteArray& passphrase)
{
    g_next = passphrase;
}
