#include "storage/media_blob.h"

#include "storage/package.h"

#include <algorithm>
#include <climits>

namespace kiosk {

MediaBlob::MediaBlob(const std::string& package_path, int64_t media_id)
    : m_own(std::make_unique<Db>(OpenUntrusted(package_path))) {
    Open(m_own->get(), media_id);
}

MediaBlob::MediaBlob(const Db& db, int64_t media_id) {
    Open(db.get(), media_id);
}

void MediaBlob::Open(sqlite3* db, int64_t media_id) {
    if (sqlite3_blob_open(db, "main", "media", "data", media_id, 0, &m_blob) != SQLITE_OK) {
        const std::string why = sqlite3_errmsg(db);
        sqlite3_blob_close(m_blob); // SQLite may hand back a handle even on failure
        m_blob = nullptr;
        throw PackageError("media " + std::to_string(media_id) +
                           " cannot be read from the package (" + why + ")");
    }
    m_size = static_cast<uint64_t>(sqlite3_blob_bytes(m_blob));
}

MediaBlob::~MediaBlob() {
    if (m_blob) sqlite3_blob_close(m_blob);
}

int64_t MediaBlob::ReadAt(uint64_t offset, std::span<uint8_t> out) {
    if (offset >= m_size) return 0;
    const uint64_t n = std::min<uint64_t>({out.size(), m_size - offset, INT_MAX});
    if (sqlite3_blob_read(m_blob, out.data(), static_cast<int>(n), static_cast<int>(offset)) !=
        SQLITE_OK)
        return -1;
    return static_cast<int64_t>(n);
}

} // namespace kiosk
