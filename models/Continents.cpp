#include "models/Continents.h"

#include <QCoreApplication>

namespace {

constexpr const char* kContinents[] = {
    QT_TRANSLATE_NOOP("Continents", "Africa"),        QT_TRANSLATE_NOOP("Continents", "Antarctica"),
    QT_TRANSLATE_NOOP("Continents", "Asia"),          QT_TRANSLATE_NOOP("Continents", "Europe"),
    QT_TRANSLATE_NOOP("Continents", "North America"), QT_TRANSLATE_NOOP("Continents", "Oceania"),
    QT_TRANSLATE_NOOP("Continents", "South America"),
};

} // namespace

QStringList Continents::names()
{
    QStringList names;
    for (const char* continent : kContinents) {
        names.append(QString::fromLatin1(continent));
    }
    return names;
}

QString Continents::displayName(const QString& continent)
{
    for (const char* known : kContinents) {
        if (continent == QLatin1String(known)) {
            return QCoreApplication::translate("Continents", known);
        }
    }
    return continent;
}
