#pragma once

#include <QWidget>

class JobModel;
class MessageWidget;
class QPushButton;
class QTableView;

namespace Catalog {
class Catalog;
}
namespace Jobs {
class JobRunner;
}

// Every job of the workspace, newest first, with live progress bars; cancels the selected
// job (also one run by crossvault-cli: it is flagged in the catalog and stops soon).
class JobsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsPage)

public:
    JobsPage(Catalog::Catalog& catalog, Jobs::JobRunner& runner, QWidget* parent = nullptr);

    JobModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    MessageWidget* messageWidget() const { return m_message; }

    void cancelSelected();
    void refresh();

private:
    void updateActions();

    Jobs::JobRunner& m_runner;
    JobModel* m_model = nullptr;
    MessageWidget* m_message = nullptr;
    QTableView* m_view = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_refreshButton = nullptr;
};
