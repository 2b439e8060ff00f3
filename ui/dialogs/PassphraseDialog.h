#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

class QWidget;

// Asks for the passphrase of a customer-key vault before work that opens it (check,
// delete a point). Tests answer it through setNextPassphrase() (MessageBox pattern).
class PassphraseDialog final
{
public:
    PassphraseDialog() = delete;

    // The typed passphrase, or nullopt when cancelled.
    static std::optional<QByteArray> ask(QWidget* parent, const QString& vault, const QString& purpose);
    static void setNextPassphrase(const QByteArray& passphrase);
};
