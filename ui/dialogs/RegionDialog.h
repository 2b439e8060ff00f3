#pragma once

#include "backend/regions/Region.h"
#include "backend/regions/RegionService.h"

#include <QByteArray>
#include <QDialog>
#include <QHash>
#include <QJsonObject>
#include <QStringList>

#include <memory>

namespace Ui {
class RegionDialog;
}
class MessageWidget;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class RegionCheckRunner;

// Adds a region or edits one. Validation errors appear inline (RegionService::validate,
// S3Location); the storage check (RegionService::checkLocation, a real round trip) runs on a
// worker so the dialog stays responsive, and the region is saved only when both pass.
// The Storage group holds one page per kind in kindStack (local folder, S3-compatible bucket).
// S3 keys go to the workspace's SecretStore and are never shown again: when editing, blank
// key fields keep the stored keys.
class RegionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionDialog)

public:
    // How the last "Test connection" went (for the S3 page and for tests).
    enum class TestState { NotRun, Running, Passed, Failed };
    Q_ENUM(TestState)

    // Adds a new region.
    explicit RegionDialog(Regions::RegionService& service, QWidget* parent = nullptr);
    // Edits region (display name, provider, continent, price sheet and, for S3, the keys;
    // name, kind and location are fixed once created).
    RegionDialog(Regions::RegionService& service, const Regions::Region& region, QWidget* parent = nullptr);
    ~RegionDialog() override;

    bool isNew() const { return m_isNew; }
    // The region the form describes now (without keys).
    Regions::Region regionFromForm() const;
    // Name of the region saved by the last successful accept().
    const QString& savedName() const { return m_savedName; }
    TestState testState() const { return m_testState; }
    // The steps of the last connection test, one line each ("ok: write a probe object").
    const QStringList& testSteps() const { return m_testSteps; }
    MessageWidget* messageWidget() const;
    bool isBusy() const { return m_busy; }

    void accept() override;
    // Runs the probe round trip with what the form holds (S3 page's button).
    void testConnection();

private:
    // What to do when a location check ends.
    enum class AfterCheck { Report, Save };

    void setupForm();
    void setupKinds();
    void loadRegion(const Regions::Region& region);
    void browseFolder();
    void browseCaFile();
    void kindChanged();
    void s3InputChanged();
    void setBusy(bool busy, const QString& message = {});
    // Checks the form without I/O; shows the first problem inline and focuses its field.
    bool checkForm(const Regions::Region& region);
    // The keys to use: the fields, or for a blank field when editing, the stored key.
    Regions::RegionSecrets secretsForCheck() const;
    Regions::RegionSecrets enteredSecrets() const;
    bool keysEntered() const;
    QByteArray fingerprint(const Regions::Region& region, const Regions::RegionSecrets& secrets) const;
    void startCheck(const Regions::Region& region, const Regions::RegionSecrets& secrets, AfterCheck after);
    void checkStepFinished(const QString& step, bool ok);
    void checkFinished(bool ok, const QString& message);
    void renderSteps();
    void growToFit();
    void alignFormLabels();
    void addTransferRows();
    void loadTransfer(const QJsonObject& settings);
    void applyTransfer(QJsonObject& settings) const;
    void save(const Regions::Region& region, const Regions::RegionSecrets& secrets);
    void forgetKeys();

    std::unique_ptr<Ui::RegionDialog> m_ui;
    Regions::RegionService& m_service;
    Regions::Region m_original;
    QHash<QString, QWidget*> m_kindPages;
    RegionCheckRunner* m_check = nullptr;
    // S3 transfer settings (partSize, maxParallel, bandwidthLimit): editable after creation.
    QSpinBox* m_partSizeSpin = nullptr;
    QSpinBox* m_maxRequestsSpin = nullptr;
    QDoubleSpinBox* m_limitRateSpin = nullptr;
    // The fields as loadRegion() filled them: an edit writes back only the ones changed, so a
    // value the CLI set finer than the fields show (40 kB/s, 10 MB parts) survives.
    int m_loadedPartMiB = 0;
    int m_loadedMaxRequests = 0;
    double m_loadedLimitRate = -1;
    QString m_savedName;
    QStringList m_testSteps;
    QList<bool> m_testStepOk;
    // Hash of the region and keys the last passing check used (never the keys themselves):
    // saving the same again needs no second round trip.
    QByteArray m_checkedFingerprint;
    QByteArray m_runningFingerprint;
    Regions::Region m_pendingRegion;
    Regions::RegionSecrets m_pendingSecrets;
    AfterCheck m_afterCheck = AfterCheck::Report;
    TestState m_testState = TestState::NotRun;
    bool m_isNew = true;
    bool m_busy = false;
};
