#pragma once

#include <QString>
#include <QStringList>

// Continents are stored in English (the catalog and the CLI treat them as data) and shown
// in the user's language.
class Continents final
{
public:
    Continents() = delete;

    // The stored names, in display order.
    static QStringList names();
    // The translated name of a stored continent; unknown values are shown as stored.
    static QString displayName(const QString& continent);
};
