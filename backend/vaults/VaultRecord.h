#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Vaults {

// A vault as the workspace's catalog knows it. The vault's own objects in its region are
// the truth (a fresh workspace can import it); this row adds what the console needs.
struct VaultRecord
{
    qint64 id = 0;
    QString name;        // unique in the workspace; the vault lives under "vaults/<name>/"
    QString uid;         // the vault's own id (from its config)
    QString region;      // region name
    QString type = QStringLiteral("general"); // general | replication-target | standalone
    QString encryption;  // managed | customer
    QString description;
    QString label;
    QDateTime created;
    qint64 storedBytes = 0;
    bool recoveryKeyExported = false;
    int points = 0;      // filled by queries that count them

    QString prefix() const { return QStringLiteral("vaults/") + name + QLatin1Char('/'); }
    // CLI.md's vault document: id, name, region, type, encryption, storedBytes, points…
    QJsonObject toJson() const;
};

} // namespace Vaults
