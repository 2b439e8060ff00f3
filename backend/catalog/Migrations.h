#pragma once

#include <QStringList>
#include <QList>

namespace Catalog {

// The catalog's schema history. Migration N brings user_version from N-1 to N; each runs
// in its own transaction. Append new migrations at the end; never edit a released one.
struct Migration
{
    int version;
    QStringList statements;
};

const QList<Migration>& migrations();

} // namespace Catalog
