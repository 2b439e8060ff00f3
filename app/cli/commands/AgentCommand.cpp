#include "app/cli/commands/AgentCommand.h"

#include "app/cli/Context.h"
#include "app/cli/CopySession.h"
#include "app/cli/KeyOptions.h"
#include "backend/regions/RegionService.h"
#include "backend/replication/ReplicationService.h"
#include "backend/vaults/VaultService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

namespace Cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}

constexpr int kIntervalSeconds = 60;

} // namespace

QString AgentCommand::summary() const
{
    return tr("run due work (replication copies); --once: run it and exit");
}

int AgentCommand::run(Context& context, const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Runs what is due: copies of points that replicating vaults' targets still lack "
                                        "(after a --no-wait backup, an interrupted copy or a restart). With --once it runs "
                                        "that once and exits; without, it checks every minute."));
    const QCommandLineOption once(QStringLiteral("once"), tr("Run what is due and exit."));
    parser.addOption(once);
    const KeyOptions keys;
    keys.addTo(parser);
    if (auto code = context.parse(parser, args, QStringLiteral("agent")))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return context.usage(tr("agent: takes no arguments."));
    auto key = keys.keySource(context, parser);
    if (!key)
        return context.fail(key.error());
    auto ws = context.workspace();
    if (!ws)
        return context.fail(ws.error());

    int exit = ExitOk;
    QJsonArray done;
    for (;;) {
        Regions::RegionService regions(*ws.value());
        Vaults::VaultService vaults(*ws.value(), regions);
        Replication::ReplicationService replication(*ws.value(), regions, vaults);
        auto links = replication.links({}, true);
        if (!links)
            return context.fail(links.error());
        for (const Replication::ReplicationLink& link : std::as_const(links.value())) {
            auto pending = replication.pendingPoints(link.source, link.target);
            if (!pending)
                return context.fail(pending.error());
            if (pending->isEmpty())
                continue;
            QStringList ids;
            for (const Vaults::PointRecord& p : std::as_const(pending.value()))
                ids << p.id;
            auto copy = CopySession(context, *ws.value(), vaults).run(link.source, link.target, ids, key.value());
            QJsonObject row{{QStringLiteral("source"), link.source}, {QStringLiteral("target"), link.target},
                            {QStringLiteral("points"), int(ids.size())}};
            if (!copy) {
                row.insert(QStringLiteral("error"), copy.error().message());
                context.err() << tr("error: copy %1 -> %2: %3").arg(link.source, link.target, copy.error().message()) << Qt::endl;
                exit = ExitFailed;
            } else {
                row.insert(QStringLiteral("job"), copy->id);
                row.insert(QStringLiteral("state"), Jobs::jobStateName(copy->outcome.state));
                if (copy->outcome.state != Jobs::JobState::Succeeded) {
                    context.err() << tr("error: copy %1 -> %2: %3").arg(link.source, link.target, copy->outcome.error) << Qt::endl;
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
        context.printJson(QJsonObject{{QStringLiteral("copies"), done}});
    else
        context.out() << QCoreApplication::translate("Cli", "Agent: %n copy job(s) run.", nullptr, int(done.size())) << Qt::endl;
    return exit;
}

} // namespace Cli
