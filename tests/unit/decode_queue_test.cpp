// media/decode_queue: images decoded on the worker thread, taken a few at a
// time, each key decoded once until it is taken.

#include "core/error.h"
#include "media/decode_queue.h"
#include "media/image.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

using Catch::Matchers::Contains;
using kiosk::DecodedImage;
using kiosk::DecodeQueue;
using kiosk::ImageKey;
using kiosk::ImageLimits;
using kiosk::RgbaImage;

namespace {

// A w x h image whose pixels depend on their position and on `seed`.
RgbaImage Pattern(int w, int h, int seed) {
    RgbaImage img;
    img.width = w;
    img.height = h;
    img.pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &img.pixels[(static_cast<size_t>(y) * static_cast<size_t>(w) +
                                      static_cast<size_t>(x)) *
                                     4];
            p[0] = static_cast<uint8_t>(x * 30 + seed);
            p[1] = static_cast<uint8_t>(y * 40 + seed);
            p[2] = static_cast<uint8_t>((x + y) * 10);
            p[3] = 255;
        }
    }
    return img;
}

// Encoded images by id; every fetch is counted.
struct FakeBlobs {
    std::map<int64_t, std::vector<uint8_t>> blobs;
    std::atomic<int> fetches{0};

    kiosk::BlobFetcher Fetcher() {
        return [this](const ImageKey& key) {
            ++fetches;
            const auto it = blobs.find(key.id);
            if (it == blobs.end())
                throw kiosk::PackageError("the package has no image " + std::to_string(key.id));
            return it->second;
        };
    }
};

// Requests images 1 and 2, waits for both and returns them in key order.
std::vector<DecodedImage> DecodeOneAndTwo(DecodeQueue& q) {
    q.Request({1, false});
    q.Request({2, false});
    q.WaitIdle();
    auto done = q.Take(10);
    REQUIRE(done.size() == 2);
    std::sort(done.begin(), done.end(),
              [](const DecodedImage& a, const DecodedImage& b) { return a.key < b.key; });
    return done;
}

} // namespace

TEST_CASE("a PNG is decoded on the worker and taken with its size and pixels",
          "[core][decode_queue]") {
    FakeBlobs blobs;
    const RgbaImage original = Pattern(7, 5, 3);
    blobs.blobs[1] = kiosk::EncodePng(original);
    DecodeQueue q(blobs.Fetcher());

    q.Request({1, false});
    q.WaitIdle();
    CHECK_FALSE(q.Busy());
    const auto done = q.Take(10);
    REQUIRE(done.size() == 1);
    CHECK(done[0].key == ImageKey{1, false});
    CHECK(done[0].error.empty());
    CHECK(done[0].image.width == 7);
    CHECK(done[0].image.height == 5);
    CHECK(done[0].image.pixels == original.pixels);
    CHECK(q.Take(10).empty());
}

TEST_CASE("with opaque_bgra an opaque image comes out in BGRA order and one with transparency "
          "stays RGBA",
          "[core][decode_queue]") {
    FakeBlobs blobs;
    const RgbaImage opaque = Pattern(7, 5, 3);
    RgbaImage see_through = Pattern(7, 5, 9);
    see_through.pixels[3] = 128; // one pixel half transparent
    blobs.blobs[1] = kiosk::EncodePng(opaque);
    blobs.blobs[2] = kiosk::EncodePng(see_through);
    DecodeQueue q(blobs.Fetcher(), ImageLimits{}, {}, true);
    const auto done = DecodeOneAndTwo(q);
    REQUIRE(done[0].error.empty());
    CHECK(done[0].image.opaque);
    CHECK(done[0].image.bgra);
    std::vector<uint8_t> swapped = opaque.pixels;
    for (size_t i = 0; i < swapped.size(); i += 4)
        std::swap(swapped[i], swapped[i + 2]);
    CHECK(done[0].image.pixels == swapped);
    REQUIRE(done[1].error.empty());
    CHECK_FALSE(done[1].image.opaque);
    CHECK_FALSE(done[1].image.bgra);
    CHECK(done[1].image.pixels == see_through.pixels);
}

