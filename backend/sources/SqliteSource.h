#pragma once

#include "backend/sources/Source.h"

#include <QTemporaryDir>

#include <memory>

namespace Sources {

// A SQLite database file, backed up as a consistent online snapshot (VACUUM INTO a
// temporary file while other processes keep writing). The point holds one file entry
// named like the database; restoring it gives a database that passes PRAGMA integrity_check.
class SqliteSource final : public Source
{
public:
    // snapshotFolder: where the temporary snapshot goes (default: the system temp folder).
    explicit SqliteSource(QString databasePath, QString snapshotFolder = {});
    ~SqliteSource() override;

    QString kind() const override { return QStringLiteral("sqlite"); }
    QString identity() const override { return m_path; }
    QString displayName() const override;

    Core::Status prepare(const std::atomic_bool& cancel) override;
    Core::Result<ScanResult> scan(const std::atomic_bool& cancel) override;
    void finish() override;

private:
    QString m_path;
    QString m_snapshotFolder;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_snapshotPath;
};

} // namespace Sources
