#include "backend/vault/RestoreRun.h"

#include "backend/storage/ObjectStore.h"
#include "backend/vault/VaultEngine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QThread>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace Backup {

namespace {

constexpr qint64 kMaxRangeRead = 32 * 1024 * 1024;
constexpr qint64 kHoleBlock = 64 * 1024;

QString errnoText()
{
    if (errno == ENOSPC || errno == EDQUOT)
        return QCoreApplication::translate("Backup::Vault", "the disk is full (or over quota); free space and retry");
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool allZero(const char* p, qsizetype n)
{
    return n == 0 || (p[0] == 0 && std::memcmp(p, p + 1, static_cast<size_t>(n - 1)) == 0);
}

timespec toTimespec(qint64 ns)
{
    timespec t;
    t.tv_sec = static_cast<time_t>(ns / 1000000000);
    t.tv_nsec = static_cast<long>(ns % 1000000000);
    if (t.tv_nsec < 0) {
        t.tv_nsec += 1000000000;
        t.tv_sec -= 1;
    }
    return t;
}

bool safeRelative(const QString& path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')))
        return false;
    const auto parts = path.split(QLatin1Char('/'));
    return std::none_of(parts.cbegin(), parts.cend(), [](const QString& p) {
        return p.isEmpty() || p == QLatin1String(".") || p == QLatin1String("..");
    });
}

} // namespace

RestoreRun::RestoreRun(VaultEngine& engine, QString pointId, const RestoreOptions& options,
                       const ProgressCallback& progress, const std::atomic_bool& cancel)
    : m_engine(engine)
    , m_pointId(std::move(pointId))
    , m_options(options)
    , m_progress(progress)
    , m_cancel(cancel)
{ }

QString RestoreRun::targetPath(const QString& relative) const
{
    return m_root + QLatin1Char('/') + relative;
}

void RestoreRun::problem(const QString& path, const QString& reason)
{
    QMutexLocker lock(&m_mutex);
    m_problems.append(Sources::SkippedEntry {path, reason});
}

Core::Result<RestoreResult> RestoreRun::run()
{
    using Type = Sources::SourceEntry::Type;
    if (m_options.targetFolder.isEmpty())
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Backup::Vault", "no target folder given for the restore"));
    if (auto s = m_engine.refreshIndex(m_cancel); !s)
        return s.error();
    auto loaded = m_engine.loadPoint(m_pointId);
    if (!loaded)
        return loaded.error();
    const QList<TreeEntry>& tree = loaded->second;

    // Selection: the given paths with their subtrees, plus their ancestor directories.
    QList<const TreeEntry*> selected;
    if (m_options.paths.isEmpty()) {
        for (const TreeEntry& e : tree)
            selected.append(&e);
    } else {
        QSet<QString> wanted, ancestors;
        for (QString p : m_options.paths) {
            while (p.startsWith(QLatin1Char('/')))
                p.remove(0, 1);
            while (p.endsWith(QLatin1Char('/')))
                p.chop(1);
            const bool found = std::any_of(tree.cbegin(), tree.cend(), [&](const TreeEntry& e) {
                return e.path == p || e.path.startsWith(p + QLatin1Char('/'));
            });
            if (p.isEmpty() || !found)
                return Core::fail(Core::ErrorCode::NotFound,
                                  QCoreApplication::translate("Backup::Vault", "Path '%1' is not in backup point '%2'")
                                      .arg(p, m_pointId));
            wanted.insert(p);
            for (qsizetype slash = p.indexOf(QLatin1Char('/')); slash > 0;
                 slash = p.indexOf(QLatin1Char('/'), slash + 1))
                ancestors.insert(p.left(slash));
        }
        for (const TreeEntry& e : tree) {
            bool take = ancestors.contains(e.path);
            for (auto it = wanted.cbegin(); !take && it != wanted.cend(); ++it)
                take = e.path == *it || e.path.startsWith(*it + QLatin1Char('/'));
            if (take)
                selected.append(&e);
        }
    }

    // Into a new or empty folder nothing can be in the way: no lstat per entry then (with
    // ~20,000 files those calls were a noticeable share of the restore).
    m_freshTarget = !QFileInfo::exists(m_options.targetFolder) || QDir(m_options.targetFolder).isEmpty();
    if (!QDir().mkpath(m_options.targetFolder))
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Backup::Vault", "Cannot create the restore folder '%1'")
                              .arg(m_options.targetFolder));
    m_root = QDir(m_options.targetFolder).absolutePath();

