#include "ui/dialogs/PassphraseDialog.h"

#include <QCoreApplication>
#include <QInputDialog>
#include <QLineEdit>

namespace {

std::optional<QByteArray> g_next;

QString tr(const char* text)
{
    return QCoreApplication::translate("PassphraseDialog", text);
}

} // namespace

std::optional<QByteArray> PassphraseDialog::ask(QWidget* parent, const QString& vault, const QString& purpose)
{
    if (g_next) {
        const QByteArray answer = *g_next;
        g_next.reset();
        return answer;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(parent, tr("Passphrase of vault %1").arg(vault),
                                               tr("%1\n\nPassphrase of vault %2:").arg(purpose, vault),
                                               QLineEdit::Password, QString(), &ok);
    if (!ok) {
        return std::nullopt;
    }
    return text.toUtf8();
}

void PassphraseDialog::setNextPassphrase(const QByteArray& passphrase)
{
    g_next = passphrase;
}
