#pragma once

#include <QString>

namespace TestSupport {

// Compares two folder trees byte for byte (contents, symlink targets, file modes and
// mtimes to the second). Returns an empty string when equal, else the first difference.
QString compareTrees(const QString& expected, const QString& actual, bool compareMtime = true);

} // namespace TestSupport