TEST_CASE("an order not known yet holds decoded images until it is set and swaps them then",
          "[core][decode_queue]") {
    FakeBlobs blobs;
    const RgbaImage opaque = Pattern(7, 5, 3);
    RgbaImage see_through = Pattern(7, 5, 9);
    see_through.pixels[3] = 128;
    blobs.blobs[1] = kiosk::EncodePng(opaque);
    blobs.blobs[2] = kiosk::EncodePng(see_through);
    std::vector<uint8_t> swapped = opaque.pixels;
    for (size_t i = 0; i < swapped.size(); i += 4)
        std::swap(swapped[i], swapped[i + 2]);
    for (const bool bgra : {true, false}) {
        DecodeQueue q(blobs.Fetcher(), ImageLimits{}, {}, std::nullopt);
        q.Request({1, false});
        q.Request({2, false});
        // Nothing is handed over before the order is known, however long.
        CHECK_FALSE(q.WaitDone({1, false}, std::chrono::milliseconds(20)));
        CHECK(q.Take(10).empty());
        CHECK(q.Busy());
        q.SetOpaqueBgra(bgra);
        q.SetOpaqueBgra(!bgra); // settled once: ignored
        CHECK(q.WaitDone({1, false}, std::chrono::seconds(10)));
        q.WaitIdle();
        auto done = q.Take(10);
        REQUIRE(done.size() == 2);
        std::sort(done.begin(), done.end(),
                  [](const DecodedImage& a, const DecodedImage& b) { return a.key < b.key; });
        CHECK(done[0].image.bgra == bgra);
        CHECK(done[0].image.pixels == (bgra ? swapped : opaque.pixels));
        CHECK_FALSE(done[1].image.bgra); // with transparency: R, G, B, A whatever the order
        CHECK(done[1].image.pixels == see_through.pixels);
        blobs.fetches = 0;
    }
}

TEST_CASE("a queue whose order was never set can be destroyed while an image waits for it",
          "[core][decode_queue]") {
    const std::vector<uint8_t> png = kiosk::EncodePng(Pattern(7, 5, 3));
    std::promise<void> fetched;
    {
        DecodeQueue q(
            [&](const ImageKey&) {
                fetched.set_value();
                return png;
            },
            ImageLimits{}, {}, std::nullopt);
        q.Request({1, false});
        fetched.get_future().wait(); // its decode follows and then waits for the order
    }                                // joins the worker: it must not wait for the order for ever
    SUCCEED("the queue was destroyed");
}

TEST_CASE("WaitDone returns at once for a key never asked for and waits for one being decoded",
          "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = kiosk::EncodePng(Pattern(7, 5, 3));
    DecodeQueue q(blobs.Fetcher());
    CHECK(q.WaitDone({5, false}, std::chrono::milliseconds(0)));
    q.Request({1, false});
    CHECK(q.WaitDone({1, false}, std::chrono::seconds(10)));
    REQUIRE(q.Take(10).size() == 1);
    CHECK(q.WaitDone({1, false}, std::chrono::milliseconds(0))); // taken
}

TEST_CASE("a fetcher that throws gives an image with the reason and no pixels",
          "[core][decode_queue]") {
    FakeBlobs blobs; // holds nothing
    DecodeQueue q(blobs.Fetcher());
    q.Request({42, true});
    q.WaitIdle();
    const auto done = q.Take(10);
    REQUIRE(done.size() == 1);
    CHECK(done[0].key == ImageKey{42, true});
    CHECK_THAT(done[0].error, Contains("no image 42"));
    CHECK(done[0].image.width == 0);
    CHECK(done[0].image.pixels.empty());
}

TEST_CASE("a fetcher throwing a standard exception is reported too", "[core][decode_queue]") {
    DecodeQueue q([](const ImageKey&) -> std::vector<uint8_t> {
        throw std::runtime_error("disk read failed");
    });
    q.Request({3, false});
    q.WaitIdle();
    const auto done = q.Take(10);
    REQUIRE(done.size() == 1);
    CHECK(done[0].error == "disk read failed");
}

TEST_CASE("corrupt bytes give an error about the image instead of pixels", "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
    std::vector<uint8_t> cut = kiosk::EncodePng(Pattern(64, 64, 9));
    cut.resize(cut.size() / 2); // a PNG whose pixels stop half way
    blobs.blobs[2] = cut;
    DecodeQueue q(blobs.Fetcher());
    const auto done = DecodeOneAndTwo(q);
    CHECK_THAT(done[0].error, Contains("image"));
    CHECK_THAT(done[0].error, Contains("not a JPEG or PNG"));
    CHECK_THAT(done[1].error, Contains("png image is damaged"));
    for (const auto& d : done) {
        CHECK(d.image.pixels.empty());
        CHECK(d.image.width == 0);
    }
}

TEST_CASE("an image larger than the queue's limits is refused", "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = kiosk::EncodePng(Pattern(40, 10, 0));
    ImageLimits limits;
    limits.max_side = 32;
    DecodeQueue q(blobs.Fetcher(), limits);
    q.Request({1, false});
    q.WaitIdle();
    const auto done = q.Take(1);
    REQUIRE(done.size() == 1);
    CHECK_THAT(done[0].error, Contains("40x10"));
    CHECK(done[0].image.pixels.empty());
}

