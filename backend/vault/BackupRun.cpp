#include "backend/vault/BackupRun.h"

#include "backend/sources/Source.h"
#include "backend/storage/ObjectStore.h"
#include "backend/vault/Chunker.h"
#include "backend/vault/Crypto.h"
#include "backend/vault/VaultEngine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSysInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace Backup {

namespace {

constexpr qint64 kMaxInFlight = 64 * 1024 * 1024;
constexpr int kPacksPerIndex = 32;
constexpr int kUploaders = 2;
constexpr int kMaxReaders = 4;
constexpr qsizetype kBlock = 8 * 1024 * 1024;
constexpr qint64 kReportIntervalMs = 100;

QString newPointId()
{
    return QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")) + QLatin1Char('-')
        + QString::fromLatin1(Crypto::randomBytes(4).toHex());
}

// Closes a file descriptor on scope exit.
struct Fd
{
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

BackupRun::BackupRun(VaultEngine& engine, Sources::Source& source, const BackupOptions& options,
                     const ProgressCallback& progress, const std::atomic_bool& cancel)
    : m_engine(engine)
    , m_source(source)
    , m_options(options)
    , m_progress(progress)
    , m_cancel(cancel)
{ }

BackupRun::~BackupRun()
{
    stopThreads();
    (void)drainUploads(true);
}

Core::Error BackupRun::cancelled() const
{
    return Core::fail(Core::ErrorCode::Cancelled,
                      QCoreApplication::translate("Backup::Vault", "The backup was cancelled; no point was written"));
}

void BackupRun::report(Phase phase, bool force)
{
    m_state.phase = phase;
    if (!m_progress)
        return;
    if (!force && m_sinceReport.isValid() && m_sinceReport.elapsed() < kReportIntervalMs)
        return;
    m_sinceReport.start();
    m_progress(m_state);
}

Core::Result<BackupResult> BackupRun::run()
{
    if (auto s = m_source.prepare(m_cancel); !s) {
        m_source.finish();
        return s.error();
    }
    auto result = runPrepared();
    m_source.finish();
    return result;
}

Core::Result<BackupResult> BackupRun::runPrepared()
{
    QElapsedTimer clock;
    clock.start();
    PointInfo info;
    info.started = QDateTime::currentDateTimeUtc();
    info.id = m_options.pointId.isEmpty() ? newPointId() : m_options.pointId;
    static const QRegularExpression validId(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$"));
    if (!validId.match(info.id).hasMatch())
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Backup::Vault",
                                                      "point id '%1' is invalid: use letters, digits, '.', '_' and '-'")
                              .arg(info.id));
    auto existing = m_engine.store().stat(m_engine.objectKey(VaultFormat::pointsFolder() + info.id));
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Core::fail(
            Core::ErrorCode::AlreadyExists,
            QCoreApplication::translate("Backup::Vault", "Backup point '%1' already exists").arg(info.id));

    report(Phase::Scan, true);
    if (auto s = m_engine.refreshIndex(m_cancel); !s)
        return s.error();
    auto scanned = m_source.scan(m_cancel);
    if (!scanned)
        return scanned.error();
    if (m_cancel)
        return cancelled();
    m_skipped = scanned->skipped;

    // Incremental: the newest point of the same source lends the chunk lists of unchanged files.
    QHash<QString, TreeEntry> previous;
    if (m_options.incremental) {
        // A damaged old point must not block new backups (check reports it): no reuse then.
        auto all = m_engine.points();
        const QList<PointInfo> none;
        const QList<PointInfo>& list = all ? all.value() : none;
        for (auto it = list.crbegin(); it != list.crend(); ++it) {
            if (it->sourceKind != m_source.kind() || it->sourceIdentity != m_source.identity())
                continue;
            auto prev = m_engine.loadPoint(it->id);
            if (prev) {
                for (const TreeEntry& e : prev->second)
                    if (e.type == Sources::SourceEntry::Type::File)
                        previous.insert(e.path, e);
            }
            break;
        }
    }

