#include "app/cli/commands/AgentCommand.h"

#include "app/cli/Context.h"
#include "app/cli/CopySession.h"
#include "app/cli/KeyOptions.h"
#include "backend/jobs/JobRepository.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

namespace Cli {

namespace {

constexpr int kIntervalSeconds = 60;

} // namespace

QString AgentCommand::summary() const
{
    return QCoreApplication::translate("Cli", "run due work (replication copies); --once: run it and exit");
}

int AgentCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("Cli",
                                    "Runs what is due: copies of points that replicating vaults' targets still lack "
                                    "(after a --no-wait backup, an interrupted copy or a restart), and mirrors source "
                                    "points' deletions, archive moves and expiry changes into the targets. Jobs of "
                                    "killed processes are marked failed first. With --once it runs that once and "
                                    "exits; without, it checks every minute."));
    const QCommandLineOption once(QStringLiteral("once"),
                                  QCoreApplication::translate("Cli", "Run what is due and exit."));
    parser.addOption(once);
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("agent")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(QCoreApplication::translate("Cli", "agent: takes no arguments."));
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());

    int exit = ExitOk;
    QJsonArray done;
    int mirrored = 0;
    for (;;) {
        // A copy killed with its process left its job "running": settle it as failed; the
        // points it did not record are still pending below, so the copy resumes.
        (void)Jobs::JobRepository(ws.value()->catalog()).reconcileOrphans();
        Regions::RegionService regions(*ws.value());
        Vaults::VaultService vaults(*ws.value(), regions);
        Replication::ReplicationService replication(*ws.value(), regions, vaults);
        auto links = replication.links({}, true);
        if (!links)
            return context.fail(links.error());
        for (const Replication::ReplicationLink& link : std::as_const(links.value())) {
            // The passphrase given opens customer-key vaults only; a managed vault's key comes
            // from the workspace (a passphrase would be the wrong key for it).
            const auto record = vaults.find(link.source);
            const Backup::KeySource linkKey =
                record && record->encryption == QLatin1String("customer") ? key.value() : Backup::KeySource();
            // Deletions, archive moves and expiry changes of source points made elsewhere.
            if (auto changed = replication.reconcileTargets(link.source, linkKey); !changed) {
                context.err() << QCoreApplication::translate("Cli", "error: mirroring %1 into its targets: %2")
                                     .arg(link.source, changed.error().message())
                              << Qt::endl;
                exit = ExitFailed;
            } else {
                mirrored += changed.value();
            }
            auto pending = replication.pendingPoints(link.source, link.target);
            if (!pending)
                return context.fail(pending.error());
            if (pending->isEmpty())
                continue;
            QStringList ids;
            for (const Vaults::PointRecord& p : std::as_const(pending.value()))
                ids << p.id;
            auto copy = CopySession(context, *ws.value(), vaults).run(link.source, link.target, ids, linkKey);
            QJsonObject row {{QStringLiteral("source"), link.source},
                             {QStringLiteral("target"), link.target},
                             {QStringLiteral("points"), int(ids.size())}};
            if (!copy) {
                row.insert(QStringLiteral("error"), copy.error().message());
                context.err() << QCoreApplication::translate("Cli", "error: copy %1 -> %2: %3")
                                     .arg(link.source, link.target, copy.error().message())
                              << Qt::endl;
                exit = ExitFailed;
            } else {
                row.insert(QStringLiteral("job"), copy->id);
                row.insert(QStringLiteral("state"), Jobs::jobStateName(copy->outcome.state));
                if (copy->outcome.state != Jobs::JobState::Succeeded) {
                    context.err() << QCoreApplication::translate("Cli", "error: copy %1 -> %2: %3")
                                         .arg(link.source, link.target, copy->outcome.error)
                                  << Qt::endl;
                    exit = ExitFailed;
                }
            }
            done.append(row);
        }
        if (parser.isSet(once))
            break;
        QThread::sleep(kIntervalSeconds);
    }
    if (context.json())
        context.printJson(QJsonObject {{QStringLiteral("copies"), done}, {QStringLiteral("mirrored"), mirrored}});
    else
        context.out() << QCoreApplication::translate("Cli", "Agent: %n copy job(s) run.", nullptr, int(done.size()))
                      << ' '
                      << QCoreApplication::translate("Cli", "%n copy(ies) in targets updated to follow their source.",
                                                     nullptr, mirrored)
                      << Qt::endl;
    return exit;
}

} // namespace Cli
