#pragma once

#include <QMessageBox>

// Every modal box goes through here so tests can answer it: setNextAnswer(button) makes the
// next box return that button without showing (KeePassXC gui/MessageBox.h pattern).
class MessageBox final
{
public:
    MessageBox() = delete;

    // Asks before something destructive. acceptText names the action ("Remove"); the
    // answer is QMessageBox::Yes when accepted, QMessageBox::Cancel otherwise.
    static QMessageBox::StandardButton confirm(QWidget* parent, const QString& title, const QString& text,
                                               const QString& informativeText, const QString& acceptText);
    static QMessageBox::StandardButton information(QWidget* parent, const QString& title, const QString& text,
                                                   const QString& informativeText = {});
    static QMessageBox::StandardButton warning(QWidget* parent, const QString& title, const QString& text,
                                               const QString& informativeText = {});
    static QMessageBox::StandardButton critical(QWidget* parent, const QString& title, const QString& text,
                                                const QString& informativeText = {});

    // For tests: the next box returns answer without being shown.
    static void setNextAnswer(QMessageBox::StandardButton answer);
    // For tests: title and text of the last box (shown or answered).
    static QString lastText();

private:
    static QMessageBox::StandardButton show(QWidget* parent, QMessageBox::Icon icon, const QString& title,
                                            const QString& text, const QString& informativeText,
                                            QMessageBox::StandardButtons buttons,
                                            QMessageBox::StandardButton defaultButton, const QString& acceptText);
};