    m_tree.reserve(scanned->entries.size());
    for (const Sources::SourceEntry& e : scanned->entries) {
        TreeEntry t;
        t.path = e.path;
        t.type = e.type;
        t.mode = e.mode;
        t.mtimeNs = e.mtimeNs;
        t.size = e.type == Sources::SourceEntry::Type::File ? e.size : 0;
        t.inode = e.inode;
        t.device = e.device;
        t.linkTarget = e.linkTarget;
        m_tree.append(t);
        m_dropped.append(false);
        if (e.type != Sources::SourceEntry::Type::File)
            continue;
        m_state.filesTotal++;
        m_state.bytesTotal += e.size;
        const auto prev = previous.constFind(e.path);
        bool reuse = prev != previous.constEnd() && prev->size == e.size && prev->mtimeNs == e.mtimeNs
            && prev->inode == e.inode && e.inode != 0;
        for (qsizetype i = 0; reuse && i < prev->chunkCount(); ++i)
            reuse = m_engine.index().contains(prev->chunk(i));
        if (reuse) {
            m_tree.last().chunkIds = prev->chunkIds;
            m_filesReused++;
            m_state.filesDone++;
            m_state.bytesDone += e.size;
        } else {
            m_tree.last().readPath = e.readPath;
            m_toRead.push_back(static_cast<int>(m_tree.size() - 1));
        }
    }
    report(Phase::Read, true);

    const Core::Status piped = pipeline();
    // Whatever packs made it to the store get indexed, so the next backup reuses them.
    Core::Status indexed = writeIndex();
    for (const IndexPack& p : m_writtenPacks)
        m_engine.index().addPack(p);
    if (!piped)
        return piped.error();
    if (!indexed)
        return indexed.error();
    if (m_cancel)
        return cancelled();

    report(Phase::Finalise, true);
    QList<TreeEntry> tree;
    tree.reserve(m_tree.size());
    for (qsizetype i = 0; i < m_tree.size(); ++i) {
        if (m_dropped.at(i))
            continue;
        m_tree[i].readPath.clear();
        info.logicalBytes += m_tree.at(i).size;
        tree.append(std::move(m_tree[i]));
    }
    const QByteArray treeStored = m_engine.codec().encodeObject(VaultFormat::encodeTree(tree), VaultFormat::treeRole());
    const QString treeKey = VaultFormat::hashedKey(VaultFormat::treesFolder(), treeStored);
    if (auto s = m_engine.put(treeKey, treeStored); !s)
        return s.error();
    m_storedBytesNew += treeStored.size();

    info.vaultId = m_engine.info().id;
    info.sourceKind = m_source.kind();
    info.sourceIdentity = m_source.identity();
    info.sourceName = m_source.displayName();
    info.hostname = QSysInfo::machineHostName();
    info.files = tree.size();
    info.skipped = m_skipped.size();
    info.labels = m_options.labels;
    info.finished = QDateTime::currentDateTimeUtc();
    // The point's own size is not known before encoding; count it approximately.
    info.storedBytesNew = m_storedBytesNew;
    const QByteArray pointStored = m_engine.codec().encodeObject(VaultFormat::encodePoint(info, treeKey, m_skipped),
                                                                 VaultFormat::pointRole(info.id));
    if (m_cancel)
        return cancelled();
    // Published last: a point exists only when everything it references is durable.
    if (auto s = m_engine.put(VaultFormat::pointsFolder() + info.id, pointStored); !s)
        return s.error();
    m_storedBytesNew += pointStored.size();

