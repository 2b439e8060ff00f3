#include "ui/FileDialog.h"

#include <QFileDialog>

#include <optional>

namespace {

std::optional<QString> g_nextDirectory;
std::optional<QString> g_nextFileName;

std::optional<QString> takeNextFileName()
{
    std::optional<QString> path = g_nextFileName;
    g_nextFileName.reset();
    return path;
}

} // namespace

QString FileDialog::existingDirectory(QWidget* parent, const QString& caption, const QString& start)
{
    if (g_nextDirectory) {
        const QString path = *g_nextDirectory;
        g_nextDirectory.reset();
        return path;
    }
    return QFileDialog::getExistingDirectory(parent, caption, start);
}

void FileDialog::setNextDirectory(const QString& path)
{
    g_nextDirectory = path;
}

QString FileDialog::openFileName(QWidget* parent, const QString& caption, const QString& start, const QString& filter)
{
    if (const std::optional<QString> path = takeNextFileName()) {
        return *path;
    }
    return QFileDialog::getOpenFileName(parent, caption, start, filter);
}

QString FileDialog::saveFileName(QWidget* parent, const QString& caption, const QString& start, const QString& filter)
{
    if (const std::optional<QString> path = takeNextFileName()) {
        return *path;
    }
    return QFileDialog::getSaveFileName(parent, caption, start, filter);
}

void FileDialog::setNextFileName(const QString& path)
{
    g_nextFileName = path;
}
