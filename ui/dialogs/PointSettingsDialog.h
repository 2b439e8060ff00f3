#pragma once

#include "backend/vaults/PointRecord.h"

#include <QDateTime>
#include <QDialog>

class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QRadioButton;

// A backup point's storage tier and expiry, as AWS Backup's lifecycle or Alibaba's
// "modify retention": standard or archive (archive points are not copied to other regions and
// their copies in replication targets are removed), kept until deleted or expiring on a date.
// A locked point's expiry can only move later. The page applies the changes on a worker.
class PointSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PointSettingsDialog)

public:
    PointSettingsDialog(const QString& vault, const Vaults::PointRecord& point, QWidget* parent = nullptr);
    ~PointSettingsDialog() override;

    QString tier() const;
    // Invalid: kept until deleted. The end of the chosen day, local time, in UTC.
    QDateTime expires() const;
    bool tierChanged() const;
    bool expiryChanged() const;

    void accept() override;

private:
    void updateHints();

    Vaults::PointRecord m_point;
    QComboBox* m_tier = nullptr;
    QLabel* m_tierHint = nullptr;
    QRadioButton* m_keep = nullptr;
    QRadioButton* m_expire = nullptr;
    QDateEdit* m_date = nullptr;
    QLabel* m_expiryHint = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
