#pragma once

#include "backend/core/Result.h"
#include "backend/vault/Progress.h"
#include "backend/vault/VaultFormat.h"
#include "backend/vault/VaultTypes.h"

#include <QElapsedTimer>
#include <QSet>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace Sources {
class Source;
}

namespace Backup {

class VaultEngine;

// One backup of a source into a vault. The pipeline uses every core:
//   reader threads:  each takes the next file, reads it in large blocks into a buffer of its
//                    own and cuts it into chunks (gear hash); files are read in parallel
//   worker threads:  chunk id (HMAC), then for chunks the vault lacks zstd + AES-GCM
//   calling thread:  takes results in file order (so the tree and the packs do not depend
//                    on thread timing), dedups, fills packs, uploads them, writes an index
//                    every few packs, and finally the tree and the point.
// Memory is bounded by the bytes in flight (kMaxInFlight, shared out among the readers)
// plus a few packs.
class BackupRun final
{
public:
    BackupRun(VaultEngine& engine, Sources::Source& source, const BackupOptions& options,
              const ProgressCallback& progress, const std::atomic_bool& cancel);
    ~BackupRun();
    BackupRun(const BackupRun&) = delete;
    BackupRun& operator=(const BackupRun&) = delete;

    Core::Result<BackupResult> run();

private:
    struct Job
    {
        enum class Kind { Chunk, FileEnd, FileFailed };
        qint64 file = 0;   // position in m_toRead: the consumer takes files in this order
        qint64 part = 0;   // position within the file; FileEnd/FileFailed come last
        int reader = 0;    // whose in-flight budget the job counts against
        int treeIndex = -1;
        Kind kind = Kind::Chunk;
        QByteArray data;   // chunk plaintext (dropped once sealed)
        qint64 rawSize = 0;
        QByteArray id;
        QByteArray sealed; // empty when the vault already holds the chunk
        QString error;
    };

    Core::Result<BackupResult> runPrepared();
    Core::Status pipeline();
    void readerMain(int reader);
    void workerMain();
    bool readFile(int reader, qint64 file, char* buffer, qsizetype bufferSize);
    void submit(std::unique_ptr<Job> job, bool toWorkers);
    void stopThreads();
    void uploaderMain();
    // Waits for the uploaders (dropping queued packs when discard) and stops them.
    Core::Status drainUploads(bool discard);
    Core::Status consume(Job& job);
    Core::Status flushPack();
    Core::Status writeIndex();
    void report(Phase phase, bool force = false);
    Core::Error cancelled() const;

    VaultEngine& m_engine;
    Sources::Source& m_source;
    BackupOptions m_options;
    const ProgressCallback& m_progress;
    const std::atomic_bool& m_cancel;

    QList<TreeEntry> m_tree;
    QList<bool> m_dropped;
    std::vector<int> m_toRead;
    QList<Sources::SkippedEntry> m_skipped;
    Progress m_state;
    QElapsedTimer m_sinceReport;
    qint64 m_filesReused = 0;
    std::atomic<qint64> m_storedBytesNew = 0;

    // pipeline state
    std::mutex m_mutex;
    std::condition_variable m_todoReady;
    std::condition_variable m_doneReady;
    std::condition_variable m_spaceFree;
    std::deque<std::unique_ptr<Job>> m_todo;
    std::map<std::pair<qint64, qint64>, std::unique_ptr<Job>> m_done; // by (file, part)
    std::atomic<qint64> m_nextFile = 0;  // next position in m_toRead for a reader
    // Bytes read but not yet consumed, per reader. A reader only waits for its own bytes: the
    // reader of the file the consumer needs next holds only jobs of that file, so it always
    // gets room again, while one slow big file cannot stall the others' budgets.
    std::vector<qint64> m_inFlight;
    qint64 m_readerBudget = 0;
    std::atomic_bool m_stop = false;
    std::vector<std::thread> m_threads;

    // consumer state
    QByteArray m_currentChunks;
    qint64 m_currentBytes = 0;
    QByteArray m_pack;
    IndexPack m_packRecords;
    QSet<QByteArray> m_newChunks;
    QList<IndexPack> m_writtenPacks;

    // Pack uploads run on their own threads so fsyncs overlap with chunking and compression.
    std::mutex m_uploadMutex;
    std::condition_variable m_uploadChanged;
    std::deque<std::pair<IndexPack, QByteArray>> m_uploads;
    int m_uploadsBusy = 0;
    bool m_uploadStop = false;
    std::optional<Core::Error> m_uploadError;
    QList<IndexPack> m_unindexedPacks; // uploaded, not yet in an index object
    std::vector<std::thread> m_uploaders;
};

} // namespace Backup
