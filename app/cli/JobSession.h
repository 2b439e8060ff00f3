#pragma once

#include "backend/core/Result.h"
#include "backend/jobs/JobRecord.h"

#include <QElapsedTimer>

#include <memory>

namespace Catalog {
class Catalog;
}
namespace Jobs {
class Job;
}

namespace Cli {

class Context;

// Runs one job to its end in the CLI: records it in the catalog through a JobRunner,
// prints progress on stderr (a live line on a terminal, a line every few seconds
// otherwise) and cancels it cleanly on Ctrl-C / SIGTERM.
class JobSession final
{
public:
    struct Ended
    {
        qint64 id = 0;
        Jobs::JobOutcome outcome;
    };

    JobSession(Context& context, Catalog::Catalog& catalog);
    // parentId: chain the job after that (finished or recorded) job, e.g. a copy after its backup.
    Core::Result<Ended> run(std::unique_ptr<Jobs::Job> job, qint64 parentId = 0);

    // Exit code for a job's end: 0 succeeded, 4 partial, else by its error code.
    static int exitCodeFor(const Jobs::JobOutcome& outcome);

private:
    void printProgress(const QString& type, const Jobs::JobProgress& progress, bool final);

    Context& m_context;
    Catalog::Catalog& m_catalog;
    bool m_tty = false;
    QElapsedTimer m_lastLine;
};

} // namespace Cli
