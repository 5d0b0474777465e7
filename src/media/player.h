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

    // Throws MediaError when libmpv cannot be started.
    Player(OpenMedia open, Options options, LogLine log);
    ~Player();
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    // Starts `media_id` at `start_ms` (paused when `paused`), replacing
    // whatever played.
    void Play(int64_t media_id, int64_t start_ms = 0, bool paused = false);
    void SetPaused(bool paused);
    // Exact seek (the scripted mode's shots and the scrubbing bar).
    void Seek(int64_t ms);
    void Stop();
    void SetVolume(int volume); // 0 mutes (attract mode, quiet hours)

    // Drains mpv's pending events without waiting and returns where playback is.
    const PlaybackStatus& Poll();
    const PlaybackStatus& status() const { return m_status; }
    // Waits up to `timeout_ms` for mpv to report something (tests and the
    // scripted mode's exact seeks only, never the render loop); then Poll().
    const PlaybackStatus& WaitForChange(int timeout_ms);

    // True once the last Play() and Seek() have finished: the frame of the
    // position asked for is the one mpv hands to the renderer.
    bool Settled() const {
        return m_loads_pending == 0 && m_seeks_pending == 0 &&
               m_status.state != PlaybackState::Loading;
    }

    // "loads N, seeks N": what Settled() still waits for (messages).
    std::string PendingText() const {
        return "loads " + std::to_string(m_loads_pending) + ", seeks " +
               std::to_string(m_seeks_pending);
    }

    // The hardware decoder in use ("v4l2m2m-copy", "no"), once a video runs.
    std::string HardwareDecoder() const { return m_hwdec_current; }
    mpv_handle* handle() const { return m_mpv; }

  private:
    void HandleEvents(double timeout_s);
    mpv_handle* m_mpv = nullptr;
    std::unique_ptr<OpenMedia> m_open; // a stable address for mpv's stream callbacks
    LogLine m_log;
    PlaybackStatus m_status;
    bool m_paused_wanted = false;
    int m_loads_pending = 0; // Play() calls whose file mpv has not started yet
    int m_seeks_pending = 0; // Seek() calls mpv has not finished yet
    bool m_hwdec_logged = false;
    std::string m_hwdec_current;
};

} // namespace kiosk
