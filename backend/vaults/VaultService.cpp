#include "backend/vaults/VaultService.h"

#include "backend/catalog/Catalog.h"
#include "backend/core/SecretStore.h"
#include "backend/core/Workspace.h"
#include "backend/regions/RegionService.h"
#include "backend/storage/ObjectStore.h"
#include "backend/vault/ReplicationStopMarker.h"
#include "backend/vault/Vault.h"
#include "backend/vaults/PointRepository.h"
#include "backend/vaults/VaultRepository.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace Vaults {

namespace {

bool isManaged(const VaultRecord& r)
{
    return r.encryption == QLatin1String("managed");
}

} // namespace

VaultService::VaultService(Core::Workspace& workspace, Regions::RegionService& regions, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
    , m_regions(regions)
{
    if (auto all = VaultRepository(m_workspace.catalog()).all())
        m_vaults = all.value();
}

VaultService::~VaultService() = default;

QString VaultService::managedKeyId(const QString& vaultName)
{
    return QStringLiteral("vault.") + vaultName + QStringLiteral(".managed-key");
}

std::optional<VaultRecord> VaultService::find(const QString& name) const
{
    const int row = rowFor(name);
    if (row < 0)
        return std::nullopt;
    return m_vaults.at(row);
}

int VaultService::rowFor(const QString& name) const
{
    for (int i = 0; i < m_vaults.size(); ++i)
        if (m_vaults.at(i).name == name)
            return i;
    return -1;
}

Core::Status VaultService::validate(const NewVault& spec) const
{
    static const QRegularExpression namePattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,62}$"));
    if (!namePattern.match(spec.name).hasMatch())
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            tr("Vault name '%1' is not valid: use 1 to 63 lowercase letters, digits, '-' or '_', starting with a "
               "letter or digit.")
                .arg(spec.name));
    if (spec.region.isEmpty())
        return Core::fail(Core::ErrorCode::InvalidInput, tr("A vault needs a region (--region)."));
    if (!m_regions.find(spec.region))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          tr("There is no region named '%1' (see 'region list').").arg(spec.region));
    static const QStringList types {QStringLiteral("general"), QStringLiteral("replication-target"),
                                    QStringLiteral("standalone")};
    if (!types.contains(spec.type))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          tr("Vault type '%1' is not one of general, replication-target, standalone.").arg(spec.type));
    if (spec.encryption == Backup::EncryptionMethod::Customer && spec.customerKey.isNull())
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            tr("Customer-key encryption needs a passphrase or a key file (--passphrase-env VAR or --key-file FILE)."));
    if (spec.compressionLevel != 0 && (spec.compressionLevel < 1 || spec.compressionLevel > 19))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          tr("The compression level must be between 1 (fastest) and 19 (smallest), not %1.")
                              .arg(spec.compressionLevel));
    if (find(spec.name) || VaultRepository(m_workspace.catalog()).find(spec.name))
        return Core::fail(Core::ErrorCode::AlreadyExists,
                          tr("A vault named '%1' already exists in this workspace.").arg(spec.name));
    return {};
}

void VaultService::insertSorted(const VaultRecord& record)
{
    const auto it = std::lower_bound(m_vaults.cbegin(), m_vaults.cend(), record,
                                     [](const VaultRecord& a, const VaultRecord& b) { return a.name < b.name; });
    const int row = static_cast<int>(it - m_vaults.cbegin());
    emit vaultAboutToBeAdded(row);
    m_vaults.insert(row, record);
    emit vaultAdded(row);
}

void VaultService::updateRow(const QString& name)
{
    const int row = rowFor(name);
    auto fresh = VaultRepository(m_workspace.catalog()).find(name);
    if (row < 0 || !fresh)
        return;
    m_vaults[row] = fresh.value();
    emit vaultChanged(row);
}