    Progress progress;
    progress.phase = Phase::Restore;
    for (const TreeEntry* e : selected) {
        if (!safeRelative(e->path))
            return m_engine.corrupt(
                VaultFormat::pointsFolder() + m_pointId,
                QCoreApplication::translate("Backup::Vault", "it holds an unsafe path '%1'").arg(e->path));
        struct stat st;
        const QByteArray target = QFile::encodeName(targetPath(e->path));
        if (!m_freshTarget && ::lstat(target.constData(), &st) == 0) {
            const bool compatibleDir = e->type == Type::Directory && S_ISDIR(st.st_mode);
            if (!compatibleDir && !m_options.overwrite)
                return Core::fail(Core::ErrorCode::Refused,
                                  QCoreApplication::translate(
                                      "Backup::Vault", "'%1' already exists; restore with overwrite to replace it")
                                      .arg(targetPath(e->path)));
        }
        if (e->type == Type::File) {
            m_files.append(e);
            progress.bytesTotal += e->size;
            progress.filesTotal++;
        }
    }

    // Directories first (owner-writable until the end), then files in parallel, then symlinks.
    for (const TreeEntry* e : selected) {
        if (e->type != Type::Directory)
            continue;
        const QByteArray target = QFile::encodeName(targetPath(e->path));
        struct stat st;
        if (!m_freshTarget && ::lstat(target.constData(), &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                ::unlink(target.constData());
            else if ((st.st_mode & S_IRWXU) != S_IRWXU) // files are created in it; the last pass sets the point's mode
                ::chmod(target.constData(), (st.st_mode & 07777) | S_IRWXU);
        }
        // Parents come before children in a tree, so one mkdir per folder is the usual case.
        if (::mkdir(target.constData(), 0777) != 0 && errno != EEXIST && !QDir().mkpath(targetPath(e->path)))
            return Core::fail(
                Core::ErrorCode::Io,
                QCoreApplication::translate("Backup::Vault", "Cannot create folder '%1'").arg(targetPath(e->path)));
        if (!m_freshTarget)
            removeStaleTemporaries(targetPath(e->path));
    }
    if (!m_freshTarget)
        removeStaleTemporaries(m_root);

    int threads = m_options.threads > 0 ? m_options.threads : QThread::idealThreadCount();
    threads = std::clamp(threads, 1, 16);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([this] { workerMain(); });
    QElapsedTimer sinceReport;
    while (true) {
        const bool finished = m_failed || m_filesDone.load() >= m_files.size();
        if (finished || m_cancel || !sinceReport.isValid() || sinceReport.elapsed() >= 100) {
            sinceReport.start();
            progress.bytesDone = m_bytesDone;
            progress.filesDone = m_filesDone;
            if (m_progress)
                m_progress(progress);
        }
        if (finished || m_cancel)
            break;
        QThread::msleep(10);
    }
    for (std::thread& t : pool)
        t.join();
    if (m_error)
        return m_error->withContext(
            QCoreApplication::translate("Backup::Vault",
                                        "Restore stopped after %1 of %2 files (each of those complete and verified; "
                                        "no partly written file is left): ")
                .arg(m_filesDone.load())
                .arg(m_files.size()));
    if (m_cancel)
        return Core::fail(
            Core::ErrorCode::Cancelled,
            QCoreApplication::translate("Backup::Vault",
                                        "The restore was cancelled after %1 of %2 files; those are complete and "
                                        "verified, no partly written file is left")
                .arg(m_filesDone.load())
                .arg(m_files.size()));

    for (const TreeEntry* e : selected) {
        if (e->type != Type::Symlink)
            continue;
        const QByteArray target = QFile::encodeName(targetPath(e->path));
        struct stat st;
        if (!m_freshTarget && ::lstat(target.constData(), &st) == 0 && !S_ISDIR(st.st_mode))
            ::unlink(target.constData());
        if (::symlink(e->linkTarget.constData(), target.constData()) != 0) {
            problem(e->path,
                    QCoreApplication::translate("Backup::Vault", "cannot create the symlink: %1").arg(errnoText()));
            continue;
        }
        const timespec times[2] = {toTimespec(e->mtimeNs), toTimespec(e->mtimeNs)};
        ::utimensat(AT_FDCWD, target.constData(), times, AT_SYMLINK_NOFOLLOW);
    }
    for (auto it = selected.crbegin(); it != selected.crend(); ++it) {
        const TreeEntry* e = *it;
        if (e->type != Type::Directory)
            continue;
        const QByteArray target = QFile::encodeName(targetPath(e->path));
        if (::chmod(target.constData(), e->mode & 07777) != 0)
            problem(e->path, QCoreApplication::translate("Backup::Vault", "cannot set the mode: %1").arg(errnoText()));
        const timespec times[2] = {toTimespec(e->mtimeNs), toTimespec(e->mtimeNs)};
        if (::utimensat(AT_FDCWD, target.constData(), times, 0) != 0)
            problem(
                e->path,
                QCoreApplication::translate("Backup::Vault", "cannot set the modification time: %1").arg(errnoText()));
    }

    RestoreResult result;
    result.files = selected.size();
    result.bytes = m_bytesDone;
    result.problems = m_problems;
    return result;
}

void RestoreRun::workerMain()
{
    while (!m_cancel && !m_failed) {
        const qsizetype i = m_nextFile++;
        if (i >= m_files.size())
            return;
        if (auto s = restoreFile(*m_files.at(i), i); !s) {
            if (m_cancel || (m_failed && s.error().code() == Core::ErrorCode::Cancelled))
                return; // stopped, not failed: the file was not written
            QMutexLocker lock(&m_mutex);
            if (!m_error)
                m_error = s.error();
            m_failed = true;
            return;
        }
        m_filesDone++;
    }
}

void RestoreRun::removeStaleTemporaries(const QString& folder)
{
    // ".cv-restore-<pid>-<n>-<random>.tmp" of a restore whose process is gone (killed).
    static const QRegularExpression ours(QStringLiteral("^\\.cv-restore-([0-9]+)-[0-9]+-[0-9a-z]+\\.tmp$"));
    const QStringList names
        = QDir(folder).entryList({QStringLiteral(".cv-restore-*.tmp")}, QDir::Files | QDir::Hidden | QDir::System);
    for (const QString& name : names) {
        const QRegularExpressionMatch match = ours.match(name);
        const qint64 pid = match.hasMatch() ? match.captured(1).toLongLong() : 0;
        if (pid > 0 && pid != ::getpid() && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            QFile::remove(folder + QLatin1Char('/') + name);
    }
}

Core::Status RestoreRun::restoreFile(const TreeEntry& entry, qsizetype number)
{
    const QString path = targetPath(entry.path);
    const QByteArray target = QFile::encodeName(path);
    // Short (a long file name plus a suffix could pass NAME_MAX) and never someone else's:
    // O_EXCL with this process, this file and a random part, so two restores into one folder,
    // or a file of that name in the tree, cannot meet.
    const QByteArray folder = target.left(target.lastIndexOf('/') + 1);
    QByteArray temp;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
        temp = folder + ".cv-restore-" + QByteArray::number(::getpid()) + '-' + QByteArray::number(number) + '-'
            + QByteArray::number(QRandomGenerator::global()->generate(), 36) + ".tmp";
        fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Backup::Vault", "Cannot write '%1': %2").arg(path, errnoText()));
    struct TempFile
    {
        const QByteArray& path;
        bool kept = false;
        ~TempFile()
        {
            if (!kept)
                ::unlink(path.constData());
        }
    } tempFile {temp};
    struct Closer
    {
        int fd;
        ~Closer() { ::close(fd); }
    } closer {fd};

    const ChunkIndex& index = m_engine.index();
    const BlobCodec& codec = m_engine.codec();
    qint64 position = 0;
    const qsizetype count = entry.chunkCount();
    for (qsizetype i = 0; i < count;) {
        if (m_cancel || m_failed)
            return Core::fail(Core::ErrorCode::Cancelled, QStringLiteral("stopped")); // not shown: see workerMain
        const QByteArray firstId = entry.chunk(i);
        const ChunkLocation* first = index.find(firstId);
        if (!first)
            return Core::fail(Core::ErrorCode::Corrupt,
                              QCoreApplication::translate(
                                  "Backup::Vault", "Chunk %1 of '%2' is missing from the vault's index (point '%3')")
                                  .arg(QString::fromLatin1(firstId.toHex().left(16)), entry.path, m_pointId));
        // Extend the read over following chunks stored right after this one in the same pack.
        qsizetype last = i;
        qint64 length = first->length;
        while (last + 1 < count) {
            const ChunkLocation* next = index.find(entry.chunk(last + 1));
            const ChunkLocation* prev = index.find(entry.chunk(last));
            if (!next || next->pack != first->pack || next->offset != prev->offset + prev->length
                || length + next->length > kMaxRangeRead)
                break;
            length += next->length;
            ++last;
        }
        const QString packRelative = VaultFormat::packKey(index.packId(first->pack));
        auto data = m_engine.store().getRange(m_engine.objectKey(packRelative), first->offset, length);
        if (!data)
            return m_engine.storeError(data.error(), packRelative);
        if (data->size() != length)
            return m_engine.corrupt(
                packRelative,
                QCoreApplication::translate("Backup::Vault", "it is shorter than the index says (truncated)"));
        qint64 consumed = 0;
        for (qsizetype k = i; k <= last; ++k) {
            const QByteArray id = entry.chunk(k);
            const ChunkLocation* loc = index.find(id);
            auto plain = codec.decodeChunk(id, data->constData() + consumed, loc->length, loc->rawLength);
            if (!plain)
                return m_engine.corrupt(
                    packRelative,
                    QCoreApplication::translate("Backup::Vault", "the chunk at offset %1 failed authentication")
                        .arg(loc->offset));
            consumed += loc->length;
            // Zero runs become holes (sparse files stay sparse); the final ftruncate sets the size.
            for (qint64 block = 0; block < plain->size(); block += kHoleBlock) {
                const qint64 blockSize = std::min<qint64>(kHoleBlock, plain->size() - block);
                const char* bytes = plain->constData() + block;
                if (allZero(bytes, blockSize))
                    continue;
                qint64 written = 0;
                while (written < blockSize) {
                    const ssize_t n = ::pwrite(fd, bytes + written, static_cast<size_t>(blockSize - written),
                                               position + block + written);
                    if (n < 0) {
                        if (errno == EINTR)
                            continue;
                        return Core::fail(Core::ErrorCode::Io,
                                          QCoreApplication::translate("Backup::Vault", "Cannot write '%1': %2")
                                              .arg(path, errnoText()));
                    }
                    written += n;
                }
            }
            position += plain->size();
            m_bytesDone += plain->size();
        }
        i = last + 1;
    }
    if (::ftruncate(fd, position) != 0)
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Backup::Vault", "Cannot write '%1': %2").arg(path, errnoText()));
    if (::fchmod(fd, entry.mode & 07777) != 0)
        problem(entry.path, QCoreApplication::translate("Backup::Vault", "cannot set the mode: %1").arg(errnoText()));
    const timespec times[2] = {toTimespec(entry.mtimeNs), toTimespec(entry.mtimeNs)};
    if (::futimens(fd, times) != 0)
        problem(entry.path,
                QCoreApplication::translate("Backup::Vault", "cannot set the modification time: %1").arg(errnoText()));
    // Something that is not a file (a folder, say) in the way goes only now, with the
    // replacement complete; rename() replaces a file or symlink atomically.
    struct stat st;
    if (!m_freshTarget && ::lstat(target.constData(), &st) == 0 && S_ISDIR(st.st_mode)
        && ::rmdir(target.constData()) != 0)
        return Core::fail(
            Core::ErrorCode::Io,
            QCoreApplication::translate("Backup::Vault", "Cannot replace '%1': %2").arg(path, errnoText()));
    if (::rename(temp.constData(), target.constData()) != 0)
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Backup::Vault", "Cannot write '%1': %2").arg(path, errnoText()));
    tempFile.kept = true;
    return {};
}

} // namespace Backup
