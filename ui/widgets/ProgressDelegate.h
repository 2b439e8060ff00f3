#pragma once

#include <QStyledItemDelegate>

// Paints a column as a progress bar: the fraction comes from fractionRole (0..1; negative:
// unknown, painted as text only), the bar's label from DisplayRole. Other columns paint as
// usual. (qBittorrent TransferListDelegate + ProgressBarPainter.)
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)

public:
    ProgressDelegate(int column, int fractionRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_column;
    int m_fractionRole;
};
