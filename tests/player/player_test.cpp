// media/player: libmpv plays videos and narration straight out of a package
// (stream callbacks over SQLite blob I/O), reports playing, paused, ended and
// failed, seeks exactly, and turns a file the decoder rejects into one log
// line and a Failed state, never a hang. No window and no sound device
// (Output::None); every wait is on mpv's events with a limit.

#define CATCH_CONFIG_MAIN
#include "media/player.h"

#include "app/playback.h"
#include "core/state.h"
#include "storage/media_blob.h"
#include "storage/package.h"
#include "support/fixtures.h"
#include "support/media_files.h"
#include "support/packages.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using kiosk::PlaybackState;
using kiosk::Player;
using namespace kiosk::test;

namespace {

// A package with panel "only": video/testimony.mp4 (2 s, 320x240) and
// English narration (3 s Opus).
struct MediaPackage {
    TempDir tmp;
    std::string path;
    int64_t video = 0;
    int64_t narration = 0;
    MediaPackage() {
        const fs::path src = tmp.path() / "src";
        WriteMinimalExhibit(src);
        ReplaceInFile(src / "exhibit.toml", "file = \"images/photo.jpg\"\n",
                      "file = \"images/photo.jpg\"\n[[panel.video]]\nfile = "
                      "\"video/testimony.mp4\"\nspeech = false\n");
        fs::create_directories(src / "video");
        fs::copy_file(SmallVideo(), src / "video/testimony.mp4");
        fs::create_directories(src / "audio/en");
        fs::copy_file(Narration(), src / "audio/en/only.opus");
        path = BuildOrThrow(src, tmp / "media.kiosk");
        const auto p = kiosk::Package::Open(path);
        video = p.exhibit().panels.at(0).videos.at(0).media_id;
        narration = p.exhibit().panels.at(0).narration.at("en").media_id;
    }
};

struct Harness {
    std::vector<std::string> log;
    std::unique_ptr<Player> owned;
    Player& player;
    explicit Harness(const std::string& package)
        : owned(kiosk::MakePlayer(
              [package](int64_t id) { return std::make_unique<kiosk::MediaBlob>(package, id); },
              {Player::Output::None, 50, "auto-safe", false},
              [this](const std::string& line) { log.push_back(line); })),
          player(*owned) {}

    // Polls mpv's events until `pred` holds, for at most `limit_ms`.
    template <typename Pred> bool WaitUntil(Pred pred, int limit_ms = 15000) {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(limit_ms);
        while (!pred(player.status())) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            player.WaitForChange(100);
        }
        return true;
    }
    size_t LogLinesWith(const std::string& needle) const {
        size_t n = 0;
        for (const auto& l : log)
            n += l.find(needle) != std::string::npos;
        return n;
    }
};

bool Is(const kiosk::PlaybackStatus& s, PlaybackState state) {
    return s.state == state;
}

} // namespace

TEST_CASE("a video plays from inside the package to its end, then shows its poster again") {
    MediaPackage pkg;
    Harness h(pkg.path);
    h.player.Play(pkg.video);
    CHECK(h.player.status().state == PlaybackState::Loading);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Playing); }));
    REQUIRE(h.WaitUntil([](auto& s) { return s.position_ms > 500; }));
    CHECK(h.player.status().duration_ms > 1900);
    CHECK(h.player.status().duration_ms < 2100);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Ended); }));
    CHECK(h.player.status().position_ms == 0);
    CHECK(h.LogLinesWith("player: libmpv, hwdec=auto-safe") == 1);
    CHECK(h.LogLinesWith("cannot be played") == 0);
}

TEST_CASE("a video started paused at a time stays there, exactly, until resumed") {
    MediaPackage pkg;
    Harness h(pkg.path);
    h.player.Play(pkg.video, 1200, true);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Paused) && s.position_ms > 0; }));
    CHECK(h.player.status().position_ms >= 1160);
    CHECK(h.player.status().position_ms <= 1240);
    h.player.Seek(400);
    REQUIRE(h.WaitUntil([](auto& s) { return s.position_ms < 1000; }));
    CHECK(h.player.status().state == PlaybackState::Paused);
    h.player.SetPaused(false);
    CHECK(h.player.status().state == PlaybackState::Playing);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Ended); }));
}

TEST_CASE("narration plays from the package to its end") {
    MediaPackage pkg;
    Harness h(pkg.path);
    h.player.Play(pkg.narration);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Playing); }));
    REQUIRE(h.WaitUntil([](auto& s) { return s.duration_ms > 2900; }));
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Ended); }));
}