Core::Result<VaultRecord> VaultService::create(const NewVault& spec)
{
    if (auto s = validate(spec); !s)
        return s.error();
    auto store = m_regions.openStore(spec.region);
    if (!store)
        return store.error();

    VaultRecord record;
    record.name = spec.name;
    record.region = spec.region;
    record.type = spec.type;
    record.description = spec.description;
    record.label = spec.label;
    record.encryption = Backup::encryptionMethodName(spec.encryption);

    Backup::CreateOptions options;
    options.method = spec.encryption;
    if (spec.encryption == Backup::EncryptionMethod::Customer)
        options.key = spec.customerKey;
    options.description = spec.description;
    if (spec.compressionLevel != 0)
        options.compressionLevel = spec.compressionLevel;
    auto vault = Backup::Vault::create(*store.value(), record.prefix(), options);
    if (!vault)
        return vault.error().withContext(tr("Cannot create vault '%1' in region '%2': ").arg(spec.name, spec.region));
    record.uid = vault.value()->info().id;
    record.created
        = vault.value()->info().created.isValid() ? vault.value()->info().created : QDateTime::currentDateTimeUtc();

    if (spec.encryption == Backup::EncryptionMethod::Managed) {
        if (auto s = m_workspace.secrets().store(managedKeyId(spec.name), vault.value()->managedKey()); !s)
            return s.error().withContext(
                tr("Vault '%1' was created but its managed key could not be kept: ").arg(spec.name));
    }
    if (auto bytes = vault.value()->storedBytes())
        record.storedBytes = bytes.value();
    auto stored = VaultRepository(m_workspace.catalog()).insert(record);
    if (!stored)
        return stored.error();
    insertSorted(stored.value());
    return stored.value();
}

Core::Result<VaultRecord> VaultService::import(const QString& name, const QString& region, const Backup::KeySource& key)
{
    NewVault spec;
    spec.name = name;
    spec.region = region;
    if (auto s = validate(spec); !s)
        return s.error();
    auto store = m_regions.openStore(region);
    if (!store)
        return store.error();
    VaultRecord record;
    record.name = name;
    record.region = region;

    auto info = Backup::Vault::peek(*store.value(), record.prefix());
    if (!info) {
        if (info.error().code() == Core::ErrorCode::NotFound)
            return Core::fail(Core::ErrorCode::NotFound,
                              tr("Region '%1' holds no vault named '%2' (looked under %3 in %4).")
                                  .arg(region, name, record.prefix(), store.value()->describe()));
        return info.error().withContext(tr("Vault '%1': ").arg(name));
    }
    const bool managed = info->method == Backup::EncryptionMethod::Managed;
    if (key.isNull())
        return Core::fail(Core::ErrorCode::InvalidInput,
                          managed ? tr("Vault '%1' uses managed encryption: importing it needs its recovery key "
                                       "(--key-file FILE holding the key printed by 'vault export-key').")
                                        .arg(name)
                                  : tr("Vault '%1' uses a customer key: importing it needs the passphrase or key file "
                                       "(--passphrase-env VAR or --key-file FILE).")
                                        .arg(name));
    // A managed vault opens from elsewhere with its recovery key, given as a file or text.
    Backup::KeySource openKey = key;
    if (managed && key.kind() == Backup::KeySource::Kind::KeyFile) {
        QFile file(key.keyFilePath());
        if (!file.open(QIODevice::ReadOnly))
            return Core::fail(
                Core::ErrorCode::InvalidInput,
                tr("Cannot read the recovery key file %1: %2").arg(key.keyFilePath(), file.errorString()));
        openKey = Backup::KeySource::recoveryKey(QString::fromUtf8(file.readAll()).trimmed());
    } else if (managed && key.kind() == Backup::KeySource::Kind::Passphrase) {
        openKey = Backup::KeySource::recoveryKey(QString::fromUtf8(key.secret()).trimmed());
    }
    if (managed && openKey.isNull())
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            tr("Vault '%1' uses managed encryption and the given key is not a recovery key (it starts with "
               "\"CVRK1-\"; 'vault export-key' prints it).")
                .arg(name));
    auto vault = Backup::Vault::open(*store.value(), record.prefix(), openKey);
    if (!vault)
        return vault.error().withContext(tr("Vault '%1': ").arg(name));

    record.uid = info->id;
    record.encryption = Backup::encryptionMethodName(info->method);
    record.description = info->description;
    record.created = info->created;
    record.type = info->replicaOf.isEmpty() ? QStringLiteral("general") : QStringLiteral("replication-target");
    if (!info->replicaOf.isEmpty()) {
        // A target whose replication was stopped says so in its own storage: it stays standalone.
        auto stopped = Backup::ReplicationStopMarker::isPresent(*store.value(), record.prefix());
        if (!stopped)
            return stopped.error().withContext(tr("Vault '%1': ").arg(name));
        if (stopped.value())
            record.type = QStringLiteral("standalone");
    }
    // A managed vault is imported with its recovery key: that key exists outside the workspace.
    record.recoveryKeyExported = managed;
    if (auto bytes = vault.value()->storedBytes())
        record.storedBytes = bytes.value();
    auto points = vault.value()->points();
    if (!points)
        return points.error().withContext(tr("Vault '%1': cannot list its points: ").arg(name));

    if (managed) {
        if (auto s = m_workspace.secrets().store(managedKeyId(name), vault.value()->managedKey()); !s)
            return s.error().withContext(tr("Vault '%1': cannot keep its managed key: ").arg(name));
    }
    auto stored = VaultRepository(m_workspace.catalog()).insert(record);
    if (!stored)
        return stored.error();
    QList<PointRecord> rows;
    for (const Backup::PointInfo& p : std::as_const(points.value()))
        rows << pointFromInfo(p, stored.value());
    if (auto s = PointRepository(m_workspace.catalog()).replaceAll(stored->id, rows); !s)
        return s.error();
    auto fresh = VaultRepository(m_workspace.catalog()).find(name);
    if (!fresh)
        return fresh.error();
    insertSorted(fresh.value());
    return fresh.value();
}

