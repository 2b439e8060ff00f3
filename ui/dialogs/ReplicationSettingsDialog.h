#pragma once

#include <QDialog>

class QSpinBox;

// The workspace's replication settings: how many replication-target vaults one region may
// hold (Alibaba's default of 5; several sources may replicate into one region). A lower
// limit refuses new targets only. The caller writes the value on a worker.
class ReplicationSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplicationSettingsDialog)

public:
    explicit ReplicationSettingsDialog(int maxTargetsPerRegion, QWidget* parent = nullptr);
    ~ReplicationSettingsDialog() override;

    int maxTargetsPerRegion() const;

private:
    QSpinBox* m_limit = nullptr;
};
