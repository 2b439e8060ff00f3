#include "backend/cost/JsonLineIndex.h"

namespace Cost {

JsonLineIndex::JsonLineIndex(const QByteArray& json)
    : m_json(json)
{
    skipSpace();
    if (m_pos < m_json.size())
        value(QString());
}

int JsonLineIndex::lineOf(const QString& path) const
{
    QString p = path;
    for (;;) {
        const auto it = m_lines.constFind(p);
        if (it != m_lines.constEnd())
            return it.value();
        if (p.isEmpty())
            return 0;
        const qsizetype cut = qMax(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
        p = cut < 0 ? QString() : p.left(cut);
    }
}

int JsonLineIndex::lineAt(const QByteArray& json, qsizetype offset)
{
    return 1 + int(json.left(offset).count('\n'));
}

void JsonLineIndex::skipSpace()
{
    while (m_pos < m_json.size()) {
        const char c = m_json.at(m_pos);
        if (c == '\n')
            ++m_line;
        else if (c != ' ' && c != '\t' && c != '\r')
            return;
        ++m_pos;
    }
}

void JsonLineIndex::skipString()
{
    ++m_pos; // opening quote
    while (m_pos < m_json.size()) {
        const char c = m_json.at(m_pos++);
        if (c == '\\')
            ++m_pos;
        else if (c == '"')
            return;
    }
}

void JsonLineIndex::value(const QString& path)
{
    m_lines.insert(path, m_line);
    if (m_pos >= m_json.size())
        return;
    const char c = m_json.at(m_pos);
    if (c == '{') {
        ++m_pos;
        for (;;) {
            skipSpace();
            if (m_pos >= m_json.size() || m_json.at(m_pos) == '}') {
                ++m_pos;
                return;
            }
            if (m_json.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            const qsizetype keyStart = m_pos + 1;
            skipString();
            const QString key = QString::fromUtf8(m_json.mid(keyStart, m_pos - keyStart - 1));
            skipSpace();
            ++m_pos; // ':'
            skipSpace();
            value(path.isEmpty() ? key : path + QLatin1Char('.') + key);
        }
    }
    if (c == '[') {
        ++m_pos;
        int index = 0;
        for (;;) {
            skipSpace();
            if (m_pos >= m_json.size() || m_json.at(m_pos) == ']') {
                ++m_pos;
                return;
            }
            if (m_json.at(m_pos) == ',') {
                ++m_pos;
                continue;
            }
            value(path + QLatin1Char('[') + QString::number(index++) + QLatin1Char(']'));
        }
    }
    if (c == '"') {
        skipString();
        return;
    }
    // number, true, false, null
    while (m_pos < m_json.size()) {
        const char d = m_json.at(m_pos);
        if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\n' || d == '\r' || d == '\t')
            return;
        ++m_pos;
    }
}

} // namespace Cost
