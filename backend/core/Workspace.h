#pragma once

#include "backend/core/Result.h"

#include <QString>

#include <memory>

namespace Catalog {
class Catalog;
}

namespace Core {

class SecretStore;

// A workspace is a folder holding the catalog (catalog.sqlite), the console's settings
// and, on the embedded default, the folders of its local regions. Every process that
// works on the same folder sees the same regions, vaults and jobs.
class Workspace final
{
public:
    ~Workspace();

    // Folder to use: an explicit --workspace wins, then $CROSSVAULT_WORKSPACE, then
    // QStandardPaths::AppDataLocation.
    static QString resolvePath(const QString& explicitPath = {});

    // Opens (creating) the workspace; on first use of an empty workspace creates the
    // embedded default regions (two local regions on different continents).
    static Result<std::unique_ptr<Workspace>> open(const QString& path);

    const QString& path() const { return m_path; }
    QString filePath(const QString& relative) const;
    Catalog::Catalog& catalog() { return *m_catalog; }
    SecretStore& secrets() { return *m_secrets; }
    // True when open() created the default regions just now.
    bool createdDefaults() const { return m_createdDefaults; }

private:
    Workspace() = default;

    QString m_path;
    std::unique_ptr<Catalog::Catalog> m_catalog;
    std::unique_ptr<SecretStore> m_secrets;
    bool m_createdDefaults = false;
};

} // namespace Core
