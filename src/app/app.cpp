// [SECTION] Start and stop
// [SECTION] Tick: the one loop body
// The exhibit's loading is in app_exhibit.cpp; the frame and the staff side
// in app_frame.cpp.
#include "app/app.h"

#include "app/run_state.h"
#include "app/staff_facts.h"
#include "core/error.h"
#include "media/memory.h"
#include "platform/board_config.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <future>

namespace kiosk {

namespace {
const auto kStart = std::chrono::steady_clock::now();
// Attract mode drops a picture this long after it was last drawn: past the
// crossfade that hid it, and far shorter than a cycle of the slideshow.
constexpr int64_t kAttractKeepUnusedMs = 2000;
// Pixels uploaded to textures per frame: a screen-sized image takes a few
// frames, and no frame's own work grows by more than a millisecond.
constexpr size_t kUploadBytesPerFrame = 1u << 20;
// How long the first frame waits for its picture: a blank screen a moment
// longer rather than a picture that appears after the words.
constexpr std::chrono::milliseconds kFirstPictureWait{300};

int64_t SystemWallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Schedule LogSchedule(const AppConfig& cfg) {
    if (!cfg.board_error.empty()) Log(cfg.board_error);
    Log("opening hours: " + DescribeSchedule(cfg.board.schedule));
    return cfg.board.schedule;
}

std::string VisitsDb(const AppConfig& cfg) {
    return cfg.visits_db.empty() ? (std::filesystem::path(cfg.state_dir) / "visits.db").string()
                                 : cfg.visits_db;
}
} // namespace

int64_t RealMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 kStart)
        .count();
}

void Log(const std::string& line) {
    std::fprintf(stderr, "kiosk: %s\n", line.c_str());
}

// [SECTION] Start and stop ------------------------------------------------------

App::App(AppConfig config, bool fake_clock)
    : m_cfg(std::move(config)), m_fake_clock(fake_clock),
      m_wall_offset_ms(SystemWallMs() - (fake_clock ? 0 : RealMs())),
      m_jobs([] { Window::Wake(); }, Log), m_source(m_cfg.exhibit, m_cfg.state_dir, Log),
      m_playback({fake_clock, Player::Output::RenderApi, true, Log}),
      m_visits(m_jobs,
               {VisitsDb(m_cfg),
                (std::filesystem::path(m_cfg.state_dir) / "visits-report.txt").string(),
                m_cfg.retention_days, m_wall_offset_ms},
               Log),
      m_schedule(LogSchedule(m_cfg)),
      m_staff(m_jobs, {m_cfg.pin_hash, m_cfg.exhibit, m_cfg.state_dir}, Log),
      m_import(m_jobs, m_cfg.state_dir, Log) {
    CreateWindowAndFirstLoad();
    if (!m_fake_clock && m_window->kiosk_mode()) {
        m_display = std::make_shared<DisplayPower>(Log);
        m_blanking_deferred = true; // two child processes: after the first frame
    }
    m_last_run = ReadLastRun(m_cfg.state_dir);
    if (!m_fake_clock)
        WriteRunState(m_cfg.state_dir, "running since " + WallClockText(SystemWallMs() / 1000));
    if (!m_cfg.frame_log.empty()) {
        m_frame_log.reset(std::fopen(m_cfg.frame_log.c_str(), "w"));
        if (!m_frame_log) throw ConfigError("cannot write the frame log " + m_cfg.frame_log);
    }
}

