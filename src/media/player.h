// Plays one video or narration at a time with libmpv, reading the media
// straight from where it lies (a package blob, through mpv's stream callback
// API and a ByteSource): no temporary file, nothing unpacked onto the card.
// No GL here: the picture is drawn by platform/video_texture through mpv's
// render API; a Player made with Output::None plays without any window.
//
// Every call returns at once: commands go to mpv asynchronously and Poll()
// only drains events that are already there, so the UI thread never waits on
// the decoder.
#pragma once

#include "media/byte_source.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

struct mpv_handle;

namespace kiosk {

enum class PlaybackState {
    Idle,    // nothing loaded
    Loading, // asked to play, no frame or sound yet
    Playing,
    Paused,
    Ended,  // played to its end: the UI shows the poster again
    Failed, // could not be played (status.error says why, logged once)
};

const char* PlaybackStateName(PlaybackState state); // "idle", "playing", ...

struct PlaybackStatus {
    PlaybackState state = PlaybackState::Idle;
    int64_t media_id = 0;
    int64_t position_ms = 0;
    int64_t duration_ms = 0;
    // Frames of this file dropped so far: by the video output (late for their
    // time) and by the decoder (too slow to decode them).
    int64_t dropped_by_output = 0;
    int64_t dropped_by_decoder = 0;
    std::string error;
};

// The one player of the kiosk. An interface: libmpv and FFmpeg live in the
// media module (media/media_module.h), loaded only when something is played
// or probed, so the kiosk starts, and idles in attract mode, without them.
class Player {
  public:
    // Opens the bytes of a media id; called on mpv's demuxer thread, so it
    // opens its own connection. Returns nullptr when the media is missing.
    using OpenMedia = std::function<std::unique_ptr<ByteSource>(int64_t media_id)>;
    using LogLine = std::function<void(const std::string&)>;

    enum class Output {
        RenderApi, // pictures through mpv's render API (a VideoTexture), sound on
        None,      // no picture and no sound device: tests and headless checks
    };
    struct Options {
        Output output = Output::RenderApi;
        int volume = 80;                 // 0..100, kiosk.toml's volume
        std::string hwdec = "auto-safe"; // mpv's hwdec: V4L2 M2M on a Pi, else software
        bool sound = true;               // false: no sound device at all (tests)
    };

    virtual ~Player() = default;

    // Starts `media_id` at `start_ms` (paused when `paused`), replacing
    // whatever played.
    virtual void Play(int64_t media_id, int64_t start_ms, bool paused) = 0;
    void Play(int64_t media_id) { Play(media_id, 0, false); }
    virtual void SetPaused(bool paused) = 0;
    // Exact seek (the scripted mode's shots and the scrubbing bar).
    virtual void Seek(int64_t ms) = 0;
    virtual void Stop() = 0;
    virtual void SetVolume(int volume) = 0; // 0 mutes (attract mode, quiet hours)

    // Drains the player's pending events without waiting and returns where playback is.
    virtual const PlaybackStatus& Poll() = 0;
    virtual const PlaybackStatus& status() const = 0;
    // Waits up to `timeout_ms` for the player to report something (tests and
    // the scripted mode's exact seeks only, never the render loop); then Poll().
    virtual const PlaybackStatus& WaitForChange(int timeout_ms) = 0;

    // True once the last Play() and Seek() have finished: the frame of the
    // position asked for is the one the player hands to the renderer.
    virtual bool Settled() const = 0;
    // "loads N, seeks N": what Settled() still waits for (messages).
    virtual std::string PendingText() const = 0;
    // The hardware decoder in use ("v4l2m2m-copy", "no"), once a video runs.
    virtual std::string HardwareDecoder() const = 0;
    // libmpv's handle, for the VideoTexture that renders its pictures.
    virtual mpv_handle* handle() const = 0;
};

// Loads the media module (once) and starts a player. Throws MediaError when
// the module or libmpv cannot be started.
std::unique_ptr<Player> MakePlayer(Player::OpenMedia open, Player::Options options,
                                   Player::LogLine log);

} // namespace kiosk