    BackupResult result;
    result.pointId = info.id;
    result.logicalBytes = info.logicalBytes;
    result.storedBytesNew = m_storedBytesNew;
    result.files = info.files;
    result.filesReused = m_filesReused;
    result.skipped = m_skipped;
    result.seconds = static_cast<double>(clock.elapsed()) / 1000.0;
    m_state.bytesDone = m_state.bytesTotal;
    m_state.filesDone = m_state.filesTotal;
    report(Phase::Finalise, true);
    return result;
}

Core::Status BackupRun::pipeline()
{
    if (m_toRead.empty())
        return {};
    int workers = m_options.threads > 0 ? m_options.threads : QThread::idealThreadCount();
    workers = std::clamp(workers, 1, 16);
    // Opening and reading ~20,000 small files is latency-bound: read several at once.
    const int readers = std::clamp(workers, 2, kMaxReaders);
    m_inFlight.assign(static_cast<size_t>(readers), 0);
    m_readerBudget = kMaxInFlight / readers;
    for (int i = 0; i < kUploaders; ++i)
        m_uploaders.emplace_back([this] { uploaderMain(); });
    for (int i = 0; i < readers; ++i)
        m_threads.emplace_back([this, i] { readerMain(i); });
    for (int i = 0; i < workers; ++i)
        m_threads.emplace_back([this] { workerMain(); });

    Core::Status status;
    const qint64 files = static_cast<qint64>(m_toRead.size());
    qint64 file = 0, part = 0;
    while (file < files) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            while (true) {
                if (m_cancel) {
                    status = cancelled();
                    break;
                }
                const auto it = m_done.find({file, part});
                if (it != m_done.end()) {
                    job = std::move(it->second);
                    m_done.erase(it);
                    break;
                }
                m_doneReady.wait_for(lock, std::chrono::milliseconds(50));
            }
            if (job) {
                m_inFlight[static_cast<size_t>(job->reader)] -= job->rawSize;
                m_spaceFree.notify_all();
            }
        }
        if (!status || !job)
            break;
        if (job->kind == Job::Kind::Chunk) {
            ++part;
        } else {
            ++file;
            part = 0;
        }
        status = consume(*job);
        if (!status)
            break;
        report(Phase::Store);
    }
    stopThreads();
    if (status && !m_cancel)
        status = flushPack();
    const Core::Status uploaded = drainUploads(!status || m_cancel);
    if (status && !m_cancel && !uploaded)
        status = uploaded;
    return status;
}

void BackupRun::uploaderMain()
{
    std::unique_lock lock(m_uploadMutex);
    while (true) {
        m_uploadChanged.wait(lock, [&] { return m_uploadStop || !m_uploads.empty(); });
        if (m_uploads.empty())
            return; // stop requested and nothing left
        auto [records, pack] = std::move(m_uploads.front());
        m_uploads.pop_front();
        ++m_uploadsBusy;
        m_uploadChanged.notify_all();
        lock.unlock();
        records.packId = Crypto::sha256(pack);
        const Core::Status put = m_engine.put(VaultFormat::packKey(records.packId), pack);
        lock.lock();
        --m_uploadsBusy;
        if (put) {
            m_storedBytesNew += pack.size();
            m_unindexedPacks.append(records);
        } else if (!m_uploadError) {
            m_uploadError = put.error();
        }
        m_uploadChanged.notify_all();
    }
}

Core::Status BackupRun::drainUploads(bool discard)
{
    std::unique_lock lock(m_uploadMutex);
    if (discard)
        m_uploads.clear();
    m_uploadChanged.wait(lock, [&] { return m_uploads.empty() && m_uploadsBusy == 0; });
    m_uploadStop = true;
    m_uploadChanged.notify_all();
    lock.unlock();
    for (std::thread& t : m_uploaders)
        t.join();
    m_uploaders.clear();
    lock.lock();
    if (m_uploadError)
        return *m_uploadError;
    return {};
}

void BackupRun::stopThreads()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_todoReady.notify_all();
    m_spaceFree.notify_all();
    for (std::thread& t : m_threads)
        t.join();
    m_threads.clear();
}

