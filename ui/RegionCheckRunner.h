#pragma once

#include "backend/regions/RegionService.h"

#include <QObject>

// Runs RegionService::checkLocation (the probe round trip: put, get, list, delete) on the
// global thread pool and reports each step and the outcome on this object's thread.
// Deleting the runner while a check runs is safe: the worker finishes on its own (the store
// has no cancellation; its retries and timeouts bound it) and its reports are dropped.
class RegionCheckRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionCheckRunner)

public:
    explicit RegionCheckRunner(QObject* parent = nullptr);
    ~RegionCheckRunner() override;

    // Starts a check; ignored (returns false) while one is running.
    bool start(const Regions::Region& region, const Regions::RegionSecrets& secrets);
    bool isRunning() const { return m_running; }

signals:
    void stepFinished(const QString& step, bool ok);
    // message: empty on success, else what failed and why (never a secret).
    void finished(bool ok, const QString& message);

private:
    bool m_running = false;
};
