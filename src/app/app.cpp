// [SECTION] Start and stop
// [SECTION] Tick: the one loop body
// The exhibit's loading is in app_exhibit.cpp; the frame and the staff side
// in app_frame.cpp.
#include "app/app.h"

#include "app/run_state.h"
#include "app/staff_facts.h"
#include "core/error.h"

#include <malloc.h>

#include <chrono>
#include <filesystem>

namespace kiosk {

namespace {
const auto kStart = std::chrono::steady_clock::now();
// Pixels uploaded to textures per frame: a screen-sized image takes a few
// frames, and no frame's own work grows by more than a millisecond.
constexpr size_t kUploadBytesPerFrame = 1u << 20;

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
      m_wall_offset_ms(SystemWallMs() - (fake_clock ? 0 : RealMs())), m_window([&] {
          WindowOptions wo;
          wo.fullscreen = !m_cfg.windowed;
          wo.width = m_cfg.width;
          wo.height = m_cfg.height;
          wo.renderer = m_cfg.renderer;
          wo.vsync = !fake_clock;
          wo.clock = [] { return RealMs(); };
          return std::make_unique<Window>(wo);
      }()),
      m_jobs([] { Window::Wake(); }, Log), m_source(m_cfg.exhibit, m_cfg.state_dir, Log),
      m_visits(m_jobs,
               {VisitsDb(m_cfg),
                (std::filesystem::path(m_cfg.state_dir) / "visits-report.txt").string(),
                m_cfg.retention_days, m_wall_offset_ms},
               Log),
      m_schedule(LogSchedule(m_cfg)),
      m_staff(m_jobs, {m_cfg.pin_hash, m_cfg.exhibit, m_cfg.state_dir}, Log),
      m_import(m_jobs, m_cfg.state_dir, Log) {
    Log(m_window->gl_description());
    m_dpi = m_cfg.dpi > 0 ? m_cfg.dpi : m_window->dpi();
    Log("dpi: " + std::to_string(static_cast<int>(m_dpi + 0.5f)) + " (" +
        (m_cfg.dpi > 0 ? std::string("--dpi or [display] dpi") : m_window->dpi_source()) + ")");
    // Nothing is on screen yet: the first load may read the disk here.
    m_stamp = KeyOf(m_cfg.exhibit);
    Install(LoadOnWorker(true), 0);
    if (!m_fake_clock && m_window->kiosk_mode()) {
        m_display = std::make_shared<DisplayPower>(Log);
        auto display = m_display;
        m_jobs.Post([display]() -> Jobs::Done {
            display->DisableBlanking();
            return {};
        });
    }
    m_last_run = ReadLastRun(m_cfg.state_dir);
    if (!m_fake_clock)
        WriteRunState(m_cfg.state_dir, "running since " + WallClockText(SystemWallMs() / 1000));
    if (!m_cfg.frame_log.empty()) {
        m_frame_log.reset(std::fopen(m_cfg.frame_log.c_str(), "w"));
        if (!m_frame_log) throw ConfigError("cannot write the frame log " + m_cfg.frame_log);
    }
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
    StepTracked(gestures, now);
    m_visits.MaybeReport(now);
    if (m_state.command != AdminCommand::None) RunStaffCommand(now);
    if (m_state.screen != m_last_screen) {
        Log(std::string("screen: ") + ScreenName(m_state.screen));
        m_last_screen = m_state.screen;
        m_screen_whole_said = false;
        m_next_frame = now;
    }
    if (m_state.admin == AdminScreen::Panel && m_admin_shown != AdminScreen::Panel)
        PostStaffFacts();
    m_admin_shown = m_state.admin;
    // A bounded number of uploads per frame keeps every frame short.
    const int arrived = m_cache->Pump(kUploadBytesPerFrame);
    if (!gestures.empty() || arrived > 0 || in.force_draw || !in.screenshot.empty())
        m_next_frame = now;
    if (m_import.Poll(now)) m_next_frame = now;
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
        m_next_frame = now + NextFrameDelayMs(m_state, m_exhibit, m_cfg.settings, now, m_layout);
        // A screen that will stay still for a while keeps only the textures
        // it shows, and the freed memory goes back to the system.
        if (m_next_frame - now > 1000 && !m_cache->Waiting() && !m_cache->Uploading()) {
            m_cache->TrimToLastFrame();
            malloc_trim(0);
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

void App::StepTracked(const std::vector<Gesture>& gestures, int64_t now) {
    const State before = m_state;
    kiosk::Step(m_state, m_exhibit, m_cfg.settings, gestures, m_layout, now);
    m_visits.Observe(before, m_state, m_exhibit);
}

} // namespace kiosk
