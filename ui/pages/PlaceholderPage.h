#pragma once

#include <QIcon>
#include <QWidget>

// Stands in for a page that is not built yet and says plainly what it will do.
class PlaceholderPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderPage)

public:
    PlaceholderPage(const QString& title, const QString& plannedContent, const QIcon& icon,
                    QWidget* parent = nullptr);
};
