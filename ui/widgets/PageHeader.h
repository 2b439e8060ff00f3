#pragma once

#include <QWidget>

class QLabel;

// The title and one-paragraph explanation at the top of every page.
class PageHeader final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PageHeader)

public:
    PageHeader(const QString& title, const QString& subtitle, QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setSubtitle(const QString& subtitle);

private:
    QLabel* m_title = nullptr;
    QLabel* m_subtitle = nullptr;
};
