#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <unistd.h>

namespace TestSupport {

// The link's stored text, not its resolved path (QFileInfo::readSymLink needs Qt 6.6).
static QByteArray rawLinkTarget(const QString& path)
{
    char buffer[4096];
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof buffer);
    return n < 0 ? QByteArray() : QByteArray(buffer, static_cast<int>(n));
}

static QStringList entries(const QString& root)
{
    QStringList out;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        out << QDir(root).relativeFilePath(it.filePath());
    }
    out.sort();
    return out;
}

QString compareTrees(const QString& expected, const QString& actual, bool compareMtime)
{
    const QStringList a = entries(expected);
    const QStringList b = entries(actual);
    if (a != b) {
        const QSet<QString> sa(a.cbegin(), a.cend()), sb(b.cbegin(), b.cend());
        for (const QString& e : a)
            if (!sb.contains(e))
                return QStringLiteral("missing in restore: ") + e;
        for (const QString& e : b)
            if (!sa.contains(e))
                return QStringLiteral("extra in restore: ") + e;
    }
    for (const QString& rel : a) {
        const QFileInfo fa(expected + QLatin1Char('/') + rel), fb(actual + QLatin1Char('/') + rel);
        if (fa.isSymLink() != fb.isSymLink())
            return QStringLiteral("symlink-ness differs: ") + rel;
        if (fa.isSymLink()) {
            if (rawLinkTarget(fa.filePath()) != rawLinkTarget(fb.filePath()))
                return QStringLiteral("symlink target differs: ") + rel;
            continue;
        }
        if (fa.isDir() != fb.isDir())
            return QStringLiteral("type differs: ") + rel;
        if (fa.permissions() != fb.permissions())
            return QStringLiteral("mode differs: ") + rel;
        if (fa.isDir())
            continue;
        if (fa.size() != fb.size())
            return QStringLiteral("size differs: ") + rel;
        if (compareMtime && fa.lastModified().toSecsSinceEpoch() != fb.lastModified().toSecsSinceEpoch())
            return QStringLiteral("mtime differs: ") + rel;
        QFile ra(fa.filePath()), rb(fb.filePath());
        if (!ra.open(QIODevice::ReadOnly) || !rb.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read: ") + rel;
        while (!ra.atEnd()) {
            if (ra.read(1 << 20) != rb.read(1 << 20))
                return QStringLiteral("content differs: ") + rel;
        }
    }
    return {};
}

} // namespace TestSupport
