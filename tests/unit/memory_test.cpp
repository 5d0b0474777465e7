// media/memory: the kiosk's heap gives the memory of pictures it no longer
// holds back to the system, so a year of slideshows holds what the first
// minutes held. The pattern is the kiosk's: a worker thread decodes
// screen-size images (each a few MiB) and hands them to the GL thread, which
// keeps the last few and frees the older ones; small blocks that live long
// are allocated in between (a decoder's tables, the texture cache's map).

#include "media/memory.h"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

// Resident memory of this process in bytes (/proc/self/statm, second field).
size_t ResidentBytes() {
    std::ifstream in("/proc/self/statm");
    size_t pages = 0, resident = 0;
    in >> pages >> resident;
    return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

} // namespace

TEST_CASE("pictures decoded on a worker and freed on the GL thread go back to the system") {
    kiosk::SetLongRunMemoryPolicy();
    constexpr int kImages = 80;
    constexpr size_t kKept = 3; // the textures on screen and the next one
    std::mutex mutex;
    std::condition_variable cv;
    std::deque<std::vector<uint8_t>> handed;
    std::vector<std::unique_ptr<char[]>> small_on_worker; // outlive their pictures
    const size_t before = ResidentBytes();
    std::thread worker([&] {
        for (int i = 0; i < kImages; ++i) {
            // Screen-size pictures of differing shapes: 2.9 to 8.3 MB.
            const size_t w = 1920 - static_cast<size_t>(i % 7) * 150;
            const size_t h = 1080 - static_cast<size_t>(i % 5) * 90;
            std::vector<uint8_t> pixels(w * h * 4);
            std::memset(pixels.data(), i & 0xff, pixels.size()); // resident, as decoded
            auto small = std::make_unique<char[]>(4096);
            std::memset(small.get(), 1, 4096);
            small_on_worker.push_back(std::move(small));
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return handed.size() < 2; });
            handed.push_back(std::move(pixels));
            cv.notify_all();
        }
    });
    std::deque<std::vector<uint8_t>> kept;
    for (int i = 0; i < kImages; ++i) {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return !handed.empty(); });
        kept.push_back(std::move(handed.front()));
        handed.pop_front();
        cv.notify_all();
        lock.unlock();
        while (kept.size() > kKept)
            kept.pop_front(); // freed on this thread, allocated on the worker
    }
    worker.join();
    kiosk::ReleaseFreedMemory();
    size_t held = 0;
    for (const auto& k : kept)
        held += k.size();
    const size_t after = ResidentBytes();
    const double grown_mib =
        (static_cast<double>(after) - static_cast<double>(before) - static_cast<double>(held)) /
        (1 << 20);
    INFO("resident growth beyond the pictures still held: " << grown_mib << " MiB");
    // 80 pictures of up to 8.3 MB passed through; what is kept beyond the
    // last three is the small blocks (320 KiB) and the allocator's own.
    CHECK(grown_mib < 4.0);
}
