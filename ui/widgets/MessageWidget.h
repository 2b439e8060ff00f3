#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

// An in-page message strip (error, warning, information, success) shown above a form or a
// table, in the spirit of KeePassXC's MessageWidget: errors stay next to what caused them
// instead of in a modal box.
class MessageWidget final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageWidget)

public:
    enum class Type { Error, Warning, Information, Positive };
    Q_ENUM(Type)

    explicit MessageWidget(QWidget* parent = nullptr);

    void showMessage(const QString& text, Type type);
    // An error about a form: shown here, with field focused (and its text selected) so the
    // operator can correct it at once.
    void showError(const QString& text, QWidget* field = nullptr);
    void hideMessage();

    QString text() const;
    Type type() const { return m_type; }

private:
    void applyType();

    QLabel* m_icon = nullptr;
    QLabel* m_text = nullptr;
    QToolButton* m_close = nullptr;
    Type m_type = Type::Information;
};
