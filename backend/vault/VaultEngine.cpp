#include "backend/vault/VaultEngine.h"

#include "backend/storage/ObjectStore.h"
#include "backend/vault/BackupRun.h"
#include "backend/vault/Crypto.h"
#include "backend/vault/KdfCache.h"
#include "backend/vault/RecoveryKey.h"
#include "backend/vault/RestoreRun.h"
#include "backend/vault/VaultChecker.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace Backup {

namespace {

const QString kFormatName = QStringLiteral("crossvault-vault");
constexpr qsizetype kPacksPerIndexObject = 32; // as BackupRun writes them

QString normalisedPrefix(QString prefix)
{
    if (!prefix.isEmpty() && !prefix.endsWith(QLatin1Char('/')))
        prefix += QLatin1Char('/');
    return prefix;
}

QString keyKindName(KeySource::Kind kind)
{
    switch (kind) {
    case KeySource::Kind::ManagedKey:
        return QStringLiteral("managed");
    case KeySource::Kind::Passphrase:
        return QStringLiteral("passphrase");
    case KeySource::Kind::KeyFile:
        return QStringLiteral("keyfile");
    case KeySource::Kind::None:
        break;
    }
    return {};
}

QByteArray verifierFor(const QByteArray& kek)
{
    return Crypto::hmacSha256(kek, QByteArrayLiteral("crossvault/v1/key-verifier")).left(16);
}

QByteArray configMac(const QJsonObject& configWithoutMac, const KeyMaterial& keys)
{
    return Crypto::hmacSha256(keys.configKey(), QJsonDocument(configWithoutMac).toJson(QJsonDocument::Compact));
}

} // namespace

VaultEngine::VaultEngine(Storage::ObjectStore& store, QString prefix)
    : m_store(store)
    , m_prefix(normalisedPrefix(std::move(prefix)))
{ }

VaultEngine::~VaultEngine() = default;

QByteArray VaultEngine::generateManagedKey()
{
    return Crypto::randomBytes(Crypto::kKeySize);
}

Core::Error VaultEngine::corrupt(const QString& relative, const QString& what) const
{
    return Core::fail(Core::ErrorCode::Corrupt,
                      QCoreApplication::translate("Backup::Vault", "Vault object '%1' in %2 is corrupt: %3")
                          .arg(objectKey(relative), m_store.describe(), what));
}

Core::Error VaultEngine::storeError(const Core::Error& error, const QString& relative) const
{
    if (error.code() == Core::ErrorCode::NotFound)
        return Core::fail(Core::ErrorCode::Corrupt,
                          QCoreApplication::translate("Backup::Vault", "Vault object '%1' is missing from %2")
                              .arg(objectKey(relative), m_store.describe()));
    return error.withContext(
        QCoreApplication::translate("Backup::Vault", "Vault object '%1': ").arg(objectKey(relative)));
}

Core::Result<QByteArray> VaultEngine::secretOf(const KeySource& key)
{
    if (key.kind() != KeySource::Kind::KeyFile)
        return key.secret();
    QFile file(key.keyFilePath());
    if (!file.open(QIODevice::ReadOnly))
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate("Backup::Vault", "Key file '%1' cannot be read: %2")
                              .arg(key.keyFilePath(), file.errorString()));
    const QByteArray secret = file.readAll();
    if (secret.size() < 16)
        return Core::fail(
            Core::ErrorCode::InvalidInput,
            QCoreApplication::translate("Backup::Vault", "Key file '%1' is too short (at least 16 bytes are needed)")
                .arg(key.keyFilePath()));
    return secret;
}

