#include "backend/sources/FolderSource.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Sources;

// The folder source on a real tree: order, types, modes, symlinks, excludes, skipped entries.
class TestFolderSource final : public QObject
{
    Q_OBJECT

private slots:
    void scansTypesModesAndOrder();
    void excludeGlobs_data();
    void excludeGlobs();
    void excludedFoldersAreNotEntered();
    void missingRootIsAnError();

private:
    static const std::atomic_bool& noCancel()
    {
        static std::atomic_bool flag = false;
        return flag;
    }
};

namespace {
void touch(const QString& path, const QByteArray& data = {})
{
    QDir().mkpath(path.left(path.lastIndexOf(QLatin1Char('/'))));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}
} // namespace

void TestFolderSource::scansTypesModesAndOrder()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("root"));
    touch(root + QStringLiteral("/b.txt"), "bb");
    touch(root + QStringLiteral("/a/z.txt"), "z");
    touch(root + QStringLiteral("/a/sub/y.txt"));
    ::chmod(QFile::encodeName(root + QStringLiteral("/b.txt")).constData(), 0604);
    ::symlink("b.txt", QFile::encodeName(root + QStringLiteral("/c-link")).constData());
    ::mkfifo(QFile::encodeName(root + QStringLiteral("/fifo")).constData(), 0600);

    FolderSource source(root);
    QCOMPARE(source.kind(), QStringLiteral("folder"));
    QCOMPARE(source.identity(), QDir(root).absolutePath());
    auto scan = source.scan(noCancel());
    QVERIFY(scan);
    QStringList paths;
    for (const SourceEntry& e : scan->entries)
        paths << e.path;
    // Parents before children, names sorted.
    QCOMPARE(paths, (QStringList{QStringLiteral("a"), QStringLiteral("a/sub"), QStringLiteral("a/sub/y.txt"),
                                 QStringLiteral("a/z.txt"), QStringLiteral("b.txt"), QStringLiteral("c-link")}));
    const SourceEntry& b = scan->entries.at(4);
    QCOMPARE(b.type, SourceEntry::Type::File);
    QCOMPARE(b.size, 2);
    QCOMPARE(b.mode, 0604u);
    QVERIFY(b.inode != 0);
    QVERIFY(b.mtimeNs > 0);
    QCOMPARE(b.readPath, root + QStringLiteral("/b.txt"));
    QCOMPARE(scan->entries.at(0).type, SourceEntry::Type::Directory);
    QCOMPARE(scan->entries.at(5).type, SourceEntry::Type::Symlink);
    QCOMPARE(scan->entries.at(5).linkTarget, QByteArray("b.txt"));
    QCOMPARE(scan->skipped.size(), 1);
    QCOMPARE(scan->skipped.first().path, QStringLiteral("fifo"));
}

void TestFolderSource::excludeGlobs_data()
{
    QTest::addColumn<QString>("glob");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("isDir");
    QTest::addColumn<bool>("excluded");
    QTest::newRow("name anywhere") << "*.tmp" << "a/b/c.tmp" << false << true;
    QTest::newRow("name no match") << "*.tmp" << "a/b/c.txt" << false << false;
    QTest::newRow("dir only, dir") << "cache/" << "x/cache" << true << true;
    QTest::newRow("dir only, file") << "cache/" << "x/cache" << false << false;
    QTest::newRow("anchored path") << "build/out" << "build/out" << true << true;
    QTest::newRow("anchored elsewhere") << "build/out" << "src/build/out" << true << false;
    QTest::newRow("double star") << "logs/**/*.log" << "logs/2026/11/a.log" << false << true;
    QTest::newRow("star no slash") << "logs/*.log" << "logs/2026/a.log" << false << false;
    QTest::newRow("question mark") << "file?.txt" << "d/file1.txt" << false << true;
    QTest::newRow("class") << "[ab].dat" << "b.dat" << false << true;
    QTest::newRow("negated class") << "[!ab].dat" << "b.dat" << false << false;
}

void TestFolderSource::excludeGlobs()
{
    QFETCH(QString, glob);
    QFETCH(QString, path);
    QFETCH(bool, isDir);
    QFETCH(bool, excluded);
    FolderSource source(QStringLiteral("/tmp"), {glob});
    QCOMPARE(source.isExcluded(path, isDir), excluded);
}

void TestFolderSource::excludedFoldersAreNotEntered()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("root"));
    touch(root + QStringLiteral("/keep/a.txt"));
    touch(root + QStringLiteral("/node_modules/pkg/index.js"));
    touch(root + QStringLiteral("/keep/x.tmp"));
    FolderSource source(root, {QStringLiteral("node_modules/"), QStringLiteral("*.tmp")});
    auto scan = source.scan(noCancel());
    QVERIFY(scan);
    QStringList paths;
    for (const SourceEntry& e : scan->entries)
        paths << e.path;
    QCOMPARE(paths, (QStringList{QStringLiteral("keep"), QStringLiteral("keep/a.txt")}));
}

void TestFolderSource::missingRootIsAnError()
{
    QTemporaryDir tmp;
    FolderSource source(tmp.filePath(QStringLiteral("nope")));
    auto scan = source.scan(noCancel());
    QVERIFY(!scan);
    QCOMPARE(scan.error().code(), Core::ErrorCode::NotFound);
    QVERIFY(scan.error().message().contains(QStringLiteral("nope")));
}

QTEST_GUILESS_MAIN(TestFolderSource)
#include "tst_foldersource.moc"