TEST_CASE("a video the decoder rejects at play time fails with one log line, never a hang") {
    MediaPackage pkg;
    // Inside an otherwise sound package: the blob is replaced after the build.
    SqlExec(pkg.path, "UPDATE media SET data = zeroblob(200000) || X'00000018667479706D703432' "
                      "WHERE role = 'video'");
    Harness h(pkg.path);
    h.player.Play(pkg.video);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Failed); }));
    CHECK_FALSE(h.player.status().error.empty());
    CHECK(h.LogLinesWith("cannot be played") == 1);
    // The player is still usable afterwards.
    h.player.Play(pkg.narration);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Playing); }));
}

TEST_CASE("media missing from the package fails instead of playing") {
    MediaPackage pkg;
    Harness h(pkg.path);
    h.player.Play(9999);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Failed); }));
    CHECK(h.LogLinesWith("media 9999 cannot be played") == 1);
}

TEST_CASE("a new play replaces the one before without reporting its end") {
    MediaPackage pkg;
    Harness h(pkg.path);
    h.player.Play(pkg.video);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Playing); }));
    h.player.Play(pkg.narration);
    REQUIRE(h.WaitUntil([](auto& s) { return Is(s, PlaybackState::Playing); }));
    CHECK(h.player.status().media_id == pkg.narration);
    REQUIRE(h.WaitUntil([](auto& s) { return s.duration_ms > 2900; }));
    h.player.Stop();
    CHECK(h.player.status().state == PlaybackState::Idle);
    h.player.WaitForChange(200);
    CHECK(h.player.status().state == PlaybackState::Idle);
}

// [SECTION] The app's playback room: the player follows state.media.

namespace {

kiosk::State Asking(kiosk::MediaKind kind, int64_t id, int64_t duration_ms) {
    kiosk::State s;
    s.screen = kiosk::Screen::Panel;
    s.media = {kind, id, kind == kiosk::MediaKind::Video ? 1 : -1, "", false, -1, duration_ms};
    return s;
}

struct Room {
    std::vector<std::string> log;
    kiosk::Playback playback;
    Room(const std::string& package, bool fake_clock)
        : playback({fake_clock, Player::Output::None, false,
                    [this](const std::string& line) { log.push_back(line); }}) {
        playback.SetPackage(package);
    }
    // Real clock: polls until the state's media is over, for at most `limit_ms`.
    bool PlayOut(kiosk::State& s, int limit_ms = 15000) {
        const auto start = std::chrono::steady_clock::now();
        for (;;) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count();
            playback.Poll(s, ms);
            if (s.media.kind == kiosk::MediaKind::None) return true;
            if (ms > limit_ms) return false;
            playback.Follow(s, ms, 50);
            playback.player()->WaitForChange(50);
        }
    }
};

} // namespace

TEST_CASE("playback room: a video asked for plays to its end, then the state shows its poster") {
    MediaPackage pkg;
    Room room(pkg.path, false);
    kiosk::State s = Asking(kiosk::MediaKind::Video, pkg.video, 2000);
    room.playback.Follow(s, 0, 50);
    REQUIRE(room.playback.player() != nullptr);
    REQUIRE(room.PlayOut(s));
    CHECK(s.media.kind == kiosk::MediaKind::None);
    CHECK(s.last_touch_ms > 1500); // the idle timer starts when it ended
    CHECK_FALSE(room.playback.failed(pkg.video));
    // What a technician reads when a board plays a film badly.
    size_t said = 0;
    for (const auto& l : room.log)
        said += l.rfind("player: video " + std::to_string(pkg.video) +
                            " played to its end; frames dropped: ",
                        0) == 0;
    CHECK(said == 1);
}

TEST_CASE(
    "playback room: media that cannot be played give the poster back, said once, never retried") {
    MediaPackage pkg;
    Room room(pkg.path, false);
    kiosk::State s = Asking(kiosk::MediaKind::Video, 9999, 2000);
    room.playback.Follow(s, 0, 50);
    REQUIRE(room.PlayOut(s));
    CHECK(room.playback.failed(9999));
    kiosk::State again = Asking(kiosk::MediaKind::Video, 9999, 2000);
    room.playback.Follow(again, 100, 50);
    CHECK(again.media.kind == kiosk::MediaKind::None); // at once: the poster stays
    size_t said = 0;
    for (const auto& l : room.log)
        said += l.find("media 9999 cannot be played") != std::string::npos;
    CHECK(said == 1);
}

