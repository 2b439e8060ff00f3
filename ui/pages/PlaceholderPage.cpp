#include "ui/pages/PlaceholderPage.h"

#include "ui/widgets/PageHeader.h"

#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

PlaceholderPage::PlaceholderPage(const QString& title, const QString& plannedContent, const QIcon& icon,
                                 QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 24, 28, 24);
    layout->setSpacing(16);
    layout->addWidget(new PageHeader(title, {}, this));

    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("placeholderCard"));
    card->setStyleSheet(QStringLiteral("QFrame#placeholderCard { background: #f7f9fc; border: 1px dashed #b8c2cf;"
                                       " border-radius: 6px; }"));
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(32, 32, 32, 32);
    cardLayout->setSpacing(12);

    auto* iconLabel = new QLabel(card);
    iconLabel->setPixmap(icon.pixmap(48, 48));
    iconLabel->setAlignment(Qt::AlignHCenter);
    cardLayout->addWidget(iconLabel);

    auto* status = new QLabel(tr("This page is not built yet."), card);
    status->setObjectName(QStringLiteral("placeholderStatus"));
    QFont statusFont = status->font();
    statusFont.setWeight(QFont::DemiBold);
    statusFont.setPointSizeF(statusFont.pointSizeF() * 1.15);
    status->setFont(statusFont);
    status->setAlignment(Qt::AlignHCenter);
    cardLayout->addWidget(status);

    auto* planned = new QLabel(plannedContent, card);
    planned->setObjectName(QStringLiteral("placeholderText"));
    planned->setWordWrap(true);
    planned->setAlignment(Qt::AlignHCenter);
    planned->setMaximumWidth(560);
    cardLayout->addWidget(planned, 0, Qt::AlignHCenter);

    layout->addWidget(card);
    layout->addStretch(1);
}