Core::Status VaultService::remove(const QString& name)
{
    auto record = VaultRepository(m_workspace.catalog()).find(name);
    if (!record)
        return record.error();
    auto store = m_regions.openStore(record->region);
    if (!store)
        return store.error();
    auto objects = store.value()->list(record->prefix());
    if (!objects)
        return objects.error().withContext(tr("Cannot list vault '%1' for deletion: ").arg(name));
    // Config last: a half-deleted vault still says what it was.
    QList<Storage::ObjectInfo> ordered = objects.value();
    std::stable_partition(ordered.begin(), ordered.end(), [&](const Storage::ObjectInfo& o) {
        return o.key != record->prefix() + QStringLiteral("config");
    });
    for (const Storage::ObjectInfo& o : std::as_const(ordered)) {
        if (auto s = store.value()->remove(o.key); !s)
            return s.error().withContext(tr("Cannot delete vault '%1' (object %2): ").arg(name, o.key));
    }
    if (auto s = VaultRepository(m_workspace.catalog()).remove(name); !s)
        return s;
    if (isManaged(record.value()))
        (void)m_workspace.secrets().remove(managedKeyId(name));
    const int row = rowFor(name);
    if (row >= 0) {
        emit vaultAboutToBeRemoved(row);
        m_vaults.removeAt(row);
        emit vaultRemoved(row);
    }
    return {};
}

Core::Result<VaultAccess> VaultService::access(const QString& name, const Backup::KeySource& given) const
{
    auto record = VaultRepository(m_workspace.catalog()).find(name);
    if (!record)
        return record.error();
    Backup::KeySource key = given;
    if (isManaged(record.value())) {
        if (key.isNull()) {
            auto secret = m_workspace.secrets().load(managedKeyId(name));
            if (!secret && secret.error().code() != Core::ErrorCode::NotFound)
                return secret.error(); // e.g. the keyring is locked or unreachable: say that
            if (!secret)
                return Core::fail(
                    Core::ErrorCode::WrongKey,
                    tr("The managed key of vault '%1' is missing from this workspace; import the vault again "
                       "with its recovery key (vault import %1 --region %2 --key-file FILE).")
                        .arg(name, record->region));
            key = Backup::KeySource::managedKey(secret.value());
        }
    } else if (key.isNull()) {
        return Core::fail(Core::ErrorCode::InvalidInput,
                          tr("Vault '%1' uses a customer key: give its passphrase or key file (--passphrase-env VAR or "
                             "--key-file FILE).")
                              .arg(name));
    }
    auto store = m_regions.openStore(record->region);
    if (!store)
        return store.error();
    return VaultAccess(record.value(), std::move(store.value()), key);
}

