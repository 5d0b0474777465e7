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

    // Call once per frame before drawing, with the frame's time: textures
    // used from now on count as used by this frame and are never evicted
    // during it.
    void NextFrame(int64_t now_ms) {
        ++m_frame;
        m_frame_ms = now_ms;
    }
    // Uploads at most `max_bytes` of decoded pixels (whole bands of rows, so a
    // large image takes several frames and no frame stalls), then evicts least
    // recently used textures beyond the budget. Returns how many images became
    // ready or failed (to redraw).
    int Pump(size_t max_bytes);
    // Images requested but neither resident nor failed.
    bool Waiting() const;
    // An image is part-way through its upload: call Pump() again soon.
    bool Uploading() const;
    // The last frame drew every image it asked for (none still loading;
    // prefetches and requests of earlier frames do not count).
    bool LastFrameWhole() const;
    size_t bytes() const { return m_bytes; }
    size_t count() const { return m_entries.size(); }
    // Drops every texture (a new exhibit was loaded).
    void Clear();
    // Drops every texture the last frame did not use: called when the screen
    // has become static, so a still screen holds only what it shows.
    void TrimToLastFrame();
    // Drops every texture that no frame has used for `unused_ms` before the
    // last frame, within the budget too. Attract mode never looks back, so
    // it keeps only the pictures on screen and the next one instead of
    // filling the budget with panels it will decode again next cycle anyway.
    // Returns the bytes freed.
    size_t DropUnusedFor(int64_t unused_ms);

  private:
    struct Entry {
        unsigned int texture = 0;
        int width = 0, height = 0;
        size_t bytes = 0;
        uint64_t last_used = 0;
        int64_t last_used_ms = 0;
        uint64_t last_shown = 0; // the last frame that drew it (Get, not Prefetch)
        bool failed = false;
        bool pending = true;
        bool opaque = false;
        bool bgra = false; // drawn only through DrawContext::pictures
        RgbaImage pixels;  // decoded, not yet fully uploaded
        int rows_done = 0;
    };
    // Uploads the next rows of `e` within `budget`; true when it is complete.
    bool UploadRows(Entry& e, size_t& budget);
    void Evict();

    DecodeQueue& m_queue;
    size_t m_budget;
    std::function<void(const std::string&)> m_log;
    std::map<ImageKey, Entry> m_entries;
    size_t m_bytes = 0;
    uint64_t m_frame = 1;
    int64_t m_frame_ms = 0;
};

} // namespace kiosk
