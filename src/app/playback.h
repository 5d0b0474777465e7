// The app's room for video and narration: it makes the one player follow
// what the visitor asked for (state.media), tells the state when playback
// ended or failed, and sets the volume the sound etiquette allows.
//
// With the real clock mpv plays on its own. With the scripted mode's fake
// clock the position is the script's time since the tap: mpv stays paused
// and seeks exactly to it before a picture is taken, so video screens get
// golden images and `expect playing` does not depend on the machine's speed.
#pragma once

#include "core/model.h"
#include "core/state.h"
#include "media/player.h"

#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace kiosk {

struct PlaybackView {
    MediaKind kind = MediaKind::None;
    int64_t media_id = 0;
    int64_t position_ms = 0;
    int64_t duration_ms = 0;
    bool showing_picture = false; // a video's frames are coming (else its poster)
};

class Playback {
  public:
    struct Options {
        bool fake_clock = false;
        Player::Output output = Player::Output::RenderApi;
        bool sound = true;
        Player::LogLine log;
    };
    explicit Playback(Options options);
    ~Playback();

    // The package media are read from (a new exhibit: whatever played stops).
    void SetPackage(const std::string& path);

    // Before Step: what the player did since the last frame. Ended or failed
    // media give the state its poster back (MediaFinished) at the time it ended.
    void Poll(State& state, int64_t now_ms);
    // After Step: the player follows state.media; `volume` from VolumeAt.
    void Follow(State& state, int64_t now_ms, int volume);

    PlaybackView View(const State& state, int64_t now_ms) const;
    // The next frame: soon while a video plays, each second for a progress bar.
    int64_t NextFrameMs(const State& state, int64_t now_ms) const;

    // Fake clock only, for a shot of a playing or paused video: an exact
    // seek to the script's position (always a fresh one, so that its frame
    // is the last mpv hands over). Returns that position, or -1 when there is
    // no video to take. The app renders until the player has Settled().
    int64_t SeekForShot(const State& state, int64_t now_ms);

    // A visit began in an exhibit with media: the media module (libmpv and
    // FFmpeg, media/media_module.h) loads on a thread of its own, so neither
    // the start nor attract mode carries it and the first Play() does not
    // wait for it. Once per run; it stays loaded.
    void Preload();

    Player* player() { return m_player.get(); }
    // Attract mode: the player (mpv's threads, decoders and buffers) goes
    // until the next visitor plays something, so memory stays flat.
    void ReleasePlayer();
    bool failed(int64_t media_id) const { return m_failed.count(media_id) > 0; }

  private:
    int64_t LogicalPosition(int64_t now_ms) const;
    // One log line when a video stops or ends: how many frames were dropped
    // (what a technician looks at when a board plays a film badly).
    void SayDrops(const char* how);
    // Gives up on what plays: the poster comes back, said once, never retried.
    void GiveUp(State& state, int64_t now_ms, const std::string& why);
    void EnsurePlayer();

    Options m_opt;
    std::future<void> m_preload; // waited for by the destructor
    std::unique_ptr<Player> m_player;
    std::shared_ptr<std::string> m_path; // read by mpv's thread through OpenMedia
    std::shared_ptr<std::mutex> m_path_mutex;
    MediaPlay m_following;        // what the player was last told to do
    int64_t m_anchor_ms = 0;      // fake clock: the script time at m_anchor_pos
    int64_t m_anchor_pos = 0;     // ... and the media position then
    bool m_player_broken = false; // libmpv could not start: media show their posters
    std::set<int64_t> m_failed;   // media that could not be played (logged once each)
    int m_volume = -1;
    // Real clock: a load that never starts, or playback that stops moving,
    // must not hold the idle timer for ever (the visit would never end).
    int64_t m_play_started_ms = 0;
    int64_t m_progress_pos = -1;
    int64_t m_progress_ms = 0;
};

} // namespace kiosk
