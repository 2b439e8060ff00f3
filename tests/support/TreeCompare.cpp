#include "tests/support/TreeCompare.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace TestSupport {

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
            if (fa.symLinkTarget() != QString() && QFile::symLinkTarget(fa.filePath()) != QString()) {
                const QByteArray ta = QFile::encodeName(QFileInfo(fa.filePath()).readSymLink());
                const QByteArray tb = QFile::encodeName(QFileInfo(fb.filePath()).readSymLink());
                if (ta != tb)
                    return QStringLiteral("symlink target differs: ") + rel;
            }
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
