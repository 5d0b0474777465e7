#include "media/decode_queue.h"

#include "core/error.h"

namespace kiosk {

DecodeQueue::DecodeQueue(BlobFetcher fetch, ImageLimits limits, std::function<void()> on_done,
                         bool opaque_bgra)
    : m_fetch(std::move(fetch)), m_limits(limits), m_on_done(std::move(on_done)),
      m_opaque_bgra(opaque_bgra), m_thread([this] { Run(); }) {}

DecodeQueue::~DecodeQueue() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
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
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) return;
            key = m_queue.back(); // newest first
            m_queue.pop_back();
            m_in_flight++;
        }
        DecodedImage result;
        result.key = key;
        try {
            const std::vector<uint8_t> bytes = m_fetch(key);
            result.image = DecodeImage(bytes, m_limits, {key.max_w, key.max_h, m_opaque_bgra});
        } catch (const std::exception& e) {
            result.error = e.what();
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
