#pragma once

#include "backend/jobs/JobRecord.h"

#include <QFrame>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Jobs {
class JobRunner;
}

// A strip that follows one job of the runner: what it does, its phase, bytes, rate and
// time left, and a Cancel button. Hides itself when the job ends and says how it ended.
class JobProgressPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobProgressPanel)

public:
    explicit JobProgressPanel(Jobs::JobRunner* runner, QWidget* parent = nullptr);

    // Follows job id (a job of the runner); title says what it does.
    void follow(qint64 id, const QString& title);
    qint64 jobId() const { return m_id; }

signals:
    void jobFinished(qint64 id, const Jobs::JobOutcome& outcome);

private:
    void showProgress(const Jobs::JobProgress& progress);
    static QString phaseText(const QString& phase);

    QPointer<Jobs::JobRunner> m_runner;
    qint64 m_id = 0;
    QLabel* m_title = nullptr;
    QProgressBar* m_bar = nullptr;
    QLabel* m_details = nullptr;
    QPushButton* m_cancel = nullptr;
};
