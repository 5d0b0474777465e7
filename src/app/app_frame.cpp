// The App's frame and staff side.
// [SECTION] Staff commands and facts
// [SECTION] Opening hours
// [SECTION] Drawing a frame
#include "app/app.h"

#include "app/staff_facts.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/layout.h"
#include "platform/board_config.h"

#include <imgui.h>

#include <ctime>

namespace kiosk {

namespace {
// CPU time of this thread in microseconds: a frame's own work, whatever the
// rest of the machine is doing.
int64_t ThreadCpuUs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}
} // namespace

// [SECTION] Staff commands and facts ------------------------------------------------

void App::RunStaffCommand(int64_t now) {
    const AdminCommand command = m_state.command;
    const std::string pin = m_state.pin_entry;
    m_state.command = AdminCommand::None;
    if (command == AdminCommand::CheckPin) m_state.pin_entry.clear();
    m_staff.Run(command, m_state.command_index, pin, now,
                [this](const StaffOutcome& outcome) { ApplyStaffOutcome(outcome); });
}

void App::ApplyStaffOutcome(const StaffOutcome& outcome) {
    m_state.admin_message = outcome.message;
    if (outcome.open_panel) m_state.admin = AdminScreen::Panel;
    if (outcome.reload) m_stamp = {}; // show it as soon as the panel closes
    if (outcome.restart) {
        m_exit_reason = "stopped: restart from the staff panel";
        m_window->RequestClose();
    }
    if (outcome.screen_off) {
        if (!m_display) {
            m_state.admin_message =
                "Screen control is not available here (not running as the kiosk on a board).";
        } else {
            m_schedule.OffUntilOpening(
                IsOpen(m_schedule.schedule(), SystemLocalTime(WallMs(m_state.now_ms) / 1000)));
            m_state.admin = AdminScreen::None;
            ResetToAttract(m_state, m_exhibit, m_cfg.settings, m_state.now_ms);
            m_state.admin_message = "The screen is off until the exhibit opens.";
        }
    }
    m_admin_shown = AdminScreen::None; // refresh what the panel shows
    m_next_frame = m_state.now_ms;
}

void App::PostStaffFacts() {
    StaffFactsInput in;
    if (m_shown) in.title = TitleFor(m_exhibit, m_exhibit.default_language);
    in.id = m_exhibit.id;
    in.version = m_exhibit.version;
    in.exhibit_path = m_cfg.exhibit;
    in.state_dir = m_cfg.state_dir;
    in.uptime_s = RealMs() / 1000;
    in.last_run = m_last_run;
    in.width = m_window->width();
    in.height = m_window->height();
    in.dpi = m_dpi;
    in.graphics = m_window->gl_description();
    in.visits_since_start = m_state.visits;
    const int64_t wall_now = WallMs(m_state.now_ms);
    m_jobs.Post([this, in, wall_now]() mutable -> Jobs::Done {
        in.visits_summary = m_visits.SummaryOnWorker(wall_now);
        auto facts = std::make_shared<StaffFacts>(GatherStaffFacts(in));
        return [this, facts] {
            m_admin_info.facts = std::move(facts->facts);
            m_admin_info.previous_packages = std::move(facts->previous_packages);
            m_next_frame = m_state.now_ms;
        };
    });
}

// [SECTION] Opening hours ------------------------------------------------------------

void App::CheckSchedule(int64_t now, bool touched) {
    const bool open = IsOpen(m_schedule.schedule(), SystemLocalTime(WallMs(now) / 1000));
    const ScreenSchedule::Decision d = m_schedule.Check(now, touched, open);
    if (d.closed_changed) {
        Log(d.closed ? "closed: switching the screen off" : "open: switching the screen on");
        if (d.closed) m_state.media = {}; // nothing plays behind a dark screen
        if (!d.closed) ResetToAttract(m_state, m_exhibit, m_cfg.settings, now);
        m_next_frame = now;
    }
    if (d.set_display && m_display) {
        auto display = m_display;
        const bool on = d.display_on;
        m_jobs.Post([display, on]() -> Jobs::Done {
            display->SetOn(on);
            return {};
        });
    }
}

// [SECTION] Drawing a frame ------------------------------------------------------------

std::string App::FontsKey(int width, int height, float dpi, bool large) {
    return std::to_string(width) + "x" + std::to_string(height) + "@" + std::to_string(dpi) +
           (large ? "+large" : "");
}

