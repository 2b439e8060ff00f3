#include "ui/Translator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

QList<Translator::Language> Translator::languages()
{
    return {
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
}

QString Translator::resolve(const QString& setting)
{
    const QList<Language> known = languages();
    for (const Language& language : known) {
        if (language.code == setting) {
            return setting;
        }
    }
    // System default: the first UI language we ship, matching "zh-Hans-CN"/"zh-CN" to zh_CN.
    const QStringList uiLanguages = QLocale::system().uiLanguages();
    for (const QString& wanted : uiLanguages) {
        const QString normalized = QLocale(wanted).name(); // "zh_CN", "en_US"
        for (const Language& language : known) {
            if (normalized == language.code || normalized.section(QLatin1Char('_'), 0, 0) == language.code) {
                return language.code;
            }
        }
    }
    return QStringLiteral("en");
}

QString Translator::install(const QString& setting)
{
    const QString code = resolve(setting);
    // English is loaded too: the source strings are English, but its .qm holds the plural forms.
    auto* app = QCoreApplication::instance();
    auto* own = new QTranslator(app);
    if (own->load(QStringLiteral(":/i18n/crossvault_%1.qm").arg(code))) {
        QCoreApplication::installTranslator(own);
    } else {
        delete own;
    }
    if (code == QLatin1String("en")) {
        return code;
    }
    auto* qt = new QTranslator(app);
    if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }
    return code;
}
