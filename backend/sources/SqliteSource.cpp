#include "backend/sources/SqliteSource.h"

#include <QFileInfo>

namespace Sources {

SqliteSource::SqliteSource(QString databasePath, QString snapshotFolder)
    : m_path(QFileInfo(databasePath).absoluteFilePath())
    , m_snapshotFolder(std::move(snapshotFolder))
{
}

SqliteSource::~SqliteSource() = default;
QString SqliteSource::displayName() const { return QFileInfo(m_path).fileName(); }
Core::Status SqliteSource::prepare(const std::atomic_bool&)
{
    return Core::fail(Core::ErrorCode::Failed, QStringLiteral("not implemented"));
}
Core::Result<ScanResult> SqliteSource::scan(const std::atomic_bool&)
{
    return Core::fail(Core::ErrorCode::Failed, QStringLiteral("not implemented"));
}
void SqliteSource::finish() { m_tempDir.reset(); }

} // namespace Sources