QJsonObject VaultEngine::configJson(const VaultInfo& info, const KeyMaterial& keys)
{
    QJsonObject o {
        {QStringLiteral("format"), kFormatName},
        {QStringLiteral("version"), VaultFormat::kVersion},
        {QStringLiteral("id"), info.id},
        {QStringLiteral("created"), info.created.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("description"), info.description},
        {QStringLiteral("encryption"), encryptionMethodName(info.method)},
        {QStringLiteral("cipher"), QStringLiteral("aes-256-gcm")},
        {QStringLiteral("chunkId"), QStringLiteral("hmac-sha256")},
        {QStringLiteral("chunker"),
         QJsonObject {{QStringLiteral("algorithm"), QStringLiteral("fastcdc-gear")},
                      {QStringLiteral("min"), info.chunker.minSize},
                      {QStringLiteral("avg"), info.chunker.avgSize},
                      {QStringLiteral("max"), info.chunker.maxSize}}},
        {QStringLiteral("compression"),
         QJsonObject {{QStringLiteral("algorithm"), QStringLiteral("zstd")},
                      {QStringLiteral("level"), info.compressionLevel}}},
        {QStringLiteral("packSize"), info.packSize},
        {QStringLiteral("replicaOf"), info.replicaOf},
    };
    o.insert(QStringLiteral("mac"), QString::fromLatin1(configMac(o, keys).toHex()));
    return o;
}

Core::Result<VaultInfo> VaultEngine::parseConfig(const QJsonObject& c, const QString& where)
{
    auto bad = [&](const QString& what) {
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate("Backup::Vault", "Vault object '%1' is corrupt: %2").arg(where, what));
    };
    if (c.value(QStringLiteral("format")).toString() != kFormatName)
        return bad(QCoreApplication::translate("Backup::Vault", "it is not a Crossvault vault config"));
    VaultInfo info;
    info.formatVersion = c.value(QStringLiteral("version")).toInt();
    if (info.formatVersion > VaultFormat::kVersion)
        return Core::fail(
            Core::ErrorCode::Failed,
            QCoreApplication::translate(
                "Backup::Vault", "The vault at '%1' uses format version %2; this Crossvault reads up to version %3")
                .arg(where)
                .arg(info.formatVersion)
                .arg(VaultFormat::kVersion));
    if (info.formatVersion < 1)
        return bad(QCoreApplication::translate("Backup::Vault", "missing format version"));
    info.id = c.value(QStringLiteral("id")).toString();
    info.created = QDateTime::fromString(c.value(QStringLiteral("created")).toString(), Qt::ISODate);
    info.description = c.value(QStringLiteral("description")).toString();
    const QString method = c.value(QStringLiteral("encryption")).toString();
    if (method == QLatin1String("managed"))
        info.method = EncryptionMethod::Managed;
    else if (method == QLatin1String("customer"))
        info.method = EncryptionMethod::Customer;
    else
        return bad(QCoreApplication::translate("Backup::Vault", "unknown encryption method '%1'").arg(method));
    const QJsonObject chunker = c.value(QStringLiteral("chunker")).toObject();
    info.chunker.minSize = chunker.value(QStringLiteral("min")).toInt();
    info.chunker.avgSize = chunker.value(QStringLiteral("avg")).toInt();
    info.chunker.maxSize = chunker.value(QStringLiteral("max")).toInt();
    info.compressionLevel = c.value(QStringLiteral("compression")).toObject().value(QStringLiteral("level")).toInt(3);
    info.packSize = c.value(QStringLiteral("packSize")).toInt();
    info.replicaOf = c.value(QStringLiteral("replicaOf")).toString();
    if (info.id.isEmpty() || info.chunker.minSize <= 0 || info.chunker.avgSize <= info.chunker.minSize
        || info.chunker.maxSize <= info.chunker.avgSize || info.packSize < info.chunker.maxSize)
        return bad(QCoreApplication::translate("Backup::Vault", "invalid id, chunker or pack parameters"));
    return info;
}

Core::Result<QJsonObject> VaultEngine::readConfig(Storage::ObjectStore& store, const QString& prefix)
{
    const QString key = prefix + VaultFormat::configKey();
    auto data = store.get(key);
    if (!data) {
        if (data.error().code() == Core::ErrorCode::NotFound)
            return Core::fail(
                Core::ErrorCode::NotFound,
                QCoreApplication::translate("Backup::Vault", "There is no vault at '%1' in %2 (no config object)")
                    .arg(prefix, store.describe()));
        return data.error();
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data.value(), &error);
    if (!doc.isObject())
        return Core::fail(
            Core::ErrorCode::Corrupt,
            QCoreApplication::translate("Backup::Vault", "Vault object '%1' in %2 is corrupt: not valid JSON (%3)")
                .arg(key, store.describe(), error.errorString()));
    return doc.object();
}

