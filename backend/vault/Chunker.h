#pragma once

#include "backend/vault/VaultTypes.h"

#include <array>

namespace Backup {

// FastCDC-style content-defined chunking: a gear rolling hash with normalised chunking
// (a stricter mask before the average size, a looser one after), bounded by min and max.
// An edit only moves the boundaries near it, so the rest of a file dedups.
class Chunker final
{
public:
    Chunker(const ChunkerParams& params, const std::array<quint64, 256>& gear);

    // Length of the next chunk at data[0..available). The caller passes at least maxSize()
    // bytes unless the file ends within them (then the rest of the file is a valid chunk).
    qsizetype cut(const char* data, qsizetype available) const;
    qsizetype maxSize() const { return m_max; }

private:
    const std::array<quint64, 256>& m_gear;
    qsizetype m_min;
    qsizetype m_avg;
    qsizetype m_max;
    quint64 m_maskStrict;
    quint64 m_maskLoose;
};

} // namespace Backup
