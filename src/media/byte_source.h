// Random access to the bytes of one media file wherever it lives (a file on
// the curator's disk, a blob inside the package), so the probe and the player
// never need the whole file in memory or a temporary copy of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace kiosk {

class ByteSource {
  public:
    virtual ~ByteSource() = default;
    virtual uint64_t Size() const = 0;
    // Copies up to out.size() bytes from `offset`; returns how many (0 at the
    // end), or -1 when the storage cannot be read.
    virtual int64_t ReadAt(uint64_t offset, std::span<uint8_t> out) = 0;
};

// Bytes already in memory (tests, small subtitle files).
class MemorySource : public ByteSource {
  public:
    explicit MemorySource(std::span<const uint8_t> bytes) : m_bytes(bytes) {}
    uint64_t Size() const override { return m_bytes.size(); }
    int64_t ReadAt(uint64_t offset, std::span<uint8_t> out) override;

  private:
    std::span<const uint8_t> m_bytes;
};

} // namespace kiosk
