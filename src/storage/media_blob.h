// A media file inside the package, read in place through SQLite's incremental
// blob I/O: the probe and the player read what they need, when they need it,
// and nothing is unpacked onto the card.
#pragma once

#include "media/byte_source.h"
#include "storage/sqlite.h"

#include <cstdint>
#include <memory>
#include <string>

namespace kiosk {

class MediaBlob : public ByteSource {
  public:
    // On a connection of its own (the player's thread): opens the package as
    // untrusted input. Throws PackageError when the package or the media row
    // cannot be opened.
    MediaBlob(const std::string& package_path, int64_t media_id);
    // On a connection the caller owns and keeps open longer than this object.
    MediaBlob(const Db& db, int64_t media_id);
    ~MediaBlob() override;
    MediaBlob(const MediaBlob&) = delete;
    MediaBlob& operator=(const MediaBlob&) = delete;

    uint64_t Size() const override { return m_size; }
    int64_t ReadAt(uint64_t offset, std::span<uint8_t> out) override;

  private:
    void Open(sqlite3* db, int64_t media_id);
    std::unique_ptr<Db> m_own; // set when the blob has its own connection
    sqlite3_blob* m_blob = nullptr;
    uint64_t m_size = 0;
};

} // namespace kiosk