void BackupRun::submit(std::unique_ptr<Job> job, bool toWorkers)
{
    std::unique_lock lock(m_mutex);
    qint64& inFlight = m_inFlight[static_cast<size_t>(job->reader)];
    m_spaceFree.wait(lock, [&] { return m_stop || inFlight < m_readerBudget; });
    inFlight += job->rawSize;
    if (toWorkers) {
        m_todo.push_back(std::move(job));
        m_todoReady.notify_one();
    } else {
        const std::pair key {job->file, job->part};
        m_done.emplace(key, std::move(job));
        m_doneReady.notify_one();
    }
}

void BackupRun::readerMain(int reader)
{
    const qsizetype maxChunk = Chunker(m_engine.info().chunker, m_engine.keys().gear()).maxSize();
    // One buffer per reader for the whole run, not zero-filled: pages are only touched as
    // far as reads fill them, so small files cost no more than their size.
    const qsizetype size = std::max(kBlock, 2 * maxChunk);
    const auto buffer = std::make_unique_for_overwrite<char[]>(static_cast<size_t>(size));
    const qint64 files = static_cast<qint64>(m_toRead.size());
    while (!m_cancel && !m_stop) {
        const qint64 file = m_nextFile++;
        if (file >= files)
            break;
        readFile(reader, file, buffer.get(), size);
    }
}

bool BackupRun::readFile(int reader, qint64 file, char* buffer, qsizetype bufferSize)
{
    const int treeIndex = m_toRead[static_cast<size_t>(file)];
    const TreeEntry& entry = m_tree.at(treeIndex);
    qint64 part = 0;
    auto makeJob = [&](Job::Kind kind) {
        auto job = std::make_unique<Job>();
        job->kind = kind;
        job->file = file;
        job->part = part++;
        job->reader = reader;
        job->treeIndex = treeIndex;
        return job;
    };
    auto failed = [&](const QString& reason) {
        auto job = makeJob(Job::Kind::FileFailed);
        job->error = reason;
        submit(std::move(job), false);
        return false;
    };
    Fd fd;
    const QByteArray path = QFile::encodeName(entry.readPath);
    fd.fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOATIME);
    if (fd.fd < 0 && errno == EPERM)
        fd.fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd.fd < 0)
        return failed(errno == ENOENT ? QCoreApplication::translate("Backup::Vault", "vanished during the backup")
                                      : QString::fromLocal8Bit(std::strerror(errno)));
    if (entry.size > bufferSize)
        ::posix_fadvise(fd.fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    const Chunker chunker(m_engine.info().chunker, m_engine.keys().gear());
    const qsizetype maxChunk = chunker.maxSize();
    qsizetype start = 0, end = 0;
    bool eof = false;
    while (true) {
        if (m_cancel || m_stop)
            return false;
        if (!eof && end - start < maxChunk) {
            if (start > 0) {
                std::memmove(buffer, buffer + start, static_cast<size_t>(end - start));
                end -= start;
                start = 0;
            }
            while (!eof && end < bufferSize) {
                const ssize_t n = ::read(fd.fd, buffer + end, static_cast<size_t>(bufferSize - end));
                if (n < 0) {
                    if (errno == EINTR)
                        continue;
                    return failed(QCoreApplication::translate("Backup::Vault", "read error: %1")
                                      .arg(QString::fromLocal8Bit(std::strerror(errno))));
                }
                if (n == 0)
                    eof = true;
                end += n;
            }
        }
        if (start == end)
            break;
        const qsizetype cut = chunker.cut(buffer + start, end - start);
        auto job = makeJob(Job::Kind::Chunk);
        job->data = QByteArray(buffer + start, cut);
        job->rawSize = cut;
        submit(std::move(job), true);
        start += cut;
    }
    submit(makeJob(Job::Kind::FileEnd), false);
    return true;
}

