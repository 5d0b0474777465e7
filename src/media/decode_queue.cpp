#include "media/decode_queue.h"

#include "core/error.h"

namespace kiosk {

DecodeQueue::DecodeQueue(BlobFetcher fetch, ImageLimits limits, std::function<void()> on_done,
                         std::optional<bool> opaque_bgra)
    : m_fetch(std::move(fetch)), m_limits(limits), m_on_done(std::move(on_done)),
      m_opaque_bgra(opaque_bgra), m_thread([this] { Run(); }) {}

DecodeQueue::~DecodeQueue() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_idle.notify_all(); // a decode waiting for its order
    m_thread.join();
}

void DecodeQueue::Request(const ImageKey& key) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_known.insert(key).second) return;
        m_queue.push_back(key);
    }
    m_wake.notify_one();
}

std::vector<DecodedImage> DecodeQueue::Take(size_t max) {
    std::lock_guard lock(m_mutex);
    std::vector<DecodedImage> out;
    const size_t n = std::min(max, m_done.size());
    for (size_t i = 0; i < n; ++i) {
        m_known.erase(m_done[i].key);
        out.push_back(std::move(m_done[i]));
    }
    m_done.erase(m_done.begin(), m_done.begin() + static_cast<long>(n));
    return out;
}

void DecodeQueue::SetOpaqueBgra(bool on) {
    {
        std::lock_guard lock(m_mutex);
        if (m_opaque_bgra) return;
        m_opaque_bgra = on;
    }
    m_idle.notify_all();
}

bool DecodeQueue::WaitDone(const ImageKey& key, std::chrono::milliseconds limit) {
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, limit, [&] {
        if (!m_known.count(key)) return true;
        for (const DecodedImage& d : m_done)
            if (d.key == key) return true;
        return false;
    });
}

void DecodeQueue::WaitIdle() {
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_queue.empty() && m_in_flight == 0; });
}

bool DecodeQueue::Busy() const {
    std::lock_guard lock(m_mutex);
    return !m_queue.empty() || m_in_flight > 0;
}

void DecodeQueue::Run() {
    for (;;) {
        ImageKey key;
        std::optional<bool> bgra;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) return;
            key = m_queue.back(); // newest first
            m_queue.pop_back();
            m_in_flight++;
            bgra = m_opaque_bgra;
        }
        DecodedImage result;
        result.key = key;
        try {
            const std::vector<uint8_t> bytes = m_fetch(key);
            result.image =
                DecodeImage(bytes, m_limits, {key.max_w, key.max_h, bgra.value_or(false)});
        } catch (const std::exception& e) {
            result.error = e.what();
        }
        if (!bgra) {
            // Decoded before the order was known: it waits for it here.
            std::unique_lock lock(m_mutex);
            m_idle.wait(lock, [this] { return m_stop || m_opaque_bgra.has_value(); });
            if (m_stop) return;
            bgra = m_opaque_bgra;
            lock.unlock();
            if (*bgra && result.error.empty() && result.image.opaque && !result.image.bgra)
                SwapRedBlue(result.image);
        }
        {
            std::lock_guard lock(m_mutex);
            m_done.push_back(std::move(result));
            m_in_flight--;
        }
        m_idle.notify_all();
        if (m_on_done) m_on_done();
    }
}

} // namespace kiosk