TEST_CASE("playback room, scripted clock: the position is the script's time and the end is exact") {
    MediaPackage pkg;
    Room room(pkg.path, true);
    kiosk::State s = Asking(kiosk::MediaKind::Video, pkg.video, 2000);
    room.playback.Follow(s, 10'000, 50);
    CHECK(room.playback.View(s, 10'700).position_ms == 700);
    // A shot at 11.2 s: mpv is moved exactly there (without a picture to
    // render, vo=null finishes the seek by itself).
    Player& player = *room.playback.player();
    auto settle = [&] {
        for (int i = 0; i < 400 && !player.Settled(); ++i)
            player.WaitForChange(50);
        return player.Settled();
    };
    REQUIRE(settle()); // the load first, as the app does
    REQUIRE(room.playback.SeekForShot(s, 11'200) == 1200);
    REQUIRE(settle());
    for (int i = 0; i < 100 && player.status().position_ms < 1000; ++i)
        player.WaitForChange(50); // time-pos follows the seek's end
    CHECK(player.status().position_ms >= 1160);
    CHECK(player.status().position_ms <= 1240);
    // Paused at 11.5 s: the position stands still however far the clock goes.
    s.media.paused = true;
    room.playback.Follow(s, 11'500, 50);
    CHECK(room.playback.View(s, 60'000).position_ms == 1500);
    s.media.paused = false;
    room.playback.Follow(s, 60'000, 50);
    room.playback.Poll(s, 60'499);
    CHECK(s.media.kind == kiosk::MediaKind::Video);
    // Ends at 60.5 s exactly (0.5 s were left), whenever the next poll comes.
    room.playback.Poll(s, 75'000);
    CHECK(s.media.kind == kiosk::MediaKind::None);
    CHECK(s.last_touch_ms == 60'500);
    // A tap on the bar moves the script's position.
    kiosk::State t = Asking(kiosk::MediaKind::Narration, pkg.narration, 3000);
    room.playback.Follow(t, 0, 50);
    t.media.seek_ms = 2500;
    room.playback.Follow(t, 100, 50);
    CHECK(t.media.seek_ms == -1);
    CHECK(room.playback.View(t, 300).position_ms == 2700);
}

TEST_CASE(
    "playback room: the player is released for attract mode and made again for the next visitor") {
    MediaPackage pkg;
    Room room(pkg.path, false);
    kiosk::State s = Asking(kiosk::MediaKind::Narration, pkg.narration, 3000);
    room.playback.Follow(s, 0, 50);
    REQUIRE(room.playback.player() != nullptr);
    room.playback.ReleasePlayer();
    CHECK(room.playback.player() == nullptr);
    kiosk::State next = Asking(kiosk::MediaKind::Video, pkg.video, 2000);
    room.playback.Follow(next, 100, 50);
    REQUIRE(room.playback.player() != nullptr);
    REQUIRE(room.PlayOut(next));
    CHECK_FALSE(room.playback.failed(pkg.video));
}

TEST_CASE(
    "playback room: playing that stands still gives the poster back instead of holding the visit") {
    MediaPackage pkg;
    Room room(pkg.path, false);
    kiosk::State s = Asking(kiosk::MediaKind::Narration, pkg.narration, 3000);
    room.playback.Follow(s, 0, 50);
    Player& player = *room.playback.player();
    for (int i = 0; i < 300 && player.status().state != PlaybackState::Playing; ++i)
        player.WaitForChange(50);
    REQUIRE(player.status().state == PlaybackState::Playing);
    // The player stops moving behind the room's back (a stream that hangs).
    player.SetPaused(true);
    for (int i = 0; i < 100 && player.status().state != PlaybackState::Paused; ++i)
        player.WaitForChange(50);
    room.playback.Poll(s, 1'000);
    CHECK(s.media.kind == kiosk::MediaKind::Narration); // not yet: it may just be slow
    room.playback.Poll(s, 1'000 + 31'000);
    CHECK(s.media.kind == kiosk::MediaKind::None);
    CHECK(s.last_touch_ms == 32'000); // the idle timer runs again from then
    CHECK(room.playback.failed(pkg.narration));
    size_t said = 0;
    for (const auto& l : room.log)
        said += l.find("stood still for 30 s while playing; its poster stays") != std::string::npos;
    CHECK(said == 1);
}
