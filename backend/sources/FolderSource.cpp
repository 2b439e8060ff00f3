#include "backend/sources/FolderSource.h"

#include <QFileInfo>

namespace Sources {

FolderSource::FolderSource(QString rootPath, QStringList excludeGlobs)
    : m_root(QFileInfo(rootPath).absoluteFilePath())
{
    Q_UNUSED(excludeGlobs)
}

QString FolderSource::displayName() const { return QFileInfo(m_root).fileName(); }
Core::Status FolderSource::prepare(const std::atomic_bool&) { return {}; }
Core::Result<ScanResult> FolderSource::scan(const std::atomic_bool&)
{
    return Core::fail(Core::ErrorCode::Failed, QStringLiteral("not implemented"));
}
bool FolderSource::isExcluded(const QString&, bool) const { return false; }

} // namespace Sources
