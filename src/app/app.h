// The kiosk's wiring: the rooms of app/ (exhibit source, visit recorder,
// screen schedule, staff commands, import watch, jobs worker), the window,
// the image pipeline and the state, and ONE loop body, Tick. Interactive and
// scripted runs call the same Tick; only the clock and the wait between
// calls differ (main.cpp). Nothing slow runs here: disk, child processes,
// checks and PIN hashes go to the jobs worker.
#pragma once

#include "app/config.h"
#include "app/exhibit_source.h"
#include "app/import_watch.h"
#include "app/jobs.h"
#include "app/playback.h"
#include "app/screen_schedule.h"
#include "app/staff_commands.h"
#include "app/visit_recorder.h"
#include "core/gesture.h"
#include "core/state.h"
#include "media/decode_queue.h"
#include "platform/display_power.h"
#include "platform/texture_cache.h"
#include "platform/video_texture.h"
#include "platform/window.h"
#include "ui/fonts.h"
#include "ui/screens.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

// Milliseconds since the kiosk started (steady clock).
int64_t RealMs();
void Log(const std::string& line);

struct TickInput {
    int64_t now_ms = 0;
    std::vector<PointerEvent> pointer; // in time order
    std::vector<std::string> keys;
    bool force_draw = false;
    std::string screenshot; // draw, then write the frame to this PNG
};

struct TickResult {
    int64_t next_ms = 0; // the picture changes by itself then (or work is due)
    bool drew = false;
    bool first_frame = false; // the first frame is on screen now
};

class App {
  public:
    App(AppConfig config, bool fake_clock);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // The loop body: results of slow work, gestures, keys, schedule, Step,
    // staff commands, visits, uploads, import status, reloads, the frame.
    TickResult Tick(const TickInput& in);

    // The scripted mode's wait: until the jobs worker is idle (and, with
    // `images`, until every image the last frame asked for is resident).
    // Returns true when there is still an image to draw.
    void SettleJobs();
    bool SettleImages();

    // At exit: the visit in progress, the last report, every job finished.
    void Finish();

    Window& window() { return *m_window; }
    const State& state() const { return m_state; }
    bool exhibit_shown() const { return m_shown.has_value(); }
    std::string ready_text() const;
    const std::string& exit_reason() const { return m_exit_reason; }
    // "playing", "paused" or "stopped" (the scripted mode's `expect`).
    std::string media_state() const { return MediaStateName(m_state); }

  private:
    struct Shown {
        std::string path;
        FileKey key;
    };
    struct Loaded {
        std::optional<LoadedExhibit> exhibit;
        FontFaces faces;
    };
    Loaded LoadOnWorker(bool fallback) const;
    // `early`: the start's image queue, decoding since the package was read.
    void Install(Loaded loaded, int64_t now, std::unique_ptr<DecodeQueue> early = nullptr);
    void PostCheck();
    void DropShown(); // the package on screen is bad: the fallback replaces it
    void PostReload(int64_t now);
    void NewImagePipeline(std::unique_ptr<DecodeQueue> early = nullptr);
    // A decode queue reading the package at `path`; `opaque_bgra` unset: not known yet.
    static std::unique_ptr<DecodeQueue> MakeDecodeQueue(const std::string& path,
                                                        std::optional<bool> opaque_bgra);
    void HandleKey(const std::string& name);
    void StepTracked(const std::vector<Gesture>& gestures, int64_t now);
    void RunStaffCommand(int64_t now);
    void ApplyStaffOutcome(const StaffOutcome& outcome);
    void CheckSchedule(int64_t now, bool touched);
    void PostStaffFacts();
    void EnsureFonts();
    int VolumeNow(int64_t now) const;
    // The video's picture: a texture mpv renders into; true when it changed.
    bool UpdateVideo();
    void RenderShotFrame(int64_t now); // scripted mode: the frame of the script's time
    // What the font atlas was built for: the window's size, the dpi, the text size.
    static std::string FontsKey(int width, int height, float dpi, bool large);
    void CreateWindowAndFirstLoad();                          // the start, see app.cpp
    void AfterFirstFrame();                                   // what the start deferred
    bool DrawNow(int64_t now, const std::string& screenshot); // false: nothing drawn
    int64_t WallMs(int64_t now) const { return now + m_wall_offset_ms; }

    AppConfig m_cfg;
    bool m_fake_clock = false;
    int64_t m_wall_offset_ms = 0; // wall clock minus the kiosk's clock
    std::unique_ptr<Window> m_window;
    float m_dpi = 96;
    Jobs m_jobs;
    ExhibitSource m_source;
    std::optional<Shown> m_shown; // the package on screen; none: "unavailable"
    Exhibit m_exhibit;
    FontFaces m_faces;
    Fonts m_fonts;
    std::string m_fonts_key;
    FileKey m_stamp; // of the exhibit path when last looked at
    bool m_reload_pending = false;
    bool m_drop_pending = false; // the package on screen is being replaced
    int64_t m_last_reload_check = 0;
    std::unique_ptr<DecodeQueue> m_queue;
    std::unique_ptr<TextureCache> m_cache;
    // After the window (GL) and the player: the texture goes first, then the player.
    Playback m_playback;
    std::unique_ptr<VideoTexture> m_video;
    bool m_video_broken = false;   // this GL cannot show video: posters only (said once)
    int64_t m_video_asked_ms = -1; // a video was tapped then; its first picture is not drawn yet
    State m_state;
    FrameLayout m_layout;
    GestureRecognizer m_gestures;
    VisitRecorder m_visits;
    ScreenSchedule m_schedule;
    std::shared_ptr<DisplayPower> m_display; // kiosk mode on a board only; used by jobs
    StaffCommands m_staff;
    ImportWatch m_import;
    AdminInfo m_admin_info;
    AdminScreen m_admin_shown = AdminScreen::None;
    std::string m_last_run;
    std::string m_exit_reason = "stopped by the service manager";
    std::unique_ptr<FILE, int (*)(FILE*)> m_frame_log{nullptr, std::fclose};
    int64_t m_last_frame = 0;
    bool m_check_deferred = false;           // the whole-file check waits for the first frame
    bool m_blanking_deferred = false;        // so does telling X not to blank the screen
    bool m_plain_pictures = false;           // the picture path could not be built (at the start)
    std::optional<ImageKey> m_first_picture; // the first frame's picture (Tick waits for it)
    int64_t m_next_frame = 0;
    Screen m_last_screen = Screen::Attract;
    // Said once per screen change, when a frame showed every picture it asked
    // for: how a slow board (or a test watching one) knows the screen is whole.
    bool m_screen_whole_said = false;
    bool m_first_frame_done = false;
};

} // namespace kiosk
