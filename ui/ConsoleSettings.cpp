#include "ui/ConsoleSettings.h"

#include <QDir>

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");
const QString kGeometryKey = QStringLiteral("ui/windowGeometry");

} // namespace

ConsoleSettings::ConsoleSettings(const QString& workspacePath)
    : m_settings(QDir(workspacePath).filePath(QStringLiteral("console.ini")), QSettings::IniFormat)
{
}

QString ConsoleSettings::language() const
{
    return m_settings.value(kLanguageKey).toString();
}

void ConsoleSettings::setLanguage(const QString& language)
{
    if (language.isEmpty()) {
        m_settings.remove(kLanguageKey);
    } else {
        m_settings.setValue(kLanguageKey, language);
    }
}

QByteArray ConsoleSettings::windowGeometry() const
{
    return m_settings.value(kGeometryKey).toByteArray();
}

void ConsoleSettings::setWindowGeometry(const QByteArray& geometry)
{
    m_settings.setValue(kGeometryKey, geometry);
}
