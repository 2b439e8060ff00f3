#pragma once

#include "backend/cost/PriceCatalog.h"

#include <QDialog>

class MessageWidget;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

// Views and edits the price sheets: the shipped defaults and the workspace's edits (kept in
// the overrides file given to the constructor). Saving an edited sheet stores it as an
// override; "Reset" drops the override; import and export read and write price files.
// Refusals (a malformed amount, a malformed file with its line and field) show inline.
class PriceSheetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PriceSheetDialog)

public:
    explicit PriceSheetDialog(const QString& overridesPath, QWidget* parent = nullptr);

    const Cost::PriceCatalog& catalog() const { return m_catalog; }
    QString currentId() const { return m_currentId; }
    void selectSheet(const QString& id);
    // Stores the form as the current sheet's workspace edit; false (message shown) if refused.
    bool save();
    bool resetCurrent();
    bool importFrom(const QString& path);
    bool exportTo(const QString& path);
    MessageWidget* messageWidget() const { return m_message; }

private:
    struct FigureEdits
    {
        QLineEdit* price = nullptr;
        QLineEdit* source = nullptr;
    };

    void reloadList(const QString& select);
    void showSheet(const QString& id);
    FigureEdits addFigure(QGridLayout* grid, int row, const QString& label, const QString& name);
    bool readFigure(const FigureEdits& edits, const QString& label, Cost::PriceFigure& figure);

    Cost::PriceCatalog m_catalog;
    QString m_currentId;
    MessageWidget* m_message = nullptr;
    QListWidget* m_list = nullptr;
    QLabel* m_idLabel = nullptr;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_continent = nullptr;
    QLineEdit* m_currency = nullptr;
    QComboBox* m_storageUnit = nullptr;
    FigureEdits m_storage;
    FigureEdits m_same;
    FigureEdits m_other;
    FigureEdits m_egress;
    FigureEdits m_restore;
    QLabel* m_note = nullptr;
    QPushButton* m_resetButton = nullptr;
};
