#pragma once

#include <QString>

namespace Core {

// What kind of failure an operation met. The CLI maps these onto its exit codes
// (see ../shared/CLI.md): InvalidInput -> 2, Refused -> 3, everything else -> 1.
enum class ErrorCode {
    Failed,        // generic failure; the message names the cause
    InvalidInput,  // a value given by the user is wrong; the message names the field
    Refused,       // a rule forbids the operation (lock, replication, read-only...)
    NotFound,      // the named thing does not exist
    AlreadyExists, // a unique name or object is taken
    Corrupt,       // stored data failed authentication or parsing
    WrongKey,      // a key or passphrase does not open the vault
    AuthFailed,    // a remote store rejected the credentials
    Unreachable,   // a remote endpoint could not be reached
    Io,            // the local file system failed (full disk, permissions...)
    Cancelled,     // the user cancelled
};

class Error final
{
public:
    Error() = default;
    Error(ErrorCode code, QString message)
        : m_code(code)
        , m_message(std::move(message))
    {
    }

    ErrorCode code() const { return m_code; }
    const QString& message() const { return m_message; }

    // Prepends context ("Region 'x': ") while keeping the code.
    Error withContext(const QString& context) const { return Error(m_code, context + m_message); }

private:
    ErrorCode m_code = ErrorCode::Failed;
    QString m_message;
};

} // namespace Core
