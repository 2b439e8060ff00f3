#pragma once

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace TestSupport {

// A real S3-compatible server for tests: s3rver (npm) on 127.0.0.1 with a temporary
// directory, behind a proxy that verifies every request's SigV4 signature with an independent
// implementation (npm aws4) — see tests/fixtures/s3/. Installs the npm packages on first use
// (npm ci into tests/fixtures/s3/node_modules). start() fails with a clear message when
// node or npm are missing; tests must QFAIL then, never skip.
class S3Server final
{
public:
    S3Server();
    ~S3Server();

    // Makes the proxy serve HTTPS with this certificate and key (call before start()).
    void setTls(const QString& certFile, const QString& keyFile);
    // Starts s3rver and the proxy; false with *error set on failure.
    bool start(QString* error);
    void stop();

    QString endpoint() const;                 // "http(s)://127.0.0.1:<proxy port>"
    QString bucket() const { return QStringLiteral("crossvault-test"); }
    QByteArray accessKey() const { return QByteArrayLiteral("AKIDCROSSVAULTTEST"); }
    QByteArray secretKey() const { return QByteArrayLiteral("cr0ssvault/Test+Secret/Key0123456789abcd"); }
    QString signingRegion() const { return QStringLiteral("us-east-1"); }
    // Settings JSON for Region::settings / S3Config::fromSettings.
    QJsonObject settings() const;

    // Kills s3rver (the proxy stays up: clients see connection resets) and restarts it on the
    // same port and directory.
    void killBackend();
    bool restartBackend(QString* error);

    // Proxy controls (see tests/fixtures/s3/proxy.js).
    // The next count requests (whose URL contains urlMatch) get status with an S3 error code.
    bool injectFailures(int count, int status, const QString& code, const QString& urlMatch = {});
    bool stallAfter(const QString& urlMatch, int after);
    QJsonObject stats();

    static QString fixtureDir();

private:
    bool ensureInstalled(QString* error);
    bool startBackend(int port, QString* error);
    bool waitForLine(QProcess& process, const QByteArray& marker, int* port, QString* error);
    QJsonObject control(const QByteArray& method, const QString& pathAndQuery);

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_backend;
    std::unique_ptr<QProcess> m_proxy;
    int m_backendPort = 0;
    int m_proxyPort = 0;
    QString m_tlsCert;
    QString m_tlsKey;
};

} // namespace TestSupport
