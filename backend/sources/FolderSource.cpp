#include "backend/sources/FolderSource.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

namespace Sources {

namespace {

// Glob -> anchored regex: '**' crosses folders, '*' and '?' do not, [...] is a class.
QString globToRegex(const QString& glob)
{
    QString out;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < glob.size() && glob.at(i + 1) == QLatin1Char('*')) {
                out += QStringLiteral(".*");
                ++i;
                if (i + 1 < glob.size() && glob.at(i + 1) == QLatin1Char('/'))
                    ++i, out += QStringLiteral("(?:/)?");
            } else {
                out += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            out += QStringLiteral("[^/]");
        } else if (c == QLatin1Char('[')) {
            const qsizetype close = glob.indexOf(QLatin1Char(']'), i + 1);
            if (close < 0) {
                out += QStringLiteral("\\[");
            } else {
                QString set = glob.mid(i + 1, close - i - 1);
                if (set.startsWith(QLatin1Char('!')))
                    set[0] = QLatin1Char('^');
                out += QLatin1Char('[') + set.replace(QLatin1Char('\\'), QStringLiteral("\\\\")) + QLatin1Char(']');
                i = close;
            }
        } else {
            out += QRegularExpression::escape(QString(c));
        }
    }
    return QRegularExpression::anchoredPattern(out);
}

qint64 mtimeNs(const struct stat& st)
{
    return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

} // namespace

FolderSource::FolderSource(QString rootPath, QStringList excludeGlobs)
    : m_root(QFileInfo(rootPath).absoluteFilePath())
{
    while (m_root.size() > 1 && m_root.endsWith(QLatin1Char('/')))
        m_root.chop(1);
    for (QString glob : excludeGlobs) {
        glob = glob.trimmed();
        if (glob.isEmpty())
            continue;
        Pattern p;
        p.directoryOnly = glob.endsWith(QLatin1Char('/'));
        while (glob.endsWith(QLatin1Char('/')))
            glob.chop(1);
        if (glob.startsWith(QLatin1Char('/'))) {
            glob.remove(0, 1);
            p.anchored = true;
        }
        p.anchored = p.anchored || glob.contains(QLatin1Char('/'));
        p.regex = QRegularExpression(globToRegex(glob));
        m_patterns.append(p);
    }
}

QString FolderSource::displayName() const
{
    const QString name = QFileInfo(m_root).fileName();
    return name.isEmpty() ? m_root : name;
}

bool FolderSource::isExcluded(const QString& relativePath, bool isDirectory) const
{
    const QString name = relativePath.mid(relativePath.lastIndexOf(QLatin1Char('/')) + 1);
    for (const Pattern& p : m_patterns) {
        if (p.directoryOnly && !isDirectory)
            continue;
        if (p.regex.match(p.anchored ? relativePath : name).hasMatch())
            return true;
    }
    return false;
}

Core::Status FolderSource::prepare(const std::atomic_bool&)
{
    struct stat st;
    if (::stat(QFile::encodeName(m_root).constData(), &st) != 0)
        return Core::fail(
            errno == ENOENT ? Core::ErrorCode::NotFound : Core::ErrorCode::Io,
            QCoreApplication::translate("Sources::FolderSource", "Source folder '%1' cannot be opened: %2")
                .arg(m_root, QString::fromLocal8Bit(std::strerror(errno))));
    if (!S_ISDIR(st.st_mode))
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Sources::FolderSource", "Source '%1' is not a folder").arg(m_root));
    return {};
}

Core::Result<ScanResult> FolderSource::scan(const std::atomic_bool& cancel)
{
    if (auto s = prepare(cancel); !s)
        return s.error();
    ScanResult result;
    // Depth-first with an explicit stack so parents come before children, names sorted.
    QList<QString> stack {QString()};
    while (!stack.isEmpty()) {
        if (cancel)
            return Core::fail(Core::ErrorCode::Cancelled,
                              QCoreApplication::translate("Sources::FolderSource", "cancelled"));
        const QString relDir = stack.takeLast();
        const QString absDir = relDir.isEmpty() ? m_root : m_root + QLatin1Char('/') + relDir;
        DIR* dir = ::opendir(QFile::encodeName(absDir).constData());
        if (!dir) {
            result.skipped.append(
                SkippedEntry {relDir.isEmpty() ? QStringLiteral(".") : relDir,
                              QCoreApplication::translate("Sources::FolderSource", "cannot list the folder: %1")
                                  .arg(QString::fromLocal8Bit(std::strerror(errno)))});
            continue;
        }
        QList<QByteArray> names;
        while (dirent* d = ::readdir(dir)) {
            if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0)
                continue;
            names.append(QByteArray(d->d_name));
        }
        ::closedir(dir);
        std::sort(names.begin(), names.end());
        QList<QString> subdirs;
        for (const QByteArray& rawName : names) {
            const QString name = QFile::decodeName(rawName);
            const QString rel = relDir.isEmpty() ? name : relDir + QLatin1Char('/') + name;
            const QByteArray abs = QFile::encodeName(absDir) + '/' + rawName;
            struct stat st;
            if (::lstat(abs.constData(), &st) != 0) {
                result.skipped.append(SkippedEntry {
                    rel,
                    errno == ENOENT ? QCoreApplication::translate("Sources::FolderSource", "vanished during the backup")
                                    : QString::fromLocal8Bit(std::strerror(errno))});
                continue;
            }
            SourceEntry e;
            e.path = rel;
            e.mode = st.st_mode & 07777;
            e.mtimeNs = mtimeNs(st);
            e.inode = st.st_ino;
            e.device = st.st_dev;
            if (S_ISDIR(st.st_mode)) {
                if (isExcluded(rel, true))
                    continue;
                e.type = SourceEntry::Type::Directory;
                subdirs.append(rel);
            } else if (S_ISREG(st.st_mode)) {
                if (isExcluded(rel, false))
                    continue;
                e.type = SourceEntry::Type::File;
                e.size = st.st_size;
                e.readPath = QFile::decodeName(abs);
            } else if (S_ISLNK(st.st_mode)) {
                if (isExcluded(rel, false))
                    continue;
                e.type = SourceEntry::Type::Symlink;
                QByteArray target(st.st_size > 0 ? st.st_size + 1 : 4096, Qt::Uninitialized);
                const ssize_t n = ::readlink(abs.constData(), target.data(), static_cast<size_t>(target.size()));
                if (n < 0) {
                    result.skipped.append(SkippedEntry {rel, QString::fromLocal8Bit(std::strerror(errno))});
                    continue;
                }
                target.resize(n);
                e.linkTarget = target;
            } else {
                if (!isExcluded(rel, false))
                    result.skipped.append(SkippedEntry {
                        rel,
                        QCoreApplication::translate("Sources::FolderSource", "not a regular file, folder or symlink")});
                continue;
            }
            result.entries.append(e);
        }
        // Reverse so the stack pops them in sorted order.
        for (auto it = subdirs.crbegin(); it != subdirs.crend(); ++it)
            stack.append(*it);
    }
    // Sorted by path: a prefix sorts first, so parents still come before children.
    std::sort(result.entries.begin(), result.entries.end(),
              [](const SourceEntry& a, const SourceEntry& b) { return a.path < b.path; });
    return result;
}

} // namespace Sources