// The start. Creating the window and its GL context is the longest part of
// it (about 100 ms with llvmpipe), and the first frame's own longest part is
// the font atlas (FreeType rasterising every glyph the exhibit uses), which
// needs only the package, the window's size and the dpi. So the package is
// read and the atlas built on another thread while the window is created;
// the window's size is known before the context is made (Window's on_size).
// The atlas is finished before the ImGui context exists (before_imgui): no
// ImGui call then runs on two threads at once. When the size turns out
// different (a window manager resized it), EnsureFonts builds it again.
void App::CreateWindowAndFirstLoad() {
    struct Prepared {
        Loaded loaded;
        ImFontAtlas* atlas = nullptr; // IM_NEW: ImGui's context frees it
        Fonts fonts;
        std::string key;
        // The attract screen's picture, decoding since the package was read
        // (its pixel order is settled once the GL context says it).
        std::unique_ptr<DecodeQueue> queue;
        std::optional<ImageKey> first;
    };
    struct Size {
        int width = 0, height = 0;
        float dpi = 0;
    };
    // Nothing is on screen yet: the first load may read the disk here.
    m_stamp = KeyOf(m_cfg.exhibit);
    // Declared before the promise: if the window throws, the promise breaks
    // first and the thread ends instead of waiting for a size for ever.
    std::future<Prepared> prepared;
    std::promise<Size> size;
    prepared = std::async(std::launch::async, [this, known = size.get_future()]() mutable {
        Prepared p;
        p.loaded = LoadOnWorker(true);
        const Size s = known.get();
        const Exhibit none;
        const Exhibit& ex = p.loaded.exhibit ? p.loaded.exhibit->exhibit : none;
        // The picture on screen only (the last key): the next panel's waits
        // for the first frame, as in every frame after it, so the start's two
        // cores are not shared three ways for longer.
        if (p.loaded.exhibit) {
            const std::vector<ImageKey> keys =
                AttractImages(ex, InitialState(ex, m_cfg.settings, 0), m_cfg.settings, s.width,
                              s.height, s.dpi, 0);
            if (!keys.empty()) {
                p.first = keys.back();
                p.queue = MakeDecodeQueue(p.loaded.exhibit->path, std::nullopt);
                p.queue->Request(*p.first);
            }
        }
        // The first screen shows the normal text size unless the settings say otherwise.
        const bool large = m_cfg.settings.large_text_default;
        p.atlas = IM_NEW(ImFontAtlas);
        try {
            p.fonts = BuildFonts(
                *p.atlas, p.loaded.faces, ComputeMetrics(s.width, s.height, s.dpi, false),
                ComputeMetrics(s.width, s.height, s.dpi, true), AllText(ex), large);
        } catch (const ConfigError&) {
            // Fonts the atlas cannot be built from: the first frame finds out
            // again and drops the package for the previous one (EnsureFonts).
            IM_DELETE(p.atlas);
            p.atlas = nullptr;
        } catch (...) {
            IM_DELETE(p.atlas);
            throw;
        }
        p.key = FontsKey(s.width, s.height, s.dpi, large);
        return p;
    });
    WindowOptions wo;
    wo.fullscreen = !m_cfg.windowed;
    wo.width = m_cfg.width;
    wo.height = m_cfg.height;
    wo.renderer = m_cfg.renderer;
    wo.context = m_cfg.gl_context;
    wo.vsync = !m_fake_clock;
    wo.clock = [] { return RealMs(); };
    wo.on_size = [&](int w, int h, float dpi) {
        size.set_value({w, h, m_cfg.dpi > 0 ? m_cfg.dpi : dpi});
    };
    wo.before_imgui = [&] { prepared.wait(); };
    m_window = std::make_unique<Window>(wo);
    Prepared p = prepared.get(); // a package or font error is thrown here, as before
    Log(m_window->gl_description());
    m_dpi = m_cfg.dpi > 0 ? m_cfg.dpi : m_window->dpi();
    Log("dpi: " + std::to_string(static_cast<int>(m_dpi + 0.5f)) + " (" +
        (m_cfg.dpi > 0 ? std::string("--dpi or [display] dpi") : m_window->dpi_source()) + ")");
    // The picture path's shader before the first frame (about a millisecond
    // with the shader cache filled), so the first frame can draw the
    // photographs that decode meanwhile; without it they decode in R, G, B, A
    // order for ImGui's renderer.
    if (m_window->pictures_wanted()) {
        std::string why;
        if (!m_window->EnablePictures(why)) {
            Log(why + "; photographs are drawn through ImGui's renderer");
            m_plain_pictures = true;
        }
    }
    Install(std::move(p.loaded), 0, std::move(p.queue));
    // The attract screen's picture has been decoding since the package was
    // read; asked for again at the window's own size (the same key unless a
    // window manager resized it), it is the cache's from now on, and the
    // first frame waits a little for it (Tick).
    const std::vector<ImageKey> shown = AttractImages(
        m_exhibit, m_state, m_cfg.settings, m_window->width(), m_window->height(), m_dpi, 0);
    if (!shown.empty()) {
        m_first_picture = shown.back();
        m_cache->Prefetch(*m_first_picture);
    }
    if (p.first)
        Log(std::string("start: the attract screen's picture decoding while the window was "
                        "created") +
            (p.first == m_first_picture ? "" : " (then asked for again at the window's size)"));
    if (!p.atlas) return;
    ImGuiIO& io = ImGui::GetIO();
    IM_DELETE(io.Fonts);
    io.Fonts = p.atlas;
    if (p.key == FontsKey(m_window->width(), m_window->height(), m_dpi, m_state.large_text)) {
        m_fonts = p.fonts;
        m_fonts_key = p.key;
        Log("font atlas " + std::to_string(io.Fonts->TexWidth) + "x" +
            std::to_string(io.Fonts->TexHeight) + " for " + p.key + " (" + m_faces.description +
            "), built while the window was created");
        m_window->RebuildFontTexture();
    }
}