void BackupRun::workerMain()
{
    const BlobCodec& codec = m_engine.codec();
    const ChunkIndex& index = m_engine.index(); // not modified while the pipeline runs
    while (true) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_todoReady.wait(lock, [&] { return m_stop || !m_todo.empty(); });
            if (m_stop)
                return;
            job = std::move(m_todo.front());
            m_todo.pop_front();
        }
        job->id = codec.chunkId(job->data.constData(), job->data.size());
        if (!index.contains(job->id))
            job->sealed = codec.encodeChunk(job->id, job->data.constData(), job->data.size());
        job->data = QByteArray();
        std::lock_guard lock(m_mutex);
        const std::pair key {job->file, job->part};
        m_done.emplace(key, std::move(job));
        m_doneReady.notify_all();
    }
}

Core::Status BackupRun::consume(Job& job)
{
    TreeEntry& entry = m_tree[job.treeIndex];
    switch (job.kind) {
    case Job::Kind::Chunk: {
        m_currentChunks += job.id;
        m_currentBytes += job.rawSize;
        m_state.bytesDone += job.rawSize;
        if (job.sealed.isEmpty() || m_newChunks.contains(job.id))
            return {};
        if (!m_pack.isEmpty() && m_pack.size() + job.sealed.size() > m_engine.info().packSize)
            if (auto s = flushPack(); !s)
                return s;
        if (m_pack.isEmpty()) // one allocation per pack instead of a copy at every doubling
            m_pack.reserve(std::max<qsizetype>(m_engine.info().packSize, job.sealed.size()));
        m_packRecords.chunks.append(ChunkRecord {job.id, static_cast<quint32>(m_pack.size()),
                                                 static_cast<quint32>(job.sealed.size()),
                                                 static_cast<quint32>(job.rawSize)});
        m_pack += job.sealed;
        m_newChunks.insert(job.id);
        return {};
    }
    case Job::Kind::FileEnd: {
        entry.chunkIds = m_currentChunks;
        entry.size = m_currentBytes; // what was read, should the file have changed since the scan
        m_currentChunks.clear();
        m_currentBytes = 0;
        m_state.filesDone++;
        return {};
    }
    case Job::Kind::FileFailed:
        m_currentChunks.clear();
        m_currentBytes = 0;
        m_dropped[job.treeIndex] = true;
        m_skipped.append(Sources::SkippedEntry {entry.path, job.error});
        m_state.filesDone++;
        return {};
    }
    return {};
}

Core::Status BackupRun::flushPack()
{
    if (m_pack.isEmpty())
        return {};
    report(Phase::Store, true);
    m_packRecords.packSize = m_pack.size(); // the uploader names it (SHA-256) off this thread
    qsizetype uploaded = 0;
    {
        std::unique_lock lock(m_uploadMutex);
        // At most kUploaders packs wait beside the ones being written: bounded memory.
        m_uploadChanged.wait(lock, [&] { return m_uploadError || m_uploads.size() < size_t(kUploaders); });
        if (m_uploadError)
            return *m_uploadError;
        m_uploads.emplace_back(std::move(m_packRecords), std::move(m_pack));
        uploaded = m_unindexedPacks.size();
        m_uploadChanged.notify_all();
    }
    m_packRecords = IndexPack();
    m_pack = QByteArray();
    if (uploaded >= kPacksPerIndex)
        return writeIndex();
    return {};
}

Core::Status BackupRun::writeIndex()
{
    QList<IndexPack> packs;
    {
        std::lock_guard lock(m_uploadMutex);
        packs.swap(m_unindexedPacks);
    }
    if (packs.isEmpty())
        return {};
    const QByteArray stored = m_engine.codec().encodeObject(VaultFormat::encodeIndex(packs), VaultFormat::indexRole());
    const QString key = VaultFormat::hashedKey(VaultFormat::indexFolder(), stored);
    if (auto s = m_engine.put(key, stored); !s)
        return s;
    m_engine.noteIndexObject(key);
    m_storedBytesNew += stored.size();
    m_writtenPacks += packs;
    return {};
}

} // namespace Backup
