// Decodes images on a worker thread so decoding never lands on a frame.
// The GL thread requests keys and takes finished images a few per frame.
// The newest request is served first: the visitor has moved on.
#pragma once

#include "media/image.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace kiosk {

struct ImageKey {
    int64_t id = 0;
    bool thumbnail = false;
    // Fit inside this box (0: as stored). Textures at the size they are drawn
    // cost less memory and less sampling than full-screen ones scaled down.
    int max_w = 0;
    int max_h = 0;
    auto operator<=>(const ImageKey&) const = default;
};

// Returns the encoded bytes of an image; throws kiosk::Error when it cannot.
using BlobFetcher = std::function<std::vector<uint8_t>(const ImageKey&)>;

struct DecodedImage {
    ImageKey key;
    RgbaImage image;   // empty when error is set
    std::string error; // why the image cannot be shown
};

class DecodeQueue {
  public:
    // `on_done` (optional) runs on the worker after each image, e.g. to wake
    // a sleeping render loop.
    // `opaque_bgra`: opaque images come out in B, G, R, A order (the
    // renderer's picture path draws them; see TextureCache). Unset: not
    // known yet (the start decodes while the GL context is made): images
    // decode meanwhile and wait at their end for SetOpaqueBgra, which
    // swaps them if need be, before they are handed over.
    explicit DecodeQueue(BlobFetcher fetch, ImageLimits limits = {},
                         std::function<void()> on_done = {},
                         std::optional<bool> opaque_bgra = false);
    ~DecodeQueue();
    DecodeQueue(const DecodeQueue&) = delete;
    DecodeQueue& operator=(const DecodeQueue&) = delete;

    // Queues `key` unless it is queued, being decoded or finished and not taken.
    void Request(const ImageKey& key);
    // Up to `max` finished images, oldest first.
    std::vector<DecodedImage> Take(size_t max);
    // Settles an order left unset at construction; ignored once settled.
    void SetOpaqueBgra(bool on);
    // Blocks until nothing is queued or being decoded (scripted mode only).
    void WaitIdle();
    // Blocks until `key` is decoded (or was never asked for, or was taken),
    // at most `limit`; true when it is.
    bool WaitDone(const ImageKey& key, std::chrono::milliseconds limit);
    bool Busy() const;

  private:
    void Run();

    BlobFetcher m_fetch;
    ImageLimits m_limits;
    std::function<void()> m_on_done;
    std::optional<bool> m_opaque_bgra;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<ImageKey> m_queue;
    std::set<ImageKey> m_known; // queued, in flight or done and not taken
    std::vector<DecodedImage> m_done;
    int m_in_flight = 0;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace kiosk
