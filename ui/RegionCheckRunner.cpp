#include "ui/RegionCheckRunner.h"

#include <QThreadPool>

#include <memory>

namespace {

// Lives on the runner's thread and is shared with the worker, so the worker never touches the
// runner itself: it emits through the relay (queued to the runner, dropped when the runner is
// gone) and the relay is deleted on its own thread once the last owner lets go.
class CheckRelay final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

signals:
    void stepFinished(const QString& step, bool ok);
    void finished(bool ok, const QString& message);
};

} // namespace

RegionCheckRunner::RegionCheckRunner(QObject* parent)
    : QObject(parent)
{
}

RegionCheckRunner::~RegionCheckRunner() = default;

bool RegionCheckRunner::start(const Regions::Region& region, const Regions::RegionSecrets& secrets)
{
    if (m_running) {
        return false;
    }
    m_running = true;
    std::shared_ptr<CheckRelay> relay(new CheckRelay, [](CheckRelay* r) { r->deleteLater(); });
    connect(relay.get(), &CheckRelay::stepFinished, this, &RegionCheckRunner::stepFinished, Qt::QueuedConnection);
    connect(relay.get(), &CheckRelay::finished, this,
            [this](bool ok, const QString& message) {
                m_running = false;
                emit finished(ok, message);
            },
            Qt::QueuedConnection);
    QThreadPool::globalInstance()->start([relay, region, secrets] {
        const Core::Status checked = Regions::RegionService::checkLocation(
            region, secrets, [&relay](const QString& step, bool ok) { emit relay->stepFinished(step, ok); });
        emit relay->finished(checked.ok(), checked ? QString() : checked.error().message());
    });
    return true;
}

#include "RegionCheckRunner.moc"
