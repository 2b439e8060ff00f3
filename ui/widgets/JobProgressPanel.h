#pragma once

#include "backend/jobs/JobRecord.h"

#include <QFrame>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Jobs {
class JobRunner;
}

// A strip that follows one job of the runner: what it does, its phase, bytes, rate and
// time left, and a Cancel button. Hides itself when the job ends and says how it ended.
// Given several jobs (copies of one point to several regions), it follows them in turn and
// reports each as it ends, those that ended while waiting their turn included.
class JobProgressPanel final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobProgressPanel)

public:
    explicit JobProgressPanel(Jobs::JobRunner* runner, QWidget* parent = nullptr);

    struct FollowedJob
    {
        qint64 id = 0;
        QString title;
    };

    // Follows job id (a job of the runner); title says what it does.
    void follow(qint64 id, const QString& title);
    // Follows jobs one after another; an empty list hides the panel.
    void follow(const QList<FollowedJob>& jobs);
    qint64 jobId() const { return m_id; }

signals:
    void jobFinished(qint64 id, const Jobs::JobOutcome& outcome);

private:
    void showProgress(const Jobs::JobProgress& progress);
    void jobEnded(qint64 id, const Jobs::JobOutcome& outcome);
    // Moves to the next queued job, reporting the queued ones that already ended.
    void followNext();
    static QString phaseText(const QString& phase);

    QPointer<Jobs::JobRunner> m_runner;
    qint64 m_id = 0;
    QLabel* m_title = nullptr;
    QProgressBar* m_bar = nullptr;
    QLabel* m_details = nullptr;
    QPushButton* m_cancel = nullptr;
    QList<FollowedJob> m_queue;
    QHash<qint64, Jobs::JobOutcome> m_endedWhileQueued;
    QSet<qint64> m_startedWhileQueued;
    QString m_cancelTip;
};