TEST_CASE("requesting the same image twice decodes it once", "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = kiosk::EncodePng(Pattern(4, 4, 1));
    DecodeQueue q(blobs.Fetcher());
    q.Request({1, false});
    q.Request({1, false});
    q.WaitIdle();
    q.Request({1, false}); // finished but not taken yet: still known
    q.WaitIdle();
    CHECK(blobs.fetches == 1);
    CHECK(q.Take(10).size() == 1);
}

TEST_CASE("an image can be requested again once it was taken", "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = kiosk::EncodePng(Pattern(4, 4, 1));
    DecodeQueue q(blobs.Fetcher());
    q.Request({1, false});
    q.WaitIdle();
    REQUIRE(q.Take(10).size() == 1);
    q.Request({1, false});
    q.WaitIdle();
    CHECK(blobs.fetches == 2);
    CHECK(q.Take(10).size() == 1);
}

TEST_CASE("an image and its thumbnail are different requests", "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = kiosk::EncodePng(Pattern(4, 4, 1));
    DecodeQueue q(blobs.Fetcher());
    q.Request({1, false});
    q.Request({1, true});
    q.WaitIdle();
    CHECK(blobs.fetches == 2);
    const auto done = q.Take(10);
    REQUIRE(done.size() == 2);
    CHECK(done[0].key.thumbnail != done[1].key.thumbnail);
}

TEST_CASE("Take returns at most the number of images asked for", "[core][decode_queue]") {
    FakeBlobs blobs;
    for (int64_t id = 1; id <= 5; ++id)
        blobs.blobs[id] = kiosk::EncodePng(Pattern(3, 2, static_cast<int>(id)));
    DecodeQueue q(blobs.Fetcher());
    for (int64_t id = 1; id <= 5; ++id)
        q.Request({id, false});
    q.WaitIdle();

    std::set<int64_t> ids;
    for (const size_t expected : {size_t{2}, size_t{2}, size_t{1}, size_t{0}}) {
        const auto taken = q.Take(2);
        CHECK(taken.size() == expected);
        for (const auto& d : taken) {
            CHECK(d.error.empty());
            ids.insert(d.key.id);
        }
    }
    CHECK(ids == std::set<int64_t>{1, 2, 3, 4, 5});
    CHECK(q.Take(0).empty());
}

TEST_CASE("the newest request is decoded first", "[core][decode_queue]") {
    FakeBlobs blobs;
    for (int64_t id = 1; id <= 4; ++id)
        blobs.blobs[id] = kiosk::EncodePng(Pattern(2, 2, static_cast<int>(id)));
    std::promise<void> started;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::mutex order_mutex;
    std::vector<int64_t> order;
    DecodeQueue q([&](const ImageKey& key) {
        {
            std::lock_guard lock(order_mutex);
            order.push_back(key.id);
        }
        if (key.id == 1) {
            started.set_value();
            // Hold the worker on the first image (bounded, so a failure cannot hang).
            released.wait_for(std::chrono::seconds(10));
        }
        return blobs.blobs.at(key.id);
    });
    q.Request({1, false});
    REQUIRE(started.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    q.Request({2, false});
    q.Request({3, false});
    q.Request({4, false});
    CHECK(q.Busy());
    release.set_value();
    q.WaitIdle();

    CHECK(order == std::vector<int64_t>{1, 4, 3, 2});
    std::vector<int64_t> taken;
    for (const auto& d : q.Take(10))
        taken.push_back(d.key.id);
    CHECK(taken == std::vector<int64_t>{1, 4, 3, 2}); // oldest finished first
}

TEST_CASE("the done callback runs once per image", "[core][decode_queue]") {
    FakeBlobs blobs;
    blobs.blobs[1] = kiosk::EncodePng(Pattern(2, 2, 1));
    blobs.blobs[2] = kiosk::EncodePng(Pattern(2, 2, 2));
    std::atomic<int> calls{0};
    {
        DecodeQueue q(blobs.Fetcher(), {}, [&] { ++calls; });
        q.Request({1, false});
        q.Request({2, false});
        q.Request({2, false});   // already queued
        q.Request({404, false}); // fails, but is done as well
        q.WaitIdle();
        CHECK(q.Take(10).size() == 3);
    } // the destructor joins the worker: every callback has run
    CHECK(calls == 3);
}

TEST_CASE("a queue with nothing to do is idle and can be destroyed at once",
          "[core][decode_queue]") {
    FakeBlobs blobs;
    DecodeQueue q(blobs.Fetcher());
    CHECK_FALSE(q.Busy());
    q.WaitIdle();
    CHECK(q.Take(5).empty());
    CHECK(blobs.fetches == 0);
}