// What the first frame does not need waits for it, so the start has the
// cores to itself: the package's whole-file check and the screen-blanking
// commands.
void App::AfterFirstFrame() {
    if (m_check_deferred && m_shown) PostCheck();
    m_check_deferred = false;
    if (m_blanking_deferred && m_display) {
        auto display = m_display;
        m_jobs.Post([display]() -> Jobs::Done {
            display->DisableBlanking();
            return {};
        });
    }
    m_blanking_deferred = false;
}

App::~App() {
    m_jobs.WaitIdle();
    // Textures and decoders go before the GL context (the window).
    m_cache.reset();
    m_queue.reset();
}

void App::Finish() {
    m_visits.Finish();
    m_jobs.WaitIdle();
    if (!m_fake_clock)
        WriteRunState(m_cfg.state_dir,
                      m_exit_reason + " at " + WallClockText(SystemWallMs() / 1000));
}

void App::SettleJobs() {
    do {
        m_jobs.WaitIdle();
    } while (m_jobs.RunFinished() > 0);
}

bool App::SettleImages() {
    if (!m_cache->Waiting()) return false;
    m_queue->WaitIdle();
    m_cache->Pump(SIZE_MAX);
    return true;
}

// [SECTION] Tick: the one loop body -------------------------------------------------

TickResult App::Tick(const TickInput& in) {
    const int64_t now = in.now_ms;
    TickResult result;
    m_jobs.RunFinished(); // what the worker found since the last tick
    std::vector<Gesture> gestures;
    for (const PointerEvent& e : in.pointer)
        for (const Gesture& g : m_gestures.Feed(e))
            gestures.push_back(g);
    for (const auto& key : in.keys)
        HandleKey(key);
    CheckSchedule(now, !gestures.empty());
    m_playback.Poll(m_state, now); // an end of playback restarts the idle timer at its time
    const MediaPlay media_before = m_state.media;
    StepTracked(gestures, now);
    m_playback.Follow(m_state, now, VolumeNow(now));
    if (m_state.media != media_before) m_next_frame = now;
    if (m_state.media.kind == MediaKind::Video &&
        (media_before.kind != MediaKind::Video || media_before.media_id != m_state.media.media_id))
        m_video_asked_ms = now; // said with the first picture (tap to first frame)
    // One render context per video played: none is left unserviced while
    // narration or nothing plays (mpv's core may wait on it), and a new
    // video never shows the last one's frame.
    if (m_video &&
        (m_state.media.kind != MediaKind::Video || m_state.media.media_id != media_before.media_id))
        m_video.reset();
    if (m_state.screen == Screen::Attract && m_playback.player()) {
        m_video.reset(); // before the player it draws from
        m_playback.ReleasePlayer();
    }
    m_visits.MaybeReport(now);
    if (m_state.command != AdminCommand::None) RunStaffCommand(now);
    if (m_state.screen != m_last_screen) {
        Log(std::string("screen: ") + ScreenName(m_state.screen));
        if (m_last_screen == Screen::Attract && HasMedia(m_exhibit)) m_playback.Preload();
        m_last_screen = m_state.screen;
        m_screen_whole_said = false;
        m_next_frame = now;
    }
    if (m_state.admin == AdminScreen::Panel && m_admin_shown != AdminScreen::Panel)
        PostStaffFacts();
    m_admin_shown = m_state.admin;
    // The first frame shows the attract screen whole: it waits a little for
    // the picture decoding since the start and uploads it at once. After it,
    // a bounded number of uploads per frame keeps every frame short.
    if (!m_first_frame_done && m_first_picture) {
        m_queue->WaitDone(*m_first_picture, kFirstPictureWait);
        m_first_picture.reset();
    }
    const int arrived = m_cache->Pump(m_first_frame_done ? kUploadBytesPerFrame : SIZE_MAX);
    // The slideshow holds what it shows and the next picture, not a budget's
    // worth of panels it passed; the pictures' memory goes straight back.
    if (m_state.screen == Screen::Attract && m_cache->DropUnusedFor(kAttractKeepUnusedMs) > 0)
        ReleaseFreedMemory();
    if (!gestures.empty() || arrived > 0 || in.force_draw || !in.screenshot.empty())
        m_next_frame = now;
    if (m_import.Poll(now)) m_next_frame = now;
    if (!in.screenshot.empty()) RenderShotFrame(now);
    const bool new_picture = UpdateVideo();
    if (new_picture) m_next_frame = now;
    if (now - m_last_reload_check >= 2000) PostReload(now);
    if (m_schedule.closed() && in.screenshot.empty())
        m_next_frame = now + 60'000; // the screen is off: draw nothing
    const bool due = now >= m_next_frame;
    if (due && !DrawNow(now, in.screenshot)) {
        m_next_frame = now + 100; // no frame until the package is replaced (a job's result wakes)
    } else if (due) {
        result.drew = true;
        result.first_frame = !m_first_frame_done;
        m_first_frame_done = true;
        if (result.first_frame) AfterFirstFrame();
        if (new_picture && m_video_asked_ms >= 0) {
            Log("player: first picture of video " + std::to_string(m_state.media.media_id) +
                " on screen " + std::to_string(now - m_video_asked_ms) + " ms after the tap");
            m_video_asked_ms = -1;
        }
        m_next_frame =
            std::min(now + NextFrameDelayMs(m_state, m_exhibit, m_cfg.settings, now, m_layout),
                     m_playback.NextFrameMs(m_state, now));
        // A screen that will stay still for a while keeps only the textures
        // it shows, and the freed memory goes back to the system.
        if (m_next_frame - now > 1000 && !m_cache->Waiting() && !m_cache->Uploading()) {
            m_cache->TrimToLastFrame();
            ReleaseFreedMemory();
        }
        if (m_cache->Waiting()) m_next_frame = std::min<int64_t>(m_next_frame, now + 100);
        if (!m_screen_whole_said && m_cache->LastFrameWhole()) {
            Log(std::string("screen: ") + ScreenName(m_state.screen) + ": every picture shown");
            m_screen_whole_said = true;
        }
    }
    result.next_ms = m_next_frame;
    if (m_cache->Uploading()) result.next_ms = std::min<int64_t>(result.next_ms, now + 8);
    return result;
}

