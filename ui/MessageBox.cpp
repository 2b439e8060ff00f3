#include "ui/MessageBox.h"

#include <QAbstractButton>

namespace {

QMessageBox::StandardButton g_nextAnswer = QMessageBox::NoButton;
QString g_lastText;

} // namespace

void MessageBox::setNextAnswer(QMessageBox::StandardButton answer)
{
    g_nextAnswer = answer;
}

QString MessageBox::lastText()
{
    return g_lastText;
}

QMessageBox::StandardButton MessageBox::show(QWidget* parent, QMessageBox::Icon icon, const QString& title,
                                             const QString& text, const QString& informativeText,
                                             QMessageBox::StandardButtons buttons,
                                             QMessageBox::StandardButton defaultButton, const QString& acceptText)
{
    g_lastText = informativeText.isEmpty() ? text : text + QLatin1Char('\n') + informativeText;
    if (g_nextAnswer != QMessageBox::NoButton) {
        const QMessageBox::StandardButton answer = g_nextAnswer;
        g_nextAnswer = QMessageBox::NoButton;
        return answer;
    }
    QMessageBox box(icon, title, text, buttons, parent);
    box.setInformativeText(informativeText);
    box.setDefaultButton(defaultButton);
    if (!acceptText.isEmpty()) {
        if (QAbstractButton* accept = box.button(QMessageBox::Yes)) {
            accept->setText(acceptText);
        }
    }
    return QMessageBox::StandardButton(box.exec());
}

QMessageBox::StandardButton MessageBox::confirm(QWidget* parent, const QString& title, const QString& text,
                                                const QString& informativeText, const QString& acceptText)
{
    // Cancel is the default: a stray Enter must not destroy anything.
    const QMessageBox::StandardButton answer =
        show(parent, QMessageBox::Question, title, text, informativeText, QMessageBox::Yes | QMessageBox::Cancel,
             QMessageBox::Cancel, acceptText);
    return answer == QMessageBox::Yes ? QMessageBox::Yes : QMessageBox::Cancel;
}

QMessageBox::StandardButton MessageBox::information(QWidget* parent, const QString& title, const QString& text,
                                                    const QString& informativeText)
{
    return show(parent, QMessageBox::Information, title, text, informativeText, QMessageBox::Ok, QMessageBox::Ok, {});
}

QMessageBox::StandardButton MessageBox::warning(QWidget* parent, const QString& title, const QString& text,
                                                const QString& informativeText)
{
    return show(parent, QMessageBox::Warning, title, text, informativeText, QMessageBox::Ok, QMessageBox::Ok, {});
}

QMessageBox::StandardButton MessageBox::critical(QWidget* parent, const QString& title, const QString& text,
                                                 const QString& informativeText)
{
    return show(parent, QMessageBox::Critical, title, text, informativeText, QMessageBox::Ok, QMessageBox::Ok, {});
}
