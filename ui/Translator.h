#pragma once

#include <QList>
#include <QString>

// Loads the console's translation (embedded as :/i18n/crossvault_<code>.qm by
// qt_add_translations) and Qt's own (standard buttons, file dialogs) for a language.
// The language applies at start: changing it in the Language menu takes effect on restart.
class Translator final
{
public:
    struct Language
    {
        QString code;       // "en", "zh_CN"
        QString nativeName; // shown untranslated in the Language menu: "English", "简体中文"
    };

    Translator() = delete;

    static QList<Language> languages();
    // The language code to use for a setting ("" = the system's first supported language).
    static QString resolve(const QString& setting);
    // Installs the translators for code on the application; returns the code installed.
    static QString install(const QString& setting);
};
