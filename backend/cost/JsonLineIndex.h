#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace Cost {

// Maps each value of a JSON text to the line it starts on, keyed by its path
// ("sheets[2].storage.price"), so errors found after parsing can name a line.
// QJsonDocument keeps no positions, hence this small scanner over already-valid JSON.
class JsonLineIndex final
{
public:
    explicit JsonLineIndex(const QByteArray& json);

    // Line (1-based) of the value at path, or of its nearest recorded ancestor; 0 when
    // nothing matches.
    int lineOf(const QString& path) const;

    // Line of a byte offset (for QJsonParseError::offset).
    static int lineAt(const QByteArray& json, qsizetype offset);

private:
    void value(const QString& path);
    void skipSpace();
    void skipString();

    QByteArray m_json; // implicitly shared copy
    qsizetype m_pos = 0;
    int m_line = 1;
    QHash<QString, int> m_lines;
};

} // namespace Cost