Core::Result<VaultInfo> VaultEngine::peek(Storage::ObjectStore& store, const QString& prefix)
{
    const QString p = normalisedPrefix(prefix);
    auto config = readConfig(store, p);
    if (!config)
        return config.error();
    return parseConfig(config.value(), p + VaultFormat::configKey());
}

Core::Result<QJsonObject> VaultEngine::makeKeyObject(const KeySource& key, const QByteArray& secret,
                                                     const KeyMaterial& keys)
{
    QJsonObject o {{QStringLiteral("version"), 1},
                   {QStringLiteral("kind"), keyKindName(key.kind())},
                   {QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    QByteArray kek;
    if (key.kind() == KeySource::Kind::ManagedKey) {
        kek = secret;
    } else {
        const Crypto::KdfParams params = Crypto::defaultKdfParams();
        kek = Crypto::deriveKey(secret, params);
        if (kek.isEmpty())
            return Core::fail(
                Core::ErrorCode::Failed,
                QCoreApplication::translate("Backup::Vault", "Argon2id key derivation failed (out of memory?)"));
        o.insert(QStringLiteral("kdf"),
                 QJsonObject {{QStringLiteral("algorithm"), QStringLiteral("argon2id13")},
                              {QStringLiteral("salt"), QString::fromLatin1(params.salt.toHex())},
                              {QStringLiteral("ops"), static_cast<qint64>(params.opsLimit)},
                              {QStringLiteral("mem"), static_cast<qint64>(params.memLimit)}});
    }
    o.insert(QStringLiteral("verifier"), QString::fromLatin1(verifierFor(kek).toHex()));
    o.insert(QStringLiteral("wrapped"),
             QString::fromLatin1(Crypto::seal(kek, keys.master(), VaultFormat::keyRole()).toBase64()));
    return o;
}

Core::Result<std::unique_ptr<VaultEngine>> VaultEngine::create(Storage::ObjectStore& store, const QString& prefix,
                                                               const CreateOptions& options)
{
    auto invalid = [](const QString& m) { return Core::fail(Core::ErrorCode::InvalidInput, m); };
    const ChunkerParams& c = options.chunker;
    if (options.compressionLevel < 1 || options.compressionLevel > 19)
        return invalid(
            QCoreApplication::translate("Backup::Vault", "compression level must be between 1 and 19, not %1")
                .arg(options.compressionLevel));
    if (c.minSize < 1024 || c.avgSize <= c.minSize || c.maxSize <= c.avgSize || c.maxSize > 64 * 1024 * 1024
        || (c.avgSize & (c.avgSize - 1)) != 0)
        return invalid(QCoreApplication::translate(
            "Backup::Vault", "chunker sizes must satisfy 1 KiB <= min < avg < max <= 64 MiB with avg a power of two"));
    if (options.packSize < c.maxSize || options.packSize > 512 * 1024 * 1024)
        return invalid(QCoreApplication::translate(
            "Backup::Vault", "pack size must be at least the maximum chunk size and at most 512 MiB"));

    KeySource key = options.key;
    if (options.method == EncryptionMethod::Managed) {
        if (key.isNull())
            key = KeySource::managedKey(generateManagedKey());
        if (key.kind() != KeySource::Kind::ManagedKey || key.secret().size() != Crypto::kKeySize)
            return invalid(QCoreApplication::translate(
                "Backup::Vault", "a managed-key vault needs a 32-byte managed key (or none to generate one)"));
    } else if (key.kind() != KeySource::Kind::Passphrase && key.kind() != KeySource::Kind::KeyFile) {
        return invalid(
            QCoreApplication::translate("Backup::Vault", "a customer-key vault needs a passphrase or a key file"));
    }
    auto secret = secretOf(key);
    if (!secret)
        return secret.error();
    if (key.kind() == KeySource::Kind::Passphrase && secret->size() < 8)
        return invalid(QCoreApplication::translate("Backup::Vault", "the passphrase must have at least 8 characters"));

    std::unique_ptr<VaultEngine> engine(new VaultEngine(store, prefix));
    auto existing = store.stat(engine->objectKey(VaultFormat::configKey()));
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Core::fail(Core::ErrorCode::AlreadyExists,
                          QCoreApplication::translate("Backup::Vault", "A vault already exists at '%1' in %2")
                              .arg(engine->m_prefix, store.describe()));

    engine->m_keys = KeyMaterial::generate();
    VaultInfo& info = engine->m_info;
    info.formatVersion = VaultFormat::kVersion;
    info.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    info.created = QDateTime::currentDateTimeUtc();
    info.method = options.method;
    info.chunker = c;
    info.compressionLevel = options.compressionLevel;
    info.packSize = options.packSize;
    info.description = options.description;

    auto keyObject = makeKeyObject(key, secret.value(), engine->m_keys);
    if (!keyObject)
        return keyObject.error();
    // The key goes first and the config last: the config is what makes the vault exist.
    const QString keyName = VaultFormat::keysFolder() + QString::fromLatin1(Crypto::randomBytes(16).toHex());
    if (auto s = engine->put(keyName, QJsonDocument(keyObject.value()).toJson(QJsonDocument::Compact)); !s)
        return s.error();
    if (auto s = engine->put(VaultFormat::configKey(),
                             QJsonDocument(configJson(info, engine->m_keys)).toJson(QJsonDocument::Indented));
        !s)
        return s.error();
    if (options.method == EncryptionMethod::Managed)
        engine->m_managedKey = key.secret();
    engine->m_codec = std::make_unique<BlobCodec>(engine->m_keys, info.compressionLevel);
    return engine;
}

Core::Result<std::unique_ptr<VaultEngine>> VaultEngine::open(Storage::ObjectStore& store, const QString& prefix,
                                                             const KeySource& key)
{
    if (key.isNull())
        return Core::fail(Core::ErrorCode::InvalidInput,
                          QCoreApplication::translate(
                              "Backup::Vault", "no key given to open the vault (or the recovery key is malformed)"));
    std::unique_ptr<VaultEngine> engine(new VaultEngine(store, prefix));
    auto config = readConfig(store, engine->m_prefix);
    if (!config)
        return config.error();
    auto info = parseConfig(config.value(), engine->objectKey(VaultFormat::configKey()));
    if (!info)
        return info.error();
    engine->m_info = info.value();

    const bool managedKey = key.kind() == KeySource::Kind::ManagedKey;
    if (managedKey != (engine->m_info.method == EncryptionMethod::Managed))
        return Core::fail(
            Core::ErrorCode::WrongKey,
            engine->m_info.method == EncryptionMethod::Managed
                ? QCoreApplication::translate("Backup::Vault",
                                              "Vault '%1' uses a managed key: open it with its managed key or recovery "
                                              "key, not a passphrase or key file")
                      .arg(engine->m_prefix)
                : QCoreApplication::translate("Backup::Vault",
                                              "Vault '%1' uses a customer key: open it with its passphrase or key file")
                      .arg(engine->m_prefix));
    auto secret = secretOf(key);
    if (!secret)
        return secret.error();

    auto listed = store.list(engine->objectKey(VaultFormat::keysFolder()));
    if (!listed)
        return listed.error();
    std::optional<Core::Error> damaged;
    for (const Storage::ObjectInfo& object : listed.value()) {
        const QString relative = object.key.mid(engine->m_prefix.size());
        auto data = store.get(object.key);
        if (!data)
            return engine->storeError(data.error(), relative);
        const QJsonObject o = QJsonDocument::fromJson(data.value()).object();
        const QString kind = o.value(QStringLiteral("kind")).toString();
        const QByteArray verifier = QByteArray::fromHex(o.value(QStringLiteral("verifier")).toString().toLatin1());
        const QByteArray wrapped = QByteArray::fromBase64(o.value(QStringLiteral("wrapped")).toString().toLatin1());
        if (kind.isEmpty() || verifier.size() != 16 || wrapped.isEmpty()) {
            damaged = engine->corrupt(relative, QCoreApplication::translate("Backup::Vault", "not a valid key object"));
            continue;
        }
        if ((kind == QLatin1String("managed")) != managedKey)
            continue;
        QByteArray kek;
        if (managedKey) {
            kek = secret.value();
        } else {
            const QJsonObject kdf = o.value(QStringLiteral("kdf")).toObject();
            Crypto::KdfParams params;
            params.salt = QByteArray::fromHex(kdf.value(QStringLiteral("salt")).toString().toLatin1());
            params.opsLimit = static_cast<quint64>(kdf.value(QStringLiteral("ops")).toInteger());
            params.memLimit = static_cast<quint64>(kdf.value(QStringLiteral("mem")).toInteger());
            if (kdf.value(QStringLiteral("algorithm")).toString() != QLatin1String("argon2id13")
                || params.memLimit > (quint64(4) << 30)) {
                damaged = engine->corrupt(
                    relative, QCoreApplication::translate("Backup::Vault", "unknown key derivation parameters"));
                continue;
            }
            kek = KdfCache::derive(secret.value(), params);
            if (kek.isEmpty()) {
                damaged = engine->corrupt(
                    relative,
                    QCoreApplication::translate("Backup::Vault", "key derivation failed with its parameters"));
                continue;
            }
        }
        if (kek.size() != Crypto::kKeySize || !Crypto::equal(verifierFor(kek), verifier))
            continue; // not this key's object
        auto master = Crypto::open(kek, wrapped, VaultFormat::keyRole());
        if (!master || master->size() != KeyMaterial::kMasterSize)
            return engine->corrupt(
                relative, QCoreApplication::translate("Backup::Vault", "the wrapped master key failed authentication"));
        engine->m_keys = KeyMaterial(master.value());
        break;
    }
    if (engine->m_keys.isNull()) {
        if (damaged)
            return *damaged;
        if (listed->isEmpty())
            return engine->corrupt(VaultFormat::keysFolder(),
                                   QCoreApplication::translate("Backup::Vault", "the vault has no key objects"));
        return Core::fail(
            Core::ErrorCode::WrongKey,
            QCoreApplication::translate(
                "Backup::Vault", "The key does not open vault '%1' in %2 (wrong passphrase, key file or managed key)")
                .arg(engine->m_prefix, store.describe()));
    }
    QJsonObject withoutMac = config.value();
    const QByteArray mac = QByteArray::fromHex(withoutMac.take(QStringLiteral("mac")).toString().toLatin1());
    if (!Crypto::equal(configMac(withoutMac, engine->m_keys), mac))
        return engine->corrupt(
            VaultFormat::configKey(),
            QCoreApplication::translate("Backup::Vault", "it failed authentication (it was modified)"));
    if (managedKey)
        engine->m_managedKey = secret.value();
    engine->m_codec = std::make_unique<BlobCodec>(engine->m_keys, engine->m_info.compressionLevel);
    return engine;
}

Core::Result<std::unique_ptr<VaultEngine>> VaultEngine::createReplica(Storage::ObjectStore& target,
                                                                      const QString& prefix) const
{
    std::unique_ptr<VaultEngine> engine(new VaultEngine(target, prefix));
    auto existing = target.stat(engine->objectKey(VaultFormat::configKey()));
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Core::fail(Core::ErrorCode::AlreadyExists,
                          QCoreApplication::translate("Backup::Vault", "A vault already exists at '%1' in %2")
                              .arg(engine->m_prefix, target.describe()));
    auto keys = m_store.list(objectKey(VaultFormat::keysFolder()));
    if (!keys)
        return keys.error();
    for (const Storage::ObjectInfo& object : keys.value()) {
        auto data = m_store.get(object.key);
        if (!data)
            return storeError(data.error(), object.key.mid(m_prefix.size()));
        if (auto s = engine->put(object.key.mid(m_prefix.size()), data.value()); !s)
            return s.error();
    }
    engine->m_keys = m_keys;
    engine->m_info = m_info;
    engine->m_info.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    engine->m_info.created = QDateTime::currentDateTimeUtc();
    engine->m_info.replicaOf = m_info.id;
    if (auto s = engine->put(VaultFormat::configKey(),
                             QJsonDocument(configJson(engine->m_info, m_keys)).toJson(QJsonDocument::Indented));
        !s)
        return s.error();
    engine->m_managedKey = m_managedKey;
    engine->m_codec = std::make_unique<BlobCodec>(engine->m_keys, engine->m_info.compressionLevel);
    return engine;
}

Core::Result<QString> VaultEngine::exportRecoveryKey() const
{
    if (m_info.method != EncryptionMethod::Managed || m_managedKey.size() != Crypto::kKeySize)
        return Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate(
                "Backup::Vault", "Vault '%1' uses a customer key: its passphrase or key file is the recovery key")
                .arg(m_prefix));
    return RecoveryKey::encode(m_managedKey);
}

Core::Status VaultEngine::put(const QString& relative, const QByteArray& data)
{
    if (auto s = m_store.put(objectKey(relative), data); !s)
        return storeError(s.error(), relative);
    return {};
}

Core::Result<QByteArray> VaultEngine::getDecoded(const QString& relative, const QByteArray& role, bool hashedName)
{
    auto data = m_store.get(objectKey(relative));
    if (!data)
        return storeError(data.error(), relative);
    if (hashedName
        && VaultFormat::hashedKey(relative.left(relative.lastIndexOf(QLatin1Char('/')) + 1), data.value()) != relative)
        return corrupt(relative,
                       QCoreApplication::translate("Backup::Vault",
                                                   "its content does not match its name (modified or truncated)"));
    auto plain = m_codec->decodeObject(data.value(), role);
    if (!plain)
        return corrupt(
            relative,
            QCoreApplication::translate("Backup::Vault",
                                        "it failed authentication (modified, truncated or written with another key)"));
    return plain.value();
}

Core::Status VaultEngine::refreshIndex(const std::atomic_bool& cancel)
{
    auto listed = m_store.list(objectKey(VaultFormat::indexFolder()));
    if (!listed)
        return listed.error();
    for (const Storage::ObjectInfo& object : listed.value()) {
        if (cancel)
            return Core::fail(Core::ErrorCode::Cancelled, QCoreApplication::translate("Backup::Vault", "cancelled"));
        const QString relative = object.key.mid(m_prefix.size());
        if (m_loadedIndexes.contains(relative))
            continue;
        auto plain = getDecoded(relative, VaultFormat::indexRole(), true);
        if (!plain)
            return plain.error();
        auto packs = VaultFormat::decodeIndex(plain.value());
        if (!packs)
            return corrupt(relative, QCoreApplication::translate("Backup::Vault", "it is not a valid index"));
        for (const IndexPack& p : packs.value())
            m_index.addPack(p);
        m_loadedIndexes.insert(relative);
    }
    return {};
}

Core::Result<QList<TreeEntry>> VaultEngine::loadTree(const QString& treeKey)
{
    if (!treeKey.startsWith(VaultFormat::treesFolder()))
        return corrupt(treeKey, QCoreApplication::translate("Backup::Vault", "not a tree object name"));
    auto plain = getDecoded(treeKey, VaultFormat::treeRole(), true);
    if (!plain)
        return plain.error();
    auto tree = VaultFormat::decodeTree(plain.value());
    if (!tree)
        return corrupt(treeKey, QCoreApplication::translate("Backup::Vault", "it is not a valid tree"));
    return tree.value();
}

Core::Result<std::pair<PointInfo, QList<TreeEntry>>> VaultEngine::loadPoint(const QString& pointId, QString* treeKeyOut)
{
    const QString relative = VaultFormat::pointsFolder() + pointId;
    auto data = m_store.get(objectKey(relative));
    if (!data) {
        if (data.error().code() == Core::ErrorCode::NotFound)
            return Core::fail(
                Core::ErrorCode::NotFound,
                QCoreApplication::translate("Backup::Vault", "Backup point '%1' does not exist in this vault")
                    .arg(pointId));
        return storeError(data.error(), relative);
    }
    auto plain = m_codec->decodeObject(data.value(), VaultFormat::pointRole(pointId));
    if (!plain)
        return corrupt(
            relative,
            QCoreApplication::translate("Backup::Vault",
                                        "it failed authentication (modified, truncated or written with another key)"));
    QString treeKey;
    auto info = VaultFormat::decodePoint(plain.value(), &treeKey);
    if (!info || info->id != pointId)
        return corrupt(relative, QCoreApplication::translate("Backup::Vault", "it is not a valid point manifest"));
    auto tree = loadTree(treeKey);
    if (!tree)
        return tree.error();
    if (treeKeyOut)
        *treeKeyOut = treeKey;
    return std::make_pair(info.value(), tree.value());
}

Core::Result<QList<PointInfo>> VaultEngine::points()
{
    auto listed = m_store.list(objectKey(VaultFormat::pointsFolder()));
    if (!listed)
        return listed.error();
    QList<PointInfo> out;
    for (const Storage::ObjectInfo& object : listed.value()) {
        const QString id = object.key.mid(objectKey(VaultFormat::pointsFolder()).size());
        const QString relative = VaultFormat::pointsFolder() + id;
        auto data = m_store.get(object.key);
        if (!data) {
            if (data.error().code() == Core::ErrorCode::NotFound)
                continue; // deleted meanwhile
            return storeError(data.error(), relative);
        }
        auto plain = m_codec->decodeObject(data.value(), VaultFormat::pointRole(id));
        if (!plain)
            return corrupt(
                relative,
                QCoreApplication::translate(
                    "Backup::Vault", "it failed authentication (modified, truncated or written with another key)"));
        auto info = VaultFormat::decodePoint(plain.value(), nullptr);
        if (!info || info->id != id)
            return corrupt(relative, QCoreApplication::translate("Backup::Vault", "it is not a valid point manifest"));
        out.append(info.value());
    }
    std::sort(out.begin(), out.end(), [](const PointInfo& a, const PointInfo& b) {
        return a.started != b.started ? a.started < b.started : a.id < b.id;
    });
    return out;
}

Core::Result<PointInfo> VaultEngine::point(const QString& pointId)
{
    auto p = loadPoint(pointId);
    if (!p)
        return p.error();
    return p->first;
}

Core::Result<QList<PointEntry>> VaultEngine::listPoint(const QString& pointId)
{
    auto p = loadPoint(pointId);
    if (!p)
        return p.error();
    QList<PointEntry> out;
    out.reserve(p->second.size());
    for (const TreeEntry& e : p->second)
        out.append(PointEntry {e.path, e.type, e.mode, e.mtimeNs, e.size, e.linkTarget});
    return out;
}

Core::Status VaultEngine::deletePoint(const QString& pointId)
{
    const QString relative = VaultFormat::pointsFolder() + pointId;
    auto st = m_store.stat(objectKey(relative));
    if (!st)
        return st.error();
    if (!st->has_value())
        return Core::fail(Core::ErrorCode::NotFound,
                          QCoreApplication::translate("Backup::Vault", "Backup point '%1' does not exist in this vault")
                              .arg(pointId));
    // The tree and data stay until prune(): another point may share them.
    if (auto s = m_store.remove(objectKey(relative)); !s)
        return storeError(s.error(), relative);
    return {};
}

Core::Result<qint64> VaultEngine::storedBytes()
{
    auto listed = m_store.list(m_prefix);
    if (!listed)
        return listed.error();
    qint64 total = 0;
    for (const auto& o : listed.value())
        total += o.size;
    return total;
}

Core::Result<QSet<QByteArray>> VaultEngine::indexedPacks(const std::atomic_bool& cancel)
{
    if (auto s = refreshIndex(cancel); !s)
        return s.error();
    QSet<QByteArray> ids;
    ids.reserve(m_index.packCount());
    for (qint32 pack = 0; pack < m_index.packCount(); ++pack)
        ids.insert(m_index.packId(pack));
    return ids;
}

Core::Result<ReplicaSelection> VaultEngine::selectForReplica(const QStringList& pointIds, const std::atomic_bool& cancel,
                                                             const QSet<QByteArray>& indexedInTarget)
{
    if (auto s = refreshIndex(cancel); !s)
        return s.error();
    ReplicaSelection out;
    QSet<qint32> packs;
    for (const QString& id : pointIds) {
        QString treeKey;
        auto point = loadPoint(id, &treeKey);
        if (!point)
            return point.error();
        out.objects << treeKey;
        for (const TreeEntry& e : std::as_const(point->second)) {
            for (qsizetype i = 0; i < e.chunkCount(); ++i) {
                const ChunkLocation* where = m_index.find(e.chunk(i));
                if (!where)
                    return corrupt(
                        VaultFormat::pointsFolder() + id,
                        QCoreApplication::translate("Backup::Vault", "chunk %1 of '%2' is not in the vault's index")
                            .arg(QString::fromLatin1(e.chunk(i).toHex().left(16)), e.path));
                packs.insert(where->pack);
            }
        }
        if (cancel)
            return Core::fail(Core::ErrorCode::Cancelled, QCoreApplication::translate("Backup::Vault", "cancelled"));
    }
    // The index records of the chosen packs, as the index locates each chunk.
    QHash<qint32, IndexPack> records;
    for (auto it = m_index.chunks().cbegin(); it != m_index.chunks().cend(); ++it) {
        if (!packs.contains(it->pack))
            continue;
        records[it->pack].chunks.append(ChunkRecord {it.key(), it->offset, it->length, it->rawLength});
    }
    QList<qint32> order(packs.cbegin(), packs.cend());
    std::sort(order.begin(), order.end());
    QList<IndexPack> group;
    auto seal = [&] {
        const QByteArray stored = m_codec->encodeObject(VaultFormat::encodeIndex(group), VaultFormat::indexRole());
        out.indexObjects.append({VaultFormat::hashedKey(VaultFormat::indexFolder(), stored), stored});
        group.clear();
    };
    for (qint32 pack : std::as_const(order)) {
        out.objects << VaultFormat::packKey(m_index.packId(pack));
        // A pack the target's index already lists needs no new record: index objects are
        // sealed with a fresh nonce, so a repeated record would be a new object every copy.
        if (indexedInTarget.contains(m_index.packId(pack)))
            continue;
        IndexPack& p = records[pack];
        p.packId = m_index.packId(pack);
        p.packSize = m_index.packSize(pack);
        std::sort(p.chunks.begin(), p.chunks.end(),
                  [](const ChunkRecord& a, const ChunkRecord& b) { return a.offset < b.offset; });
        group.append(p);
        if (group.size() >= kPacksPerIndexObject)
            seal();
    }
    if (!group.isEmpty())
        seal();
    return out;
}

Core::Result<BackupResult> VaultEngine::backup(Sources::Source& source, const BackupOptions& options,
                                               const ProgressCallback& progress, const std::atomic_bool& cancel)
{
    BackupRun run(*this, source, options, progress, cancel);
    return run.run();
}

Core::Result<RestoreResult> VaultEngine::restore(const QString& pointId, const RestoreOptions& options,
                                                 const ProgressCallback& progress, const std::atomic_bool& cancel)
{
    RestoreRun run(*this, pointId, options, progress, cancel);
    return run.run();
}

Core::Result<CheckResult> VaultEngine::check(const CheckOptions& options, const ProgressCallback& progress,
                                             const std::atomic_bool& cancel)
{
    VaultChecker checker(*this, progress, cancel);
    return checker.check(options);
}

Core::Result<PruneResult> VaultEngine::prune(const ProgressCallback& progress, const std::atomic_bool& cancel)
{
    VaultChecker checker(*this, progress, cancel);
    return checker.prune();
}

} // namespace Backup
