#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QString>

#include <sys/stat.h>
#include <unistd.h>

// Helpers shared by the vault tests: deterministic files and trees.
namespace VaultTest {

inline QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray out(size, Qt::Uninitialized);
    auto* p = reinterpret_cast<quint32*>(out.data());
    const qint64 words = size / 4;
    rng.fillRange(p, words);
    for (qint64 i = words * 4; i < size; ++i)
        out[i] = static_cast<char>(rng.generate());
    return out;
}

// Text-like data that compresses well but is not trivially repetitive.
inline QByteArray textBytes(qint64 size, quint32 seed)
{
    static const char* words[] = {"vault ", "region ", "backup ", "chunk ", "pack ", "index ", "point ", "restore\n"};
    QRandomGenerator rng(seed);
    QByteArray out;
    out.reserve(size);
    while (out.size() < size)
        out += words[rng.bounded(8)];
    out.truncate(size);
    return out;
}

inline bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(path.left(path.lastIndexOf(QLatin1Char('/'))));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size();
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A tree with the awkward cases: empty file, unicode names, deep path, symlinks (one
// dangling), modes, a sparse file and (bigMiB > 0) a large partly-random file.
inline void makeTree(const QString& root, int bigMiB)
{
    QDir().mkpath(root);
    writeFile(root + QStringLiteral("/empty.txt"), {});
    writeFile(root + QStringLiteral("/small.txt"), "hello vault\n");
    writeFile(root + QStringLiteral("/docs/notes.md"), textBytes(300 * 1024, 1));
    writeFile(root + QStringLiteral("/docs/ünïcødé 日本語 файл.txt"), "unicode\n");
    QString deep = root;
    for (int i = 0; i < 24; ++i)
        deep += QStringLiteral("/level%1").arg(i);
    writeFile(deep + QStringLiteral("/deep.bin"), randomBytes(5000, 2));
    writeFile(root + QStringLiteral("/bin/tool.sh"), "#!/bin/sh\necho hi\n");
    ::chmod(QFile::encodeName(root + QStringLiteral("/bin/tool.sh")).constData(), 0755);
    ::chmod(QFile::encodeName(root + QStringLiteral("/small.txt")).constData(), 0640);
    ::chmod(QFile::encodeName(root + QStringLiteral("/bin")).constData(), 0750);
    ::symlink("small.txt", QFile::encodeName(root + QStringLiteral("/link-to-small")).constData());
    ::symlink("does/not/exist", QFile::encodeName(root + QStringLiteral("/dangling")).constData());
    // Sparse: 24 MiB with a little data in the middle.
    {
        QFile f(root + QStringLiteral("/sparse.img"));
        f.open(QIODevice::WriteOnly);
        f.resize(24 * 1024 * 1024);
        f.seek(10 * 1024 * 1024);
        f.write(textBytes(4096, 3));
    }
    if (bigMiB > 0) {
        QByteArray big = randomBytes(qint64(bigMiB) * 1024 * 1024 / 2, 4) + textBytes(qint64(bigMiB) * 1024 * 1024 / 2, 5);
        writeFile(root + QStringLiteral("/big/large.bin"), big);
    }
}

} // namespace VaultTest