void App::HandleKey(const std::string& name) {
    // Lockdown: in kiosk mode no key does anything. In the windowed
    // development mode Escape closes the window.
    if (m_window->kiosk_mode()) {
        Log("key '" + name + "' ignored (kiosk mode)");
        return;
    }
    if (name == "Escape") m_window->RequestClose();
}

int App::VolumeNow(int64_t now) const {
    // Staff mode (PIN pad, staff panel, test pattern) is silent.
    if (m_state.media.kind == MediaKind::None || m_state.admin != AdminScreen::None) return 0;
    const bool visitor = m_state.screen == Screen::Home || m_state.screen == Screen::Panel ||
                         m_state.screen == Screen::StillThere;
    const LocalTime local = SystemLocalTime(WallMs(now) / 1000);
    return VolumeAt(m_cfg.sound, visitor, m_schedule.closed(), local.hour * 60 + local.minute);
}

bool App::UpdateVideo() {
    if (m_state.media.kind != MediaKind::Video || m_video_broken || !m_playback.player())
        return false;
    if (!m_video) {
        try {
            m_video = MakeVideoTexture(*m_playback.player(), &Window::GlProcAddress,
                                       [] { Window::Wake(); });
        } catch (const MediaError& e) {
            Log(std::string(e.what()) + "; videos show their posters only");
            m_video_broken = true;
            return false;
        }
    }
    // The video's own size, never larger than the screen.
    const Panel* panel = m_state.panel < static_cast<int>(m_exhibit.panels.size())
                             ? &m_exhibit.panels[static_cast<size_t>(m_state.panel)]
                             : nullptr;
    const PanelVideo* v = panel ? VideoAt(*panel, m_state.media.picture) : nullptr;
    if (!v || v->width <= 0 || v->height <= 0) return false;
    // The size it is drawn at (the last frame said), never larger than the
    // video itself; before it was drawn, its own size within the screen.
    double box_w = m_window->width(), box_h = m_window->height();
    if (m_layout.video.w >= 2 && m_layout.video.h >= 2) {
        box_w = std::ceil(m_layout.video.w);
        box_h = std::ceil(m_layout.video.h);
    }
    const double fit = std::min({1.0, box_w / v->width, box_h / v->height});
    return m_video->Update(std::max(2, static_cast<int>(std::lround(v->width * fit))),
                           std::max(2, static_cast<int>(std::lround(v->height * fit))));
}

