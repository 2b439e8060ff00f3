#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

// The console's own settings, kept in the workspace (console.ini) so that each workspace
// remembers its language and window layout. Readable before the catalog is opened, so
// the language applies to workspace errors too.
class ConsoleSettings final
{
public:
    explicit ConsoleSettings(const QString& workspacePath);

    // "" follows the system language; otherwise a code of Translator::languages().
    QString language() const;
    void setLanguage(const QString& language);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);

    QString fileName() const { return m_settings.fileName(); }
    void sync() { m_settings.sync(); }

private:
    QSettings m_settings;
};
