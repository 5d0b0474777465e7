#include "platform/texture_cache.h"

#include <GL/gl.h>

#include <algorithm>
#include <vector>

namespace kiosk {

TextureCache::TextureCache(DecodeQueue& queue, size_t budget_bytes,
                           std::function<void(const std::string&)> log)
    : m_queue(queue), m_budget(budget_bytes), m_log(std::move(log)) {}

TextureCache::~TextureCache() {
    Clear();
}

void TextureCache::Clear() {
    for (auto& [key, e] : m_entries)
        if (e.texture) glDeleteTextures(1, &e.texture);
    m_entries.clear();
    m_bytes = 0;
}

ImageStatus TextureCache::Get(const ImageKey& key, TextureRef& out) {
    auto [it, inserted] = m_entries.try_emplace(key);
    Entry& e = it->second;
    e.last_used = m_frame;
    e.last_used_ms = m_frame_ms;
    e.last_shown = m_frame;
    if (inserted) m_queue.Request(key);
    if (e.failed) return ImageStatus::Failed;
    if (e.pending) return ImageStatus::Loading;
    out.id = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(e.texture));
    out.width = e.width;
    out.height = e.height;
    out.opaque = e.opaque;
    out.picture = e.bgra;
    return ImageStatus::Ready;
}

void TextureCache::Prefetch(const ImageKey& key) {
    auto [it, inserted] = m_entries.try_emplace(key);
    // A prefetched image counts as used now, so it survives until shown.
    it->second.last_used = m_frame;
    it->second.last_used_ms = m_frame_ms;
    if (inserted) m_queue.Request(key);
}

bool TextureCache::UploadRows(Entry& e, size_t& budget) {
    const int w = e.pixels.width, h = e.pixels.height;
    if (e.texture == 0) {
        glGenTextures(1, &e.texture);
        glBindTexture(GL_TEXTURE_2D, e.texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        // B, G, R, A pixels make a texture in that order (the frame buffer's),
        // which PictureRenderer's fast path needs. The internal format stays
        // unsized: Mesa then stores what the pixels' order says (GL_RGBA8
        // made it reorder them into R, G, B, A, and llvmpipe's linear path
        // was not taken).
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, e.pixels.bgra ? GL_BGRA : GL_RGBA,
                     GL_UNSIGNED_BYTE, nullptr);
        e.bgra = e.pixels.bgra;
        e.width = w;
        e.height = h;
        e.bytes = static_cast<size_t>(w) * static_cast<size_t>(h) * 4;
        m_bytes += e.bytes;
    }
    const size_t row_bytes = static_cast<size_t>(w) * 4;
    // At least one row per call, so every image finishes.
    const auto rows = static_cast<int>(std::min<size_t>(static_cast<size_t>(h - e.rows_done),
                                                        std::max<size_t>(1, budget / row_bytes)));
    glBindTexture(GL_TEXTURE_2D, e.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, e.rows_done, w, rows, e.bgra ? GL_BGRA : GL_RGBA,
                    GL_UNSIGNED_BYTE,
                    e.pixels.pixels.data() + static_cast<size_t>(e.rows_done) * row_bytes);
    e.rows_done += rows;
    budget -= std::min(budget, static_cast<size_t>(rows) * row_bytes);
    if (e.rows_done < h) return false;
    e.opaque = e.pixels.opaque;
    e.pixels = {}; // the texture holds it now
    e.pending = false;
    return true;
}

int TextureCache::Pump(size_t max_bytes) {
    int arrived = 0;
    size_t budget = max_bytes;
    // First finish uploads already under way.
    for (auto& [key, e] : m_entries) {
        if (budget == 0) break;
        if (e.pending && !e.pixels.pixels.empty() && UploadRows(e, budget)) ++arrived;
    }
    while (budget > 0) {
        std::vector<DecodedImage> done = m_queue.Take(1);
        if (done.empty()) break;
        DecodedImage& d = done.front();
        auto it = m_entries.find(d.key);
        if (it == m_entries.end()) continue; // evicted while decoding
        Entry& e = it->second;
        if (!d.error.empty()) {
            // Logged once: the entry stays as "failed" and is never retried.
            e.failed = true;
            e.pending = false;
            ++arrived;
            if (m_log)
                m_log("image " + std::to_string(d.key.id) +
                      (d.key.thumbnail ? " (thumbnail)" : "") + " cannot be shown: " + d.error +
                      "; showing a placeholder");
            continue;
        }
        e.pixels = std::move(d.image);
        e.rows_done = 0;
        if (UploadRows(e, budget)) ++arrived;
    }
    Evict();
    return arrived;
}

void TextureCache::Evict() {
    while (m_bytes > m_budget) {
        auto victim = m_entries.end();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->second.texture == 0 || it->second.pending || it->second.last_used >= m_frame)
                continue;
            if (victim == m_entries.end() || it->second.last_used < victim->second.last_used)
                victim = it;
        }
        if (victim == m_entries.end()) return; // everything is on screen now
        glDeleteTextures(1, &victim->second.texture);
        m_bytes -= victim->second.bytes;
        m_entries.erase(victim);
    }
    // Forget entries not used for a long time that never became textures
    // (failed or abandoned requests), so the map itself stays bounded.
    if (m_entries.size() > 4096) {
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            if (it->second.texture == 0 && !it->second.pending &&
                it->second.last_used + 600 < m_frame)
                it = m_entries.erase(it);
            else
                ++it;
        }
    }
}

void TextureCache::TrimToLastFrame() {
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        Entry& e = it->second;
        if (e.last_used < m_frame && !e.pending) {
            if (e.texture) {
                glDeleteTextures(1, &e.texture);
                m_bytes -= e.bytes;
            }
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
}

size_t TextureCache::DropUnusedFor(int64_t unused_ms) {
    size_t freed = 0;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        Entry& e = it->second;
        if (!e.pending && e.texture != 0 && e.last_used_ms + unused_ms < m_frame_ms) {
            glDeleteTextures(1, &e.texture);
            m_bytes -= e.bytes;
            freed += e.bytes;
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
    return freed;
}

bool TextureCache::Uploading() const {
    for (const auto& [key, e] : m_entries)
        if (e.pending && !e.pixels.pixels.empty()) return true;
    return false;
}

bool TextureCache::LastFrameWhole() const {
    for (const auto& [key, e] : m_entries)
        if (e.pending && e.last_shown >= m_frame) return false;
    return true;
}

bool TextureCache::Waiting() const {
    for (const auto& [key, e] : m_entries)
        if (e.pending && e.last_used >= m_frame) return true;
    return m_queue.Busy();
}

} // namespace kiosk
