#include "ui/widgets/JobProgressPanel.h"

#include "backend/core/Units.h"
#include "backend/jobs/JobRunner.h"
#include "models/JobModel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

JobProgressPanel::JobProgressPanel(Jobs::JobRunner* runner, QWidget* parent)
    : QFrame(parent)
    , m_runner(runner)
    , m_title(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_details(new QLabel(this))
    , m_cancel(new QPushButton(tr("&Cancel"), this))
{
    setObjectName(QStringLiteral("jobProgressPanel"));
    setAttribute(Qt::WA_StyledBackground, true);
    setStyleSheet(QStringLiteral("QFrame#jobProgressPanel { background: #eef4fb; border: 1px solid #c9dcf2; "
                                 "border-radius: 6px; }"));
    m_title->setObjectName(QStringLiteral("jobTitle"));
    QFont bold = m_title->font();
    bold.setWeight(QFont::DemiBold);
    m_title->setFont(bold);
    m_title->setTextFormat(Qt::PlainText);
    m_bar->setObjectName(QStringLiteral("jobProgressBar"));
    m_bar->setRange(0, 0);
    m_bar->setTextVisible(true);
    m_details->setObjectName(QStringLiteral("jobDetails"));
    m_cancel->setObjectName(QStringLiteral("cancelJobButton"));
    m_cancelTip = tr("Stop the job; a cancelled backup leaves no point behind");
    m_cancel->setToolTip(m_cancelTip);

    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(6);
    layout->addLayout(top);
    layout->addWidget(m_bar);
    layout->addWidget(m_details);
    setVisible(false);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_runner && m_id) {
            m_cancel->setEnabled(false);
            m_details->setText(tr("Cancelling…"));
            (void)m_runner->cancel(m_id);
        }
    });
    if (m_runner) {
        connect(m_runner, &Jobs::JobRunner::jobStarted, this, [this](qint64 id) {
            if (id == m_id) {
                m_details->setText(tr("Starting…"));
            } else if (std::any_of(m_queue.cbegin(), m_queue.cend(),
                                   [id](const FollowedJob& queued) { return queued.id == id; })) {
                m_startedWhileQueued.insert(id);
            }
        });
        connect(m_runner, &Jobs::JobRunner::jobProgress, this, [this](qint64 id, const Jobs::JobProgress& progress) {
            if (id == m_id) {
                showProgress(progress);
            }
        });
        connect(m_runner, &Jobs::JobRunner::jobFinished, this, &JobProgressPanel::jobEnded);
    }
}

void JobProgressPanel::follow(qint64 id, const QString& title)
{
    follow(QList<FollowedJob> {{id, title}});
}

void JobProgressPanel::follow(const QList<FollowedJob>& jobs)
{
    m_queue = jobs;
    m_endedWhileQueued.clear();
    m_startedWhileQueued.clear();
    m_id = 0;
    followNext();
}

void JobProgressPanel::jobEnded(qint64 id, const Jobs::JobOutcome& outcome)
{
    if (id == m_id) {
        m_id = 0;
        emit jobFinished(id, outcome);
        if (m_id == 0) { // unless a slot followed another job meanwhile
            followNext();
        }
        return;
    }
    for (const FollowedJob& queued : std::as_const(m_queue)) {
        if (queued.id == id) {
            m_endedWhileQueued.insert(id, outcome);
        }
    }
}

void JobProgressPanel::followNext()
{
    while (!m_queue.isEmpty()) {
        const FollowedJob next = m_queue.takeFirst();
        if (m_endedWhileQueued.contains(next.id)) {
            emit jobFinished(next.id, m_endedWhileQueued.take(next.id));
            if (m_id != 0) {
                return; // a slot followed another job meanwhile
            }
            continue;
        }
        m_id = next.id;
        m_title->setText(next.title);
        m_bar->setRange(0, 0);
        // Jobs of a batch run side by side: the next one may be well under way.
        m_details->setText(m_startedWhileQueued.contains(next.id) ? tr("Running…")
                                                                  : tr("Waiting for other jobs on this vault…"));
        m_cancel->setEnabled(true);
        m_cancel->setToolTip(m_queue.isEmpty() ? m_cancelTip : tr("Stop this job only; the jobs shown after it go on"));
        setVisible(true);
        return;
    }
    setVisible(false);
}

QString JobProgressPanel::phaseText(const QString& phase)
{
    if (phase == QLatin1String("scan")) {
        return tr("Scanning");
    }
    if (phase == QLatin1String("read")) {
        return tr("Reading");
    }
    if (phase == QLatin1String("store")) {
        return tr("Storing");
    }
    if (phase == QLatin1String("finalise")) {
        return tr("Finalising");
    }
    if (phase == QLatin1String("verify")) {
        return tr("Verifying");
    }
    if (phase == QLatin1String("restore")) {
        return tr("Restoring");
    }
    if (phase == QLatin1String("check")) {
        return tr("Checking");
    }
    return phase;
}

void JobProgressPanel::showProgress(const Jobs::JobProgress& progress)
{
    QStringList parts;
    parts << phaseText(progress.phase);
    if (progress.bytesTotal > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::min<qint64>(1000, progress.bytesDone * 1000 / progress.bytesTotal)));
        parts << tr("%1 of %2").arg(Core::formatBytes(progress.bytesDone), Core::formatBytes(progress.bytesTotal));
    } else {
        m_bar->setRange(0, 0);
        if (progress.bytesDone > 0) {
            parts << Core::formatBytes(progress.bytesDone);
        }
    }
    if (progress.filesTotal > 0) {
        parts << tr("%1 of %2 files").arg(progress.filesDone).arg(progress.filesTotal);
    }
    if (const QString rate = JobModel::formatRate(progress.rate); !rate.isEmpty()) {
        parts << rate;
    }
    if (const QString eta = JobModel::formatEta(progress.eta); !eta.isEmpty()) {
        parts << tr("%1 left").arg(eta);
    }
    parts.removeAll(QString());
    m_details->setText(parts.join(QStringLiteral(" · ")));
}
