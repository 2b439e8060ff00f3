#include "backend/core/Workspace.h"

#include "backend/catalog/Catalog.h"
#include "backend/core/SecretStore.h"
#include "backend/regions/RegionRepository.h"
#include "backend/regions/RegionService.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace Core {

Workspace::~Workspace() = default;

QString Workspace::resolvePath(const QString& explicitPath)
{
    if (!explicitPath.isEmpty())
        return QFileInfo(explicitPath).absoluteFilePath();
    const QString env = qEnvironmentVariable("CROSSVAULT_WORKSPACE");
    if (!env.isEmpty())
        return QFileInfo(env).absoluteFilePath();
    // The console and the CLI must agree on the default, whatever the binary's name.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return base + QStringLiteral("/Crossvault/crossvault");
}

QString Workspace::filePath(const QString& relative) const
{
    return m_path + QLatin1Char('/') + relative;
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString& path)
{
    auto tr = [](const char* text) { return QCoreApplication::translate("Workspace", text); };
    std::unique_ptr<Workspace> ws(new Workspace);
    ws->m_path = QFileInfo(path).absoluteFilePath();
    const QFileInfo info(ws->m_path);
    if (info.exists() && !info.isDir())
        return fail(ErrorCode::InvalidInput, tr("The workspace %1 is a file, not a folder.").arg(ws->m_path));
    if (!QDir().mkpath(ws->m_path))
        return fail(ErrorCode::Io, tr("Cannot create the workspace folder %1.").arg(ws->m_path));

    auto catalog = Catalog::Catalog::open(ws->filePath(QStringLiteral("catalog.sqlite")));
    if (!catalog)
        return catalog.error();
    ws->m_catalog = std::move(catalog.value());
    ws->m_secrets = std::make_unique<SecretStore>(ws->filePath(QStringLiteral("secrets")));

    // Embedded default: the first use of an empty workspace gets two local regions, so a
    // newcomer can back up and replicate across regions at once.
    Regions::RegionRepository repo(*ws->m_catalog);
    auto settingDone = repo.setting(QStringLiteral("defaults-created"));
    if (!settingDone)
        return settingDone.error();
    if (settingDone->isEmpty()) {
        Status s = ws->m_catalog->transaction([&]() -> Status {
            // Re-check under the writer lock: another process may have just done it.
            auto done = repo.setting(QStringLiteral("defaults-created"));
            if (!done)
                return done.error();
            if (!done->isEmpty())
                return {};
            auto existing = repo.all();
            if (!existing)
                return existing.error();
            if (existing->isEmpty()) {
                for (const Regions::Region& r : Regions::defaultRegions(ws->m_path)) {
                    if (!QDir().mkpath(r.location))
                        return fail(ErrorCode::Io, tr("Cannot create the folder %1 of the default region %2.").arg(r.location, r.name));
                    if (auto added = repo.insert(r); !added)
                        return added.error();
                }
                ws->m_createdDefaults = true;
            }
            return repo.setSetting(QStringLiteral("defaults-created"), QStringLiteral("1"));
        });
        if (!s)
            return s.error();
    }
    return ws;
}

} // namespace Core
