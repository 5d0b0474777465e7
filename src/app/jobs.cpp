#include "app/jobs.h"

#include <exception>

namespace kiosk {

Jobs::Jobs(std::function<void()> wake, std::function<void(const std::string&)> log)
    : m_wake(std::move(wake)), m_log(std::move(log)), m_thread([this] { Loop(); }) {}

Jobs::~Jobs() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
        m_queue.clear();
    }
    m_cv.notify_all();
    m_thread.join();
}

void Jobs::Post(Work work) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_queue.push_back(std::move(work));
    }
    m_cv.notify_all();
}

int Jobs::RunFinished() {
    std::deque<Done> done;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        done.swap(m_done);
    }
    for (auto& d : done)
        if (d) d();
    return static_cast<int>(done.size());
}

bool Jobs::Busy() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_running || !m_queue.empty() || !m_done.empty();
}

void Jobs::WaitIdle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [this] { return m_stop || (!m_running && m_queue.empty()); });
}

void Jobs::Loop() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_cv.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_stop) return;
        Work work = std::move(m_queue.front());
        m_queue.pop_front();
        m_running = true;
        lock.unlock();
        Done done;
        try {
            done = work();
        } catch (const std::exception& e) {
            if (m_log) m_log(std::string("a background job failed: ") + e.what());
        }
        lock.lock();
        m_done.push_back(std::move(done));
        lock.unlock();
        // Woken before the job counts as finished: whoever waits for idle
        // then also sees the wake-up.
        if (m_wake) m_wake();
        lock.lock();
        m_running = false;
        m_cv.notify_all();
    }
}

} // namespace kiosk
