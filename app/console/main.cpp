#include "backend/core/SecretStore.h"
#include "backend/core/Workspace.h"
#include "ui/ConsoleSettings.h"
#include "ui/MainWindow.h"
#include "ui/MessageBox.h"
#include "ui/Translator.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QPixmap>
#include <QThreadPool>

#include <cstdio>
#include <cstring>

namespace {

bool hasArgument(int argc, char** argv, const char* name)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) {
            return true;
        }
    }
    return false;
}

// Qt aborts with an obscure "could not connect to display" when there is none. Screenshots
// and --help need no display, so they use the offscreen platform; anything else says what
// to do instead. Returns false when the console cannot start.
bool choosePlatform(int argc, char** argv)
{
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || hasArgument(argc, argv, "-platform")) {
        return true;
    }
    const bool headlessUse = hasArgument(argc, argv, "--screenshot") || hasArgument(argc, argv, "--help")
        || hasArgument(argc, argv, "-h") || hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v");
    if (headlessUse) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return true;
    }
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        std::fputs(
            "crossvault: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the console "
            "window cannot open.\n"
            "  - On a desktop session, start crossvault from there.\n"
            "  - To render a page to a PNG without a display: crossvault --screenshot FILE [--page NAME]\n"
            "    (or run it with QT_QPA_PLATFORM=offscreen).\n"
            "  - To administer the workspace from this shell, use crossvault-cli (try: crossvault-cli region list).\n",
            stderr);
        return false;
    }
#endif
    return true;
}

int takeScreenshot(MainWindow& window, const QString& file, const QString& page)
{
    window.setAttribute(Qt::WA_DontShowOnScreen, true);
    window.resize(1200, 760);
    window.showPage(page);
    window.show();
    QCoreApplication::processEvents();
    // Pages fill in from workers (catalog summaries, models): let them land before the grab.
    QThreadPool::globalInstance()->waitForDone(5000);
    QCoreApplication::processEvents();
    const QPixmap pixmap = window.grab();
    if (pixmap.isNull() || !pixmap.save(file, "PNG")) {
        std::fprintf(
            stderr, "crossvault: %s\n",
            qPrintable(QCoreApplication::translate(
                           "main", "cannot write the screenshot to %1 (check that its folder exists and is writable).")
                           .arg(QDir::toNativeSeparators(file))));
        return 1;
    }
    std::printf("%s\n", qPrintable(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath())));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (!choosePlatform(argc, argv)) {
        return 1;
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Crossvault"));
    QApplication::setApplicationName(QStringLiteral("crossvault"));
    QApplication::setApplicationVersion(QStringLiteral(CROSSVAULT_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/crossvault.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Crossvault console: cross-region backup administration."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        QCoreApplication::translate("main",
                                    "Workspace folder (default: $CROSSVAULT_WORKSPACE, else the "
                                    "application data folder)."),
        QCoreApplication::translate("main", "DIR"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Render a page to a PNG file and exit (needs no display)."),
        QCoreApplication::translate("main", "FILE"));
    const QCommandLineOption pageOption(QStringLiteral("page"),
                                        QCoreApplication::translate("main", "Page to show: %1.")
                                            .arg(MainWindow::pageNames().join(QStringLiteral(", "))),
                                        QCoreApplication::translate("main", "NAME"), QStringLiteral("overview"));
    const QCommandLineOption languageOption(
        QStringLiteral("language"),
        QCoreApplication::translate("main",
                                    "Language for this run (en, zh_CN); default: the workspace's "
                                    "setting, else the system's."),
        QCoreApplication::translate("main", "CODE"));
    parser.addOptions({workspaceOption, screenshotOption, pageOption, languageOption});
    if (!parser.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "crossvault: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        parser.showHelp(0);
    }
    if (parser.isSet(QStringLiteral("version"))) {
        parser.showVersion();
    }
    const QString page = parser.value(pageOption);
    if (!MainWindow::pageNames().contains(page)) {
        std::fprintf(stderr, "crossvault: %s\n",
                     qPrintable(QCoreApplication::translate("main", "--page: '%1' is not a page; use one of %2.")
                                    .arg(page, MainWindow::pageNames().join(QStringLiteral(", ")))));
        return 2;
    }

    const QString workspacePath = Core::Workspace::resolvePath(parser.value(workspaceOption));
    // The language comes first so that workspace errors are shown in it too.
    const QString language
        = parser.isSet(languageOption) ? parser.value(languageOption) : ConsoleSettings(workspacePath).language();
    Translator::install(language);

    const bool screenshot = parser.isSet(screenshotOption);
    Core::Result<std::unique_ptr<Core::Workspace>> workspace = Core::Workspace::open(workspacePath);
    if (!workspace) {
        const QString what = QCoreApplication::translate("main", "The workspace %1 cannot be opened.")
                                 .arg(QDir::toNativeSeparators(workspacePath));
        if (screenshot) {
            std::fprintf(stderr, "crossvault: %s %s\n", qPrintable(what), qPrintable(workspace.error().message()));
        } else {
            MessageBox::critical(nullptr, QCoreApplication::translate("main", "Crossvault"), what,
                                 workspace.error().message() + QLatin1String("\n\n")
                                     + QCoreApplication::translate(
                                         "main",
                                         "Close any other Crossvault window or crossvault-cli using this workspace, "
                                         "or start with --workspace DIR to use another folder."));
        }
        return 1;
    }

    // The first read of a keyring-held secret may wait for the user to unlock the keyring:
    // make it here, off the GUI thread. The pool waits for it before the workspace goes.
    QThreadPool keyringPreload;
    keyringPreload.start([&secrets = workspace.value()->secrets()] { secrets.preloadKeyring(); });

    MainWindow window(*workspace.value());
    if (screenshot) {
        return takeScreenshot(window, parser.value(screenshotOption), page);
    }
    window.showPage(page);
    window.show();
    return QApplication::exec();
}
