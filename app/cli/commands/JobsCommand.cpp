#include "app/cli/commands/JobsCommand.h"

#include "app/cli/Context.h"
#include "backend/core/Workspace.h"
#include "backend/jobs/JobRepository.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Cli {

namespace {

std::optional<qint64> parseId(const QString& text)
{
    bool ok = false;
    const qint64 id = text.toLongLong(&ok);
    if (!ok || id <= 0)
        return std::nullopt;
    return id;
}

} // namespace

QString JobsCommand::summary() const
{
    return QCoreApplication::translate("Cli", "list, show or cancel jobs (backups, restores, checks…)");
}

int JobsCommand::run(Context& context, const QStringList& args)
{
    const QString usageText = QCoreApplication::translate(
        "Cli", "Usage: crossvault-cli jobs list [--state S] [--type T] | show ID | cancel ID");
    if (args.isEmpty())
        return context.usage(usageText);
    const QString sub = args.first();
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        context.out() << usageText << Qt::endl;
        return ExitOk;
    }
    if (sub != QLatin1String("list") && sub != QLatin1String("show") && sub != QLatin1String("cancel"))
        return context.usage(QCoreApplication::translate("Cli", "jobs: unknown sub-command '%1'.\n").arg(sub)
                             + usageText);

    QCommandLineParser parser;
    const QCommandLineOption state(
        QStringLiteral("state"),
        QCoreApplication::translate("Cli",
                                    "Only jobs in this state: queued, running, succeeded, failed, cancelled, partial."),
        QStringLiteral("S"));
    const QCommandLineOption type(QStringLiteral("type"),
                                  QCoreApplication::translate("Cli", "Only jobs of this type: backup, restore, check…"),
                                  QStringLiteral("T"));
    if (sub == QLatin1String("list")) {
        parser.setApplicationDescription(QCoreApplication::translate("Cli", "Lists jobs, newest first."));
        parser.addOptions({state, type});
    } else {
        parser.setApplicationDescription(
            sub == QLatin1String("show")
                ? QCoreApplication::translate("Cli", "Shows one job with its progress and result.")
                : QCoreApplication::translate("Cli",
                                              "Cancels a queued or running job (also one run by "
                                              "another process)."));
        parser.addPositionalArgument(QStringLiteral("ID"),
                                     QCoreApplication::translate("Cli", "Job id (see 'jobs list')."));
    }
    if (auto code = context.parse(parser, args.mid(1), QStringLiteral("jobs ") + sub))
        return *code;

    std::optional<qint64> id;
    if (sub == QLatin1String("list")) {
        if (!parser.positionalArguments().isEmpty())
            return context.usage(QCoreApplication::translate("Cli", "jobs list: unexpected argument '%1'.")
                                     .arg(parser.positionalArguments().first()));
        static const QStringList states {QStringLiteral("queued"),    QStringLiteral("running"),
                                         QStringLiteral("succeeded"), QStringLiteral("failed"),
                                         QStringLiteral("cancelled"), QStringLiteral("partial")};
        if (parser.isSet(state) && !states.contains(parser.value(state)))
            return context.usage(QCoreApplication::translate("Cli", "jobs list: --state must be one of %1, not '%2'.")
                                     .arg(states.join(QStringLiteral(", ")), parser.value(state)));
    } else {
        if (parser.positionalArguments().size() != 1)
            return context.usage(QCoreApplication::translate("Cli", "jobs %1: give exactly one job ID.").arg(sub));
        id = parseId(parser.positionalArguments().first());
        if (!id)
            return context.usage(QCoreApplication::translate("Cli", "jobs %1: ID must be a positive number, not '%2'.")
                                     .arg(sub, parser.positionalArguments().first()));
    }

    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());
    Jobs::JobRepository repo(ws.value()->catalog());
    // Jobs of killed processes would otherwise look alive forever.
    (void)repo.reconcileOrphans();

    if (sub == QLatin1String("list")) {
        auto jobs = repo.list(parser.value(state), parser.value(type));
        if (!jobs)
            return context.fail(jobs.error());
        if (context.json()) {
            QJsonArray array;
            for (const Jobs::JobRecord& j : std::as_const(jobs.value()))
                array.append(j.toJson());
            context.printJson(array);
            return ExitOk;
        }
        QTextStream& out = context.out();
        out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                   .arg(QCoreApplication::translate("Cli", "ID"), 6)
                   .arg(QCoreApplication::translate("Cli", "TYPE"), -8)
                   .arg(QCoreApplication::translate("Cli", "STATE"), -10)
                   .arg(QCoreApplication::translate("Cli", "VAULT"), -16)
                   .arg(QCoreApplication::translate("Cli", "CREATED"), -20)
                   .arg(QCoreApplication::translate("Cli", "DETAIL"));
        for (const Jobs::JobRecord& j : std::as_const(jobs.value())) {
            QString detail = j.error.isEmpty() ? j.description : j.error;
            if (j.state == Jobs::JobState::Running && j.progress.bytesTotal > 0)
                detail = QStringLiteral("%1 %2% ")
                             .arg(j.progress.phase)
                             .arg(j.progress.bytesDone * 100 / j.progress.bytesTotal)
                    + detail;
            out << QStringLiteral("%1  %2  %3  %4  %5  %6\n")
                       .arg(j.id, 6)
                       .arg(j.type, -8)
                       .arg(Jobs::jobStateName(j.state), -10)
                       .arg(j.vault, -16)
                       .arg(j.created.toUTC().toString(Qt::ISODate), -20)
                       .arg(detail);
        }
        return ExitOk;
    }

    auto job = repo.find(*id);
    if (!job)
        return context.fail(job.error());
    if (sub == QLatin1String("show")) {
        if (context.json())
            context.printJson(job->toJson());
        else
            context.out() << QJsonDocument(job->toJson()).toJson(QJsonDocument::Indented);
        return ExitOk;
    }

    // cancel
    if (Jobs::isFinalState(job->state))
        return context.fail(Core::fail(
            Core::ErrorCode::Refused,
            QCoreApplication::translate("Cli", "Job %1 has already finished (%2); there is nothing to cancel.")
                .arg(*id)
                .arg(Jobs::jobStateName(job->state))));
    if (auto s = repo.requestCancel(*id); !s)
        return context.fail(s.error());
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("id"), *id}, {QStringLiteral("cancelRequested"), true}});
    else
        context.out()
            << QCoreApplication::translate(
                   "Cli",
                   "Asked job %1 to cancel; the process running it (pid %2) stops it within a second or so, leaving "
                   "the vault consistent.")
                   .arg(*id)
                   .arg(job->pid)
            << Qt::endl;
    return ExitOk;
}

} // namespace Cli
