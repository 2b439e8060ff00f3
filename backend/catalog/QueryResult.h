#pragma once

#include "backend/core/Error.h"

#include <QString>

class QSqlQuery;

namespace Catalog {

// The error a failed catalog query reports: SQLite busy beyond the busy timeout (another
// process held the catalog) is a refusal to retry later; anything else is an I/O error
// with SQLite's text.
Core::Error queryError(const QSqlQuery& query);

// SQLite stores a null QString as NULL; the text columns are NOT NULL with '' defaults.
inline QString notNull(const QString& value)
{
    return value.isNull() ? QString(QLatin1String("")) : value;
}

} // namespace Catalog
