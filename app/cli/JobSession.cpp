#include "app/cli/JobSession.h"

#include "app/cli/Context.h"
#include "backend/core/Units.h"
#include "backend/jobs/Job.h"
#include "backend/jobs/JobRunner.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace Cli {

namespace {

std::atomic_bool interrupted {false};

extern "C" void onInterrupt(int)
{
    interrupted = true;
}

constexpr qint64 lineIntervalMs = 2000; // non-terminal: one progress line every 2 s

} // namespace

JobSession::JobSession(Context& context, Catalog::Catalog& catalog)
    : m_context(context)
    , m_catalog(catalog)
    , m_tty(::isatty(STDERR_FILENO) == 1)
{ }

int JobSession::exitCodeFor(const Jobs::JobOutcome& outcome)
{
    switch (outcome.state) {
    case Jobs::JobState::Succeeded:
        return ExitOk;
    case Jobs::JobState::Partial:
        return ExitPartial;
    default:
        return Cli::exitCodeFor(Core::Error(outcome.errorCode, outcome.error));
    }
}

Core::Result<JobSession::Ended> JobSession::run(std::unique_ptr<Jobs::Job> job, qint64 parentId)
{
    Jobs::JobRunner runner(m_catalog);
    const QString type = job->type();
    QEventLoop loop;
    Ended ended;
    bool done = false;
    QObject::connect(&runner, &Jobs::JobRunner::jobProgress, &loop,
                     [this, type](qint64, const Jobs::JobProgress& p) { printProgress(type, p, false); });
    QObject::connect(&runner, &Jobs::JobRunner::jobFinished, &loop, [&](qint64 id, const Jobs::JobOutcome& o) {
        ended.id = id;
        ended.outcome = o;
        done = true;
        loop.quit();
    });

    auto id = parentId > 0 ? runner.chain(parentId, std::move(job)) : runner.submit(std::move(job));
    if (!id)
        return id.error();
    m_lastLine.start();
    if (!m_context.json() || !m_tty)
        m_context.err() << QCoreApplication::translate("Cli", "%1 job %2 started.").arg(type).arg(id.value())
                        << Qt::endl;

    // Ctrl-C / SIGTERM cancel the job; it stops promptly and leaves the vault consistent.
    interrupted = false;
    auto oldInt = std::signal(SIGINT, onInterrupt);
    auto oldTerm = std::signal(SIGTERM, onInterrupt);
    QTimer poll;
    bool cancelAsked = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (interrupted && !cancelAsked) {
            cancelAsked = true;
            m_context.err() << (m_tty ? QStringLiteral("\n") : QString())
                            << QCoreApplication::translate("Cli", "Cancelling job %1…").arg(id.value()) << Qt::endl;
            (void)runner.cancel(id.value());
        }
    });
    poll.start(100);
    if (!done)
        loop.exec();
    poll.stop();
    std::signal(SIGINT, oldInt);
    std::signal(SIGTERM, oldTerm);

    if (auto* finished = runner.job(ended.id))
        printProgress(type, finished->progress(), true);
    return ended;
}

void JobSession::printProgress(const QString& type, const Jobs::JobProgress& p, bool final)
{
    QTextStream& err = m_context.err();
    QString text;
    if (p.bytesTotal > 0) {
        const int percent = int(std::clamp<qint64>(p.bytesDone * 100 / p.bytesTotal, 0, 100));
        text = QCoreApplication::translate("Cli", "%1: %2 %3% (%4 of %5")
                   .arg(type, p.phase)
                   .arg(percent)
                   .arg(Core::formatBytes(p.bytesDone), Core::formatBytes(p.bytesTotal));
    } else {
        text = QCoreApplication::translate("Cli", "%1: %2 (%3").arg(type, p.phase, Core::formatBytes(p.bytesDone));
    }
    if (p.filesTotal > 0)
        text += QCoreApplication::translate("Cli", ", %1/%2 files").arg(p.filesDone).arg(p.filesTotal);
    if (p.rate > 0)
        text += QCoreApplication::translate("Cli", ", %1/s").arg(Core::formatBytes(qint64(p.rate)));
    if (p.eta >= 0)
        text += QCoreApplication::translate("Cli", ", ETA %1 s").arg(p.eta);
    text += QLatin1Char(')');

    if (m_tty) {
        err << QLatin1Char('\r') << text.leftJustified(100, QLatin1Char(' '), true);
        if (final)
            err << Qt::endl;
        else
            err.flush();
    } else if (!final && m_lastLine.elapsed() >= lineIntervalMs) {
        m_lastLine.restart();
        err << text << Qt::endl;
    }
}

} // namespace Cli
