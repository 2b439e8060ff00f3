#include "backend/storage/ObjectStore.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>

namespace Storage {

Core::Status ObjectStore::removeMany(const QStringList& keys)
{
    for (const QString& key : keys)
        if (auto s = remove(key); !s)
            return s;
    return {};
}

Core::Status ObjectStore::probe(const std::function<void(const QString&, bool)>& report)
{
    const QString key = QStringLiteral("crossvault-probe/") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QByteArray payload(4096, Qt::Uninitialized);
    for (char& c : payload)
        c = static_cast<char>(QRandomGenerator::global()->bounded(256));

    auto step = [&](const QString& name, const Core::Status& status) {
        if (report)
            report(name, status.ok());
        return status;
    };

    if (auto s = step(QCoreApplication::translate("Storage", "write a probe object"), put(key, payload)); !s)
        return s;
    auto got = get(key);
    Core::Status readStatus;
    if (!got)
        readStatus = got.error();
    else if (got.value() != payload)
        readStatus = Core::fail(Core::ErrorCode::Corrupt,
                                QCoreApplication::translate("Storage", "the probe object read back differs from what was written"));
    if (auto s = step(QCoreApplication::translate("Storage", "read it back"), readStatus); !s) {
        (void)remove(key);
        return s;
    }
    auto listed = list(QStringLiteral("crossvault-probe/"));
    Core::Status listStatus;
    if (!listed)
        listStatus = listed.error();
    else if (std::none_of(listed->cbegin(), listed->cend(), [&](const ObjectInfo& i) { return i.key == key; }))
        listStatus = Core::fail(Core::ErrorCode::Failed,
                                QCoreApplication::translate("Storage", "the probe object is missing from the listing"));
    if (auto s = step(QCoreApplication::translate("Storage", "list objects"), listStatus); !s) {
        (void)remove(key);
        return s;
    }
    return step(QCoreApplication::translate("Storage", "delete the probe object"), remove(key));
}

} // namespace Storage
