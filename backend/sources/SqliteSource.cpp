#include "backend/sources/SqliteSource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace Sources {

SqliteSource::SqliteSource(QString databasePath, QString snapshotFolder)
    : m_path(QFileInfo(databasePath).absoluteFilePath())
    , m_snapshotFolder(std::move(snapshotFolder))
{ }

SqliteSource::~SqliteSource()
{
    finish();
}

QString SqliteSource::displayName() const
{
    return QFileInfo(m_path).fileName();
}

Core::Status SqliteSource::prepare(const std::atomic_bool& cancel)
{
    finish();
    QFileInfo info(m_path);
    if (!info.exists())
        return Core::fail(
            Core::ErrorCode::NotFound,
            QCoreApplication::translate("Sources::SqliteSource", "SQLite database '%1' does not exist").arg(m_path));
    if (!info.isFile())
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Sources::SqliteSource", "SQLite source '%1' is not a file").arg(m_path));
    m_tempDir = std::make_unique<QTemporaryDir>((m_snapshotFolder.isEmpty() ? QDir::tempPath() : m_snapshotFolder)
                                                + QStringLiteral("/crossvault-sqlite-XXXXXX"));
    if (!m_tempDir->isValid())
        return Core::fail(
            Core::ErrorCode::Io,
            QCoreApplication::translate("Sources::SqliteSource", "Cannot create a folder for the SQLite snapshot: %1")
                .arg(m_tempDir->errorString()));
    const QString snapshot = m_tempDir->filePath(info.fileName());
    if (cancel)
        return Core::fail(Core::ErrorCode::Cancelled,
                          QCoreApplication::translate("Sources::SqliteSource", "cancelled"));

    const QString connection
        = QStringLiteral("crossvault-snapshot-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Core::Status status;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=30000"));
        if (!db.open()) {
            status = Core::fail(
                Core::ErrorCode::Io,
                QCoreApplication::translate("Sources::SqliteSource", "Cannot open SQLite database '%1': %2")
                    .arg(m_path, db.lastError().text()));
        } else {
            // VACUUM INTO reads one consistent snapshot (a read transaction) while writers go on.
            QSqlQuery q(db);
            QString quoted = snapshot;
            quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
            if (!q.exec(QStringLiteral("VACUUM INTO '%1'").arg(quoted)))
                status = Core::fail(
                    Core::ErrorCode::Failed,
                    QCoreApplication::translate("Sources::SqliteSource",
                                                "Cannot snapshot SQLite database '%1' (is it a SQLite database?): %2")
                        .arg(m_path, q.lastError().text()));
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (!status) {
        finish();
        return status;
    }
    m_snapshotPath = snapshot;
    return {};
}

Core::Result<ScanResult> SqliteSource::scan(const std::atomic_bool&)
{
    if (m_snapshotPath.isEmpty())
        return Core::fail(
            Core::ErrorCode::Failed,
            QCoreApplication::translate("Sources::SqliteSource", "The SQLite snapshot of '%1' was not prepared")
                .arg(m_path));
    struct stat original, snap;
    if (::stat(QFile::encodeName(m_path).constData(), &original) != 0
        || ::stat(QFile::encodeName(m_snapshotPath).constData(), &snap) != 0)
        return Core::fail(Core::ErrorCode::Io,
                          QCoreApplication::translate("Sources::SqliteSource", "Cannot read SQLite database '%1': %2")
                              .arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
    SourceEntry e;
    e.path = QFileInfo(m_path).fileName();
    e.type = SourceEntry::Type::File;
    e.mode = original.st_mode & 07777;
    e.mtimeNs = qint64(original.st_mtim.tv_sec) * 1000000000 + original.st_mtim.tv_nsec;
    e.size = snap.st_size;
    e.inode = 0; // a fresh snapshot every time: never reuse the previous chunk list blindly
    e.readPath = m_snapshotPath;
    ScanResult result;
    result.entries.append(e);
    return result;
}

void SqliteSource::finish()
{
    m_snapshotPath.clear();
    m_tempDir.reset();
}

} // namespace Sources
