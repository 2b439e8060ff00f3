#pragma once

#include "backend/regions/Region.h"

#include <QDialog>
#include <QHash>

#include <memory>

namespace Ui {
class RegionDialog;
}
namespace Regions {
class RegionService;
}

// Adds a region or edits one. Validation errors appear inline (RegionService::validate);
// the storage check (RegionService::checkLocation) runs on a worker so the dialog stays
// responsive, and the region is saved only when both pass.
// The Storage group holds one page per kind in kindStack; the S3 kind adds its page and a
// kindCombo item (data "s3") in setupKinds().
class RegionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RegionDialog)

public:
    // Adds a new region.
    explicit RegionDialog(Regions::RegionService& service, QWidget* parent = nullptr);
    // Edits region (display name, provider, continent and price sheet; name, kind and
    // location are fixed once created).
    RegionDialog(Regions::RegionService& service, const Regions::Region& region, QWidget* parent = nullptr);
    ~RegionDialog() override;

    bool isNew() const { return m_isNew; }
    // The region the form describes now.
    Regions::Region regionFromForm() const;
    // Name of the region saved by the last successful accept().
    const QString& savedName() const { return m_savedName; }

    void accept() override;

private:
    void setupForm();
    void setupKinds();
    void loadRegion(const Regions::Region& region);
    void browseFolder();
    void kindChanged();
    void showError(const QString& message);
    void setBusy(bool busy, const QString& message = {});
    void save(const Regions::Region& region);

    std::unique_ptr<Ui::RegionDialog> m_ui;
    Regions::RegionService& m_service;
    Regions::Region m_original;
    QHash<QString, QWidget*> m_kindPages;
    QString m_savedName;
    bool m_isNew = true;
    bool m_busy = false;
};