Core::Result<QString> VaultService::exportRecoveryKey(const QString& name)
{
    auto record = VaultRepository(m_workspace.catalog()).find(name);
    if (!record)
        return record.error();
    if (!isManaged(record.value()))
        return Core::fail(
            Core::ErrorCode::Refused,
            tr("Vault '%1' uses a customer key: your passphrase or key file is its recovery key; there is "
               "nothing to export.")
                .arg(name));
    auto access = this->access(name);
    if (!access)
        return access.error();
    auto vault = access->open();
    if (!vault)
        return vault.error();
    auto text = vault.value()->exportRecoveryKey();
    if (!text)
        return text.error();
    if (auto s = VaultRepository(m_workspace.catalog()).setRecoveryKeyExported(name, true); !s)
        return s.error();
    updateRow(name);
    return text.value();
}

Core::Result<QList<PointRecord>> VaultService::points(const QString& vault, const QString& source) const
{
    if (!vault.isEmpty()) {
        if (auto r = VaultRepository(m_workspace.catalog()).find(vault); !r)
            return r.error();
    }
    return PointRepository(m_workspace.catalog()).list(vault, source);
}

Core::Status VaultService::deletePoint(const QString& vault, const QString& pointId, const Backup::KeySource& given)
{
    auto point = PointRepository(m_workspace.catalog()).find(pointId, vault);
    if (!point)
        return point.error();
    if (point->locked)
        return Core::fail(Core::ErrorCode::Refused,
                          tr("Point '%1' of vault '%2' is locked; it cannot be deleted before its lock expires.")
                              .arg(pointId, point->vault));
    auto access = this->access(point->vault, given);
    if (!access)
        return access.error();
    auto opened = access->open();
    if (!opened)
        return opened.error();
    if (auto s = opened.value()->deletePoint(pointId); !s && s.error().code() != Core::ErrorCode::NotFound)
        return s.error().withContext(tr("Vault '%1': ").arg(point->vault));
    if (auto s = PointRepository(m_workspace.catalog()).remove(point->vaultId, pointId); !s)
        return s;
    updateRow(point->vault);
    emit pointsChanged(point->vault);
    return {};
}

Core::Status VaultService::refreshPoints(const QString& name, const Backup::KeySource& given)
{
    auto access = this->access(name, given);
    if (!access)
        return access.error();
    auto opened = access->open();
    if (!opened)
        return opened.error();
    auto points = opened.value()->points();
    if (!points)
        return points.error();
    QList<PointRecord> rows;
    for (const Backup::PointInfo& p : std::as_const(points.value()))
        rows << pointFromInfo(p, access->record());
    if (auto s = PointRepository(m_workspace.catalog()).replaceAll(access->record().id, rows); !s)
        return s;
    if (auto bytes = opened.value()->storedBytes())
        (void)VaultRepository(m_workspace.catalog()).setStoredBytes(name, bytes.value());
    updateRow(name);
    emit pointsChanged(name);
    return {};
}

void VaultService::reload()
{
    auto all = VaultRepository(m_workspace.catalog()).all();
    if (!all)
        return;
    emit aboutToReload();
    m_vaults = all.value();
    emit reloaded();
}

PointRecord VaultService::pointFromInfo(const Backup::PointInfo& info, const VaultRecord& vault)
{
    PointRecord p;
    p.id = info.id;
    p.vaultId = vault.id;
    p.vault = vault.name;
    p.source = info.sourceIdentity;
    p.kind = info.sourceKind.isEmpty() ? QStringLiteral("folder") : info.sourceKind;
    p.created = info.started;
    p.finished = info.finished;
    p.state = info.skipped > 0 ? QStringLiteral("partial") : QStringLiteral("complete");
    const QString origin = info.labels.value(QStringLiteral("origin")).toString();
    p.origin = origin.isEmpty()
        ? (vault.type == QLatin1String("replication-target") ? QStringLiteral("replica") : QStringLiteral("manual"))
        : origin;
    p.logicalBytes = info.logicalBytes;
    p.storedBytesNew = info.storedBytesNew;
    p.files = info.files;
    p.skipped = info.skipped;
    return p;
}

} // namespace Vaults
