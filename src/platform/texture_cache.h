// GL textures for exhibit images: a bounded LRU cache fed by the decode
// worker. Uploads are limited per frame so a frame never stalls, and memory
// stays flat however large the exhibit is: cost follows what is on screen.
#pragma once

#include "media/decode_queue.h"
#include "ui/image_source.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace kiosk {

class TextureCache : public ImageSource {
  public:
    // `budget_bytes`: GPU/CPU memory the textures may use (decoded RGBA size).
    TextureCache(DecodeQueue& queue, size_t budget_bytes,
                 std::function<void(const std::string&)> log);
    ~TextureCache() override;
    TextureCache(const TextureCache&) = delete;
    TextureCache& operator=(const TextureCache&) = delete;

    ImageStatus Get(const ImageKey& key, TextureRef& out) override;
    void Prefetch(const ImageKey& key) override;

    // Call once per frame before drawing: textures used from now on count as
    // used by this frame and are never evicted during it.
    void NextFrame() { ++m_frame; }
    // Uploads up to `max_uploads` decoded images, then evicts least recently
    // used textures beyond the budget. Returns how many arrived (to redraw).
    int Pump(int max_uploads);
    // Images requested but neither resident nor failed.
    bool Waiting() const;
    size_t bytes() const { return m_bytes; }
    size_t count() const { return m_entries.size(); }
    // Drops every texture (a new exhibit was loaded).
    void Clear();

  private:
    struct Entry {
        unsigned int texture = 0;
        int width = 0, height = 0;
        size_t bytes = 0;
        uint64_t last_used = 0;
        bool failed = false;
        bool pending = true;
    };
    void Evict();

    DecodeQueue& m_queue;
    size_t m_budget;
    std::function<void(const std::string&)> m_log;
    std::map<ImageKey, Entry> m_entries;
    size_t m_bytes = 0;
    uint64_t m_frame = 1;
};

} // namespace kiosk
