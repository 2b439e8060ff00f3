#include "backend/catalog/QueryResult.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

namespace Catalog {

Core::Error queryError(const QSqlQuery& query)
{
    const QSqlError error = query.lastError();
    if (error.nativeErrorCode() == QLatin1String("5")) // SQLITE_BUSY
        return Core::Error(Core::ErrorCode::Refused,
                           QCoreApplication::translate("Catalog",
                                                       "The catalog stayed locked by another process; try again in "
                                                       "a moment."));
    return Core::Error(Core::ErrorCode::Io,
                       QCoreApplication::translate("Catalog", "Catalog error: %1").arg(error.text()));
}

} // namespace Catalog
