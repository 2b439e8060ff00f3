#include "tests/support/S3Server.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QStandardPaths>

namespace TestSupport {

namespace {

constexpr int kStartTimeoutMs = 60000; // node start-up is slow on a loaded 2-core machine

void terminate(std::unique_ptr<QProcess>& process)
{
    if (!process)
        return;
    if (process->state() != QProcess::NotRunning) {
        process->kill();
        process->waitForFinished(10000);
    }
    process.reset();
}

} // namespace

S3Server::S3Server() = default;

S3Server::~S3Server()
{
    stop();
}

QString S3Server::fixtureDir()
{
    QString source = qEnvironmentVariable("CROSSVAULT_SOURCE_DIR");
    if (source.isEmpty())
        return QStringLiteral(QT_TESTCASE_SOURCEDIR "/../fixtures/s3"); // tests/support/../fixtures/s3
    return source + QStringLiteral("/tests/fixtures/s3");
}

bool S3Server::ensureInstalled(QString* error)
{
    const QString dir = fixtureDir();
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    const QString npm = QStandardPaths::findExecutable(QStringLiteral("npm"));
    if (node.isEmpty() || npm.isEmpty()) {
        *error = QStringLiteral("The S3 tests need Node.js and npm (node and npm on PATH) to run s3rver; install them "
                                "(Debian: apt-get install nodejs npm).");
        return false;
    }
    auto installed = [&] {
        return QFileInfo::exists(dir + QStringLiteral("/node_modules/s3rver/package.json"))
            && QFileInfo::exists(dir + QStringLiteral("/node_modules/aws4/package.json"));
    };
    if (installed())
        return true;
    // Several test processes may start at once: one installs, the others wait.
    QLockFile lock(QDir::tempPath() + QStringLiteral("/crossvault-s3-fixture-npm.lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(10 * 60 * 1000)) {
        *error = QStringLiteral("Timed out waiting for another process installing the S3 fixture's npm packages.");
        return false;
    }
    if (installed())
        return true;
    QProcess npmProcess;
    npmProcess.setProcessChannelMode(QProcess::MergedChannels);
    npmProcess.start(npm, {QStringLiteral("ci"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                           QStringLiteral("--prefix"), dir});
    if (!npmProcess.waitForFinished(10 * 60 * 1000) || npmProcess.exitCode() != 0 || !installed()) {
        *error = QStringLiteral("npm ci in %1 failed: %2").arg(dir, QString::fromLocal8Bit(npmProcess.readAll()));
        return false;
    }
    return true;
}

bool S3Server::waitForLine(QProcess& process, const QByteArray& marker, int* port, QString* error)
{
    QByteArray seen;
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (process.canReadLine()) {
            const QByteArray line = process.readLine().trimmed();
            seen += line + '\n';
            if (line.startsWith(QByteArray(marker + ' '))) {
                *port = line.mid(marker.size() + 1).toInt();
                return *port > 0;
            }
            continue;
        }
        if (process.state() == QProcess::NotRunning)
            break;
        process.waitForReadyRead(200);
    }
    *error = QStringLiteral("%1 did not start: %2%3")
                 .arg(process.arguments().value(1), QString::fromLocal8Bit(seen),
                      QString::fromLocal8Bit(process.readAllStandardError()));
    return false;
}

bool S3Server::startBackend(int port, QString* error)
{
    m_backend = std::make_unique<QProcess>();
    m_backend->setWorkingDirectory(fixtureDir());
    // Node 20 needs the legacy provider for s3rver's listing continuation tokens (DES).
    m_backend->start(QStandardPaths::findExecutable(QStringLiteral("node")),
                     {QStringLiteral("--openssl-legacy-provider"), fixtureDir() + QStringLiteral("/s3rver-run.js"),
                      QStringLiteral("--port"), QString::number(port), QStringLiteral("--directory"),
                      m_dir.path() + QStringLiteral("/data"), QStringLiteral("--bucket"), bucket()});
    return waitForLine(*m_backend, "S3RVER_READY", &m_backendPort, error);
}

void S3Server::setTls(const QString& certFile, const QString& keyFile)
{
    m_tlsCert = certFile;
    m_tlsKey = keyFile;
}

bool S3Server::start(QString* error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    if (!ensureInstalled(error))
        return false;
    QDir().mkpath(m_dir.path() + QStringLiteral("/data"));
    if (!startBackend(0, error))
        return false;
    m_proxy = std::make_unique<QProcess>();
    m_proxy->setWorkingDirectory(fixtureDir());
    QStringList args{fixtureDir() + QStringLiteral("/proxy.js"), QStringLiteral("--upstream-port"),
                     QString::number(m_backendPort), QStringLiteral("--access-key"), QString::fromLatin1(accessKey()),
                     QStringLiteral("--secret-key"), QString::fromLatin1(secretKey()), QStringLiteral("--region"),
                     signingRegion()};
    if (!m_tlsCert.isEmpty())
        args << QStringLiteral("--tls-cert") << m_tlsCert << QStringLiteral("--tls-key") << m_tlsKey;
    m_proxy->start(QStandardPaths::findExecutable(QStringLiteral("node")), args);
    return waitForLine(*m_proxy, "PROXY_READY", &m_proxyPort, error);
}

void S3Server::stop()
{
    terminate(m_proxy);
    terminate(m_backend);
}

QString S3Server::endpoint() const
{
    return (m_tlsCert.isEmpty() ? QStringLiteral("http://127.0.0.1:%1") : QStringLiteral("https://127.0.0.1:%1"))
        .arg(m_proxyPort);
}

QJsonObject S3Server::settings() const
{
    return {{QStringLiteral("endpoint"), endpoint()},
            {QStringLiteral("bucket"), bucket()},
            {QStringLiteral("signingRegion"), signingRegion()},
            {QStringLiteral("pathStyle"), true}};
}

void S3Server::killBackend()
{
    terminate(m_backend);
}

bool S3Server::restartBackend(QString* error)
{
    terminate(m_backend);
    const int port = m_backendPort;
    return startBackend(port, error) && m_backendPort == port;
}

QJsonObject S3Server::control(const QByteArray& method, const QString& pathAndQuery)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(endpoint() + pathAndQuery));
    request.setTransferTimeout(30000);
    if (!m_tlsCert.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_tlsCert);
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = manager.sendCustomRequest(request, method);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const QJsonObject result = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    return result;
}

bool S3Server::injectFailures(int count, int status, const QString& code, const QString& urlMatch)
{
    const QString query = QStringLiteral("/__control/fail?count=%1&status=%2&code=%3&match=%4")
                              .arg(count)
                              .arg(status)
                              .arg(code, QString::fromLatin1(QUrl::toPercentEncoding(urlMatch)));
    return !control("POST", query).isEmpty();
}

bool S3Server::stallAfter(const QString& urlMatch, int after)
{
    return !control("POST", QStringLiteral("/__control/stall?match=%1&after=%2").arg(urlMatch).arg(after)).isEmpty();
}

QJsonObject S3Server::stats()
{
    return control("GET", QStringLiteral("/__control/stats"));
}

} // namespace TestSupport
