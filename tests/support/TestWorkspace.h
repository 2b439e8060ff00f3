#pragma once

#include "backend/core/Workspace.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace TestSupport {

// A real workspace in a fresh temporary folder, removed afterwards.
class TestWorkspace final
{
public:
    TestWorkspace();
    const QString& path() const { return m_path; }
    // Opens the workspace (creating the default regions); QFAILs on error.
    Core::Workspace& open();
    void close() { m_workspace.reset(); }
    QString tempPath(const QString& relative) const;

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Core::Workspace> m_workspace;
};

} // namespace TestSupport
