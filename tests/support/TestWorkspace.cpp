#include "tests/support/TestWorkspace.h"

#include <QDir>
#include <QTest>

namespace TestSupport {

TestWorkspace::TestWorkspace()
    : m_path(m_dir.path() + QStringLiteral("/workspace"))
{
    QDir().mkpath(m_path);
}

Core::Workspace& TestWorkspace::open()
{
    if (!m_workspace) {
        auto ws = Core::Workspace::open(m_path);
        if (!ws)
            qFatal("cannot open test workspace: %s", qPrintable(ws.error().message()));
        m_workspace = std::move(ws.value());
    }
    return *m_workspace;
}

QString TestWorkspace::tempPath(const QString& relative) const
{
    return m_dir.path() + QLatin1Char('/') + relative;
}

} // namespace TestSupport
