#pragma once

#include <QByteArray>
#include <QString>

namespace Backup {

// Printable form of a 32-byte managed key: "CVRK1-" + base32 (RFC 4648 alphabet, no padding)
// in dash-separated groups of 4, with a 2-character checksum group at the end so typos are
// caught. Decoding ignores case, spaces and dashes.
class RecoveryKey final
{
public:
    static QString encode(const QByteArray& key);
    // Empty on malformed text or checksum mismatch.
    static QByteArray decode(const QString& text);
};

} // namespace Backup
