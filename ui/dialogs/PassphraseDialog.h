#pragma once

#include "backend/vault/KeySource.h"
#include "backend/vaults/VaultRecord.h"

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
    // The key that opens the vault: asked for a customer-key vault, a null key (the managed
    // key from the workspace) otherwise; nullopt when cancelled.
    static std::optional<Backup::KeySource> keyFor(QWidget* parent, const Vaults::VaultRecord& vault,
                                                   const QString& purpose);
    static void setNextPassphrase(const QByteArray& passphrase);
};