// The scripted mode's shot of a video: mpv is moved exactly to the script's
// time, and the loop renders what mpv hands over while it gets there (mpv's
// render API completes a load or a seek only once its frame was rendered),
// then until no newer frame comes, so the texture holds the frame of that
// time. Each wait is bounded; a frame that never comes is said in the log.
void App::RenderShotFrame(int64_t now) {
    if (!m_fake_clock || m_state.media.kind != MediaKind::Video || !m_playback.player()) return;
    using Clock = std::chrono::steady_clock;
    Player& player = *m_playback.player();
    auto settle = [&] {
        const auto limit = Clock::now() + std::chrono::seconds(20);
        while (!player.Settled()) {
            if (player.status().state == PlaybackState::Failed || Clock::now() > limit)
                return false;
            UpdateVideo();
            player.WaitForChange(5);
        }
        return true;
    };
    int64_t target = -1;
    if (!settle() || (target = m_playback.SeekForShot(m_state, now)) < 0 || !settle()) {
        Log("player: the frame at " + std::to_string(target) + " ms never came (" +
            PlaybackStateName(player.status().state) + ", " + player.PendingText() + ")");
        return;
    }
    const auto start = Clock::now();
    auto last = start;
    while (Clock::now() - last < std::chrono::milliseconds(300) &&
           Clock::now() - start < std::chrono::seconds(10)) {
        if (UpdateVideo())
            last = Clock::now();
        else
            player.WaitForChange(5);
    }
}

void App::StepTracked(const std::vector<Gesture>& gestures, int64_t now) {
    const State before = m_state;
    kiosk::Step(m_state, m_exhibit, m_cfg.settings, gestures, m_layout, now);
    m_visits.Observe(before, m_state, m_exhibit);
}

} // namespace kiosk
