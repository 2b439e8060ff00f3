#pragma once

#include "backend/sources/Source.h"

#include <QRegularExpression>
#include <QStringList>

namespace Sources {

// A folder tree: regular files, directories and symlinks (not followed), with mode and
// mtime. Exclude globs ("*.tmp", "cache/", "build/**") match the relative path or any of its
// name components; a pattern ending in '/' matches directories only. Unreadable entries
// are reported as skipped, not fatal. Other file types (sockets, fifos, devices) are skipped.
class FolderSource final : public Source
{
public:
    explicit FolderSource(QString rootPath, QStringList excludeGlobs = {});

    QString kind() const override { return QStringLiteral("folder"); }
    QString identity() const override { return m_root; }
    QString displayName() const override;

    Core::Status prepare(const std::atomic_bool& cancel) override;
    Core::Result<ScanResult> scan(const std::atomic_bool& cancel) override;
    void finish() override {}

    // True when relativePath is excluded by one of the globs (exposed for tests).
    bool isExcluded(const QString& relativePath, bool isDirectory) const;

private:
    struct Pattern
    {
        QRegularExpression regex;
        bool directoryOnly = false;
        bool anchored = false; // contains '/': matches the whole relative path
    };

    QString m_root;
    QList<Pattern> m_patterns;
};

} // namespace Sources
