#include "backend/vault/RecoveryKey.h"

#include <QCryptographicHash>

namespace Backup {

namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const QLatin1String kPrefix("CVRK1");

QByteArray base32(const QByteArray& data)
{
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (char c : data) {
        buffer = (buffer << 8) | static_cast<quint8>(c);
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out += kAlphabet[(buffer << (5 - bits)) & 31];
    return out;
}

QByteArray checksum(const QByteArray& key)
{
    return base32(QCryptographicHash::hash(key, QCryptographicHash::Sha256).left(2)).left(2);
}

} // namespace

QString RecoveryKey::encode(const QByteArray& key)
{
    const QByteArray body = base32(key) + checksum(key);
    QString out = kPrefix;
    for (qsizetype i = 0; i < body.size(); i += 4)
        out += QLatin1Char('-') + QString::fromLatin1(body.mid(i, 4));
    return out;
}

QByteArray RecoveryKey::decode(const QString& text)
{
    QByteArray clean;
    for (QChar c : text) {
        if (c == QLatin1Char('-') || c.isSpace())
            continue;
        clean += c.toUpper().toLatin1();
    }
    if (!clean.startsWith(QByteArray(kPrefix.data(), kPrefix.size())))
        return {};
    clean = clean.mid(kPrefix.size());
    // 32 bytes -> 52 base32 characters, plus 2 checksum characters.
    if (clean.size() != 54)
        return {};
    QByteArray key;
    quint32 buffer = 0;
    int bits = 0;
    for (qsizetype i = 0; i < 52; ++i) {
        const char* p = std::char_traits<char>::find(kAlphabet, 32, clean.at(i));
        if (!p)
            return {};
        buffer = (buffer << 5) | static_cast<quint32>(p - kAlphabet);
        bits += 5;
        if (bits >= 8) {
            key += static_cast<char>((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    if (key.size() != 32 || checksum(key) != clean.mid(52))
        return {};
    return key;
}

} // namespace Backup