// Rebuilds the font atlas when the window size changes (type scales with it).
void App::EnsureFonts() {
    const int w = m_window->width(), h = m_window->height();
    // The larger-text sizes are rasterised only while a visitor uses them:
    // half the atlas the rest of the time, one short pause on the toggle.
    const bool large = m_state.large_text;
    const std::string key = FontsKey(w, h, m_dpi, large);
    if (key == m_fonts_key) return;
    m_fonts = BuildFonts(*ImGui::GetIO().Fonts, m_faces, ComputeMetrics(w, h, m_dpi, false),
                         ComputeMetrics(w, h, m_dpi, true), AllText(m_exhibit), large);
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    Log("font atlas " + std::to_string(atlas.TexWidth) + "x" + std::to_string(atlas.TexHeight) +
        " for " + key + " (" + m_faces.description + ")");
    m_window->RebuildFontTexture();
    m_fonts_key = key;
}

bool App::DrawNow(int64_t now, const std::string& screenshot) {
    const int64_t work_start = ThreadCpuUs();
    if (m_drop_pending) return false;
    try {
        EnsureFonts();
    } catch (const ConfigError& e) {
        // A package whose fonts cannot be used must not take the kiosk down
        // (a restart loop would never show the previous package): it is
        // dropped like one that fails its check. With no package left, the
        // system fonts failing is fatal and said so.
        if (!m_shown) throw;
        Log(std::string("the exhibit's fonts cannot be used (") + e.what() +
            "); it will not be shown");
        DropShown();
        return false;
    }
    m_cache->NextFrame(now);
    m_window->BeginFrame(static_cast<double>(now - m_last_frame) / 1000.0);
    m_last_frame = now;
    DrawContext ctx;
    ctx.exhibit = &m_exhibit;
    ctx.state = &m_state;
    ctx.settings = &m_cfg.settings;
    ctx.fonts = &m_fonts;
    ctx.images = m_cache.get();
    ctx.blend_off = &Window::BlendOff;
    ctx.pictures = m_window->pictures();
    ctx.width = m_window->width();
    ctx.height = m_window->height();
    ctx.dpi = m_dpi;
    ctx.now_ms = now;
    ctx.status_line = m_import.shown().line;
    ctx.status_progress = m_import.shown().progress;
    ctx.admin = &m_admin_info;
    const PlaybackView pv = m_playback.View(m_state, now);
    ctx.media.position_ms = pv.position_ms;
    ctx.media.duration_ms = pv.duration_ms;
    if (pv.kind == MediaKind::Video && pv.showing_picture && m_video && m_video->has_frame()) {
        ctx.media.picture =
            reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_video->texture()));
        ctx.media.picture_w = m_video->width();
        ctx.media.picture_h = m_video->height();
    }
    const FrameResult frame = DrawFrame(ctx);
    m_layout = frame.layout;
    m_state.text_scroll_max = frame.text_max;
    m_state.home_scroll_max = frame.home_max;
    m_window->EndFrame(frame.background.r / 255.0f, frame.background.g / 255.0f,
                       frame.background.b / 255.0f);
    if (!screenshot.empty() && !m_window->SaveScreenshot(screenshot))
        throw Error("cannot write the screenshot " + screenshot);
    // The frame's own work ends where the driver's swap begins.
    // Then each panning picture as drawn (panel, rect, texture window), so the
    // benchmark can check from what was drawn that no frame jumps.
    if (m_frame_log) {
        std::fprintf(m_frame_log.get(), "%lld %lld %s", static_cast<long long>(now),
                     static_cast<long long>(ThreadCpuUs() - work_start),
                     ScreenName(m_state.screen));
        for (const PanShown& pan : m_layout.pans)
            std::fprintf(m_frame_log.get(), " pan=%d,%.2f,%.2f,%.2f,%.2f,%.7f,%.7f,%.7f", pan.panel,
                         static_cast<double>(pan.rect.x), static_cast<double>(pan.rect.y),
                         static_cast<double>(pan.rect.w), static_cast<double>(pan.rect.h),
                         static_cast<double>(pan.window.u0), static_cast<double>(pan.window.v0),
                         static_cast<double>(pan.window.size));
        std::fputc('\n', m_frame_log.get());
    }
    m_window->Present();
    if (!m_first_frame_done)
        Log("first frame on screen " + std::to_string(RealMs()) + " ms after start");
    return true;
}

std::string App::ready_text() const {
    return m_shown ? "showing '" + TitleFor(m_exhibit, m_exhibit.default_language) + "'"
                   : "exhibit unavailable";
}

} // namespace kiosk
