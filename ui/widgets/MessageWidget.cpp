#include "ui/widgets/MessageWidget.h"

#include <QLineEdit>

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

MessageWidget::MessageWidget(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageWidget"));
    m_text->setObjectName(QStringLiteral("messageText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setTextFormat(Qt::PlainText);
    m_close->setObjectName(QStringLiteral("messageCloseButton"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close this message"));
    m_icon->setAlignment(Qt::AlignTop);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 6, 8);
    layout->setSpacing(10);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_close, &QToolButton::clicked, this, &MessageWidget::hideMessage);
    setVisible(false);
}

void MessageWidget::showMessage(const QString& text, Type type)
{
    m_type = type;
    m_text->setText(text);
    applyType();
    setVisible(true);
}

void MessageWidget::showError(const QString& text, QWidget* field)
{
    showMessage(text, Type::Error);
    if (field) {
        field->setFocus();
        if (auto* edit = qobject_cast<QLineEdit*>(field)) {
            edit->selectAll();
        }
    }
}

void MessageWidget::hideMessage()
{
    m_text->clear();
    setVisible(false);
}

QString MessageWidget::text() const
{
    return m_text->text();
}

void MessageWidget::applyType()
{
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString background;
    QString border;
    switch (m_type) {
    case Type::Error:
        icon = QStyle::SP_MessageBoxCritical;
        background = QStringLiteral("#fdecec");
        border = QStringLiteral("#e06c6c");
        break;
    case Type::Warning:
        icon = QStyle::SP_MessageBoxWarning;
        background = QStringLiteral("#fff6e0");
        border = QStringLiteral("#e0b050");
        break;
    case Type::Information:
        icon = QStyle::SP_MessageBoxInformation;
        background = QStringLiteral("#e8f1fb");
        border = QStringLiteral("#6c9fd8");
        break;
    case Type::Positive:
        icon = QStyle::SP_DialogApplyButton;
        background = QStringLiteral("#e7f6ec");
        border = QStringLiteral("#5cb37a");
        break;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    // Scoped to this object so the colours do not leak into child widgets.
    setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border: 1px solid %3; border-radius: 4px; }"
                                 " QLabel { color: #1f2933; }")
                      .arg(objectName(), background, border));
}
