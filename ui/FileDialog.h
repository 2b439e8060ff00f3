#pragma once

#include <QString>

class QWidget;

// File dialogs go through here so tests can answer them (KeePassXC gui/FileDialog.h pattern).
class FileDialog final
{
public:
    FileDialog() = delete;

    // Returns the chosen folder, or an empty string when cancelled.
    static QString existingDirectory(QWidget* parent, const QString& caption, const QString& start);
    // For tests: the next call returns path without showing a dialog.
    static void setNextDirectory(const QString& path);

    // Returns the chosen existing file / file to write, or an empty string when cancelled.
    static QString openFileName(QWidget* parent, const QString& caption, const QString& start,
                                const QString& filter = {});
    static QString saveFileName(QWidget* parent, const QString& caption, const QString& start,
                                const QString& filter = {});
    // For tests: the next openFileName()/saveFileName() returns path without showing a dialog.
    static void setNextFileName(const QString& path);
};
