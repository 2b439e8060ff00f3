#include "backend/storage/SigV4Signer.h"

#include <QTimeZone>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>

namespace Storage {

namespace {

const QByteArray kAlgorithm = QByteArrayLiteral("AWS4-HMAC-SHA256");

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~';
}

QByteArray foldWhitespace(const QByteArray& value)
{
    // AWS: trim, and turn each run of spaces into one space.
    QByteArray out;
    out.reserve(value.size());
    bool inSpace = false;
    for (char c : value.trimmed()) {
        const bool space = c == ' ' || c == '\t';
        if (space && inSpace)
            continue;
        out += space ? ' ' : c;
        inSpace = space;
    }
    return out;
}

QByteArray headerValue(const QList<SigV4Signer::Header>& headers, const QByteArray& lowerName)
{
    for (const auto& h : headers)
        if (h.first.toLower() == lowerName)
            return h.second;
    return {};
}

} // namespace

SigV4Signer::SigV4Signer(QByteArray accessKey, QByteArray secretKey, QString region, QString service)
    : m_accessKey(std::move(accessKey))
    , m_secretKey(std::move(secretKey))
    , m_region(std::move(region))
    , m_service(std::move(service))
{
}

QByteArray SigV4Signer::uriEncode(const QString& raw, bool encodeSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = raw.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() * 3);
    for (char c : utf8) {
        if (isUnreserved(c) || (c == '/' && !encodeSlash)) {
            out += c;
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0x0F];
        }
    }
    return out;
}

QByteArray SigV4Signer::canonicalQuery(const QList<QPair<QString, QString>>& query)
{
    QList<QPair<QByteArray, QByteArray>> encoded;
    encoded.reserve(query.size());
    for (const auto& [name, value] : query)
        encoded.append({uriEncode(name, true), uriEncode(value, true)});
    std::sort(encoded.begin(), encoded.end());
    QByteArray out;
    for (const auto& [name, value] : encoded) {
        if (!out.isEmpty())
            out += '&';
        out += name + '=' + value;
    }
    return out;
}

QByteArray SigV4Signer::amzDate(const QDateTime& now)
{
    return now.toTimeZone(QTimeZone::utc()).toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QByteArray SigV4Signer::sha256Hex(const QByteArray& data)
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.constData()), static_cast<size_t>(data.size()), digest);
    return QByteArray(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH).toHex();
}

QByteArray SigV4Signer::hmacSha256(const QByteArray& key, const QByteArray& data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.constData()), static_cast<size_t>(data.size()), digest, &length);
    return QByteArray(reinterpret_cast<const char*>(digest), static_cast<qsizetype>(length));
}

QList<SigV4Signer::Header> SigV4Signer::canonicalHeaders(const QList<Header>& headers)
{
    QList<Header> out;
    out.reserve(headers.size());
    for (const auto& [name, value] : headers)
        out.append({name.trimmed().toLower(), foldWhitespace(value)});
    std::stable_sort(out.begin(), out.end(), [](const Header& a, const Header& b) { return a.first < b.first; });
    return out;
}

QByteArray SigV4Signer::signedHeaderNames(const QList<Header>& canonical)
{
    QByteArrayList names;
    for (const auto& h : canonical)
        if (names.isEmpty() || names.last() != h.first)
            names.append(h.first);
    return names.join(';');
}

QByteArray SigV4Signer::canonicalRequest(const Request& request) const
{
    const QList<Header> headers = canonicalHeaders(request.headers);
    QByteArray canonicalHeaderBlock;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        // Repeated header names join their values with commas.
        if (i > 0 && headers[i].first == headers[i - 1].first) {
            canonicalHeaderBlock.chop(1);
            canonicalHeaderBlock += ',' + headers[i].second + '\n';
        } else {
            canonicalHeaderBlock += headers[i].first + ':' + headers[i].second + '\n';
        }
    }
    const QString path = request.path.isEmpty() ? QStringLiteral("/") : request.path;
    return request.method + '\n' + uriEncode(path, false) + '\n' + canonicalQuery(request.query) + '\n'
        + canonicalHeaderBlock + '\n' + signedHeaderNames(headers) + '\n' + request.payloadHash;
}

QByteArray SigV4Signer::scope(const QDate& day) const
{
    return day.toString(QStringLiteral("yyyyMMdd")).toLatin1() + '/' + m_region.toUtf8() + '/' + m_service.toUtf8()
        + "/aws4_request";
}

QByteArray SigV4Signer::stringToSign(const Request& request, const QDateTime& now) const
{
    const QDateTime utc = now.toTimeZone(QTimeZone::utc());
    return kAlgorithm + '\n' + amzDate(utc) + '\n' + scope(utc.date()) + '\n' + sha256Hex(canonicalRequest(request));
}

QByteArray SigV4Signer::signingKey(const QDate& day) const
{
    const QByteArray dateKey = hmacSha256("AWS4" + m_secretKey, day.toString(QStringLiteral("yyyyMMdd")).toLatin1());
    const QByteArray regionKey = hmacSha256(dateKey, m_region.toUtf8());
    const QByteArray serviceKey = hmacSha256(regionKey, m_service.toUtf8());
    return hmacSha256(serviceKey, QByteArrayLiteral("aws4_request"));
}

QList<SigV4Signer::Header> SigV4Signer::sign(const Request& request, const QDateTime& now) const
{
    const QDateTime utc = now.toTimeZone(QTimeZone::utc());
    Request full = request;
    QList<Header> added;
    if (headerValue(full.headers, "x-amz-date").isEmpty())
        added.append({QByteArrayLiteral("x-amz-date"), amzDate(utc)});
    if (headerValue(full.headers, "x-amz-content-sha256").isEmpty())
        added.append({QByteArrayLiteral("x-amz-content-sha256"), full.payloadHash});
    full.headers += added;

    const QByteArray signature = hmacSha256(signingKey(utc.date()), stringToSign(full, utc)).toHex();
    added.append({QByteArrayLiteral("authorization"),
                  kAlgorithm + " Credential=" + m_accessKey + '/' + scope(utc.date())
                      + ", SignedHeaders=" + signedHeaderNames(canonicalHeaders(full.headers))
                      + ", Signature=" + signature});
    return added;
}

} // namespace Storage
