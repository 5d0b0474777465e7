// kiosk: the memorial exhibit's display program. A thin shell: read settings,
// open the exhibit, open the window, then run the loop (interactive) or a
// script (headless tests and benchmarks). One top-level error report.
//
// [SECTION] Logging and clock
// [SECTION] The app: exhibit, fonts, images, state
// [SECTION] Drawing a frame
// [SECTION] Interactive loop
// [SECTION] Scripted run
// [SECTION] main

#include "app/config.h"
#include "app/pin.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/layout.h"
#include "core/pin_guard.h"
#include "core/script.h"
#include "core/state.h"
#include "core/visit_tracker.h"
#include "media/decode_queue.h"
#include "platform/board_config.h"
#include "platform/display_power.h"
#include "platform/texture_cache.h"
#include "platform/watchdog.h"
#include "platform/window.h"
#include "storage/package.h"
#include "storage/visits.h"
#include "storage/visits_report.h"
#include "ui/fonts.h"
#include "ui/screens.h"

#include <imgui.h>

#include <malloc.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <thread>
#include <unistd.h>

namespace kiosk {

// [SECTION] Logging and clock ------------------------------------------------

namespace {

void Log(const std::string& line) {
    std::fprintf(stderr, "kiosk: %s\n", line.c_str());
}

const auto kStart = std::chrono::steady_clock::now();

// Pixels uploaded to textures per frame: a screen-sized image takes a few
// frames, and no frame's own work grows by more than a millisecond.
constexpr size_t kUploadBytesPerFrame = 1u << 20;

// Set by SIGTERM/SIGINT: the service manager stops the kiosk cleanly.
std::atomic<bool> g_stop{false};

void OnStopSignal(int) {
    g_stop = true;
    Window::Wake();
}

int64_t WallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// CPU time of this thread in microseconds: a frame's own work, whatever the
// rest of the machine is doing.
int64_t ThreadCpuUs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

int64_t RealMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 kStart)
        .count();
}

// What identifies the file behind the exhibit path (it is a symlink swapped by rename).
struct FileStamp {
    dev_t dev = 0;
    ino_t ino = 0;
    int64_t mtime = 0;
    off_t size = 0;
    bool operator==(const FileStamp&) const = default;
};

FileStamp Stamp(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return {};
    return {st.st_dev, st.st_ino, static_cast<int64_t>(st.st_mtime), st.st_size};
}

// The kiosk's own record of how its last run ended, for the staff panel:
// "running since ..." left behind means a crash or a power cut.
std::string ReadLastRun(const std::string& state_dir) {
    std::ifstream in(std::filesystem::path(state_dir) / "run-state");
    std::string line;
    std::getline(in, line);
    if (line.empty()) return "first start";
    if (line.rfind("running", 0) == 0)
        return "unexpected end (crash or power cut) of the run " + line.substr(8);
    return line;
}

void WriteRunState(const std::string& state_dir, const std::string& text) {
    std::error_code ec;
    if (!std::filesystem::is_directory(state_dir, ec))
        return; // development runs without a state folder
    const auto path = std::filesystem::path(state_dir) / "run-state";
    const auto tmp = std::filesystem::path(state_dir) / "run-state.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text << "\n";
        if (!out) return;
    }
    std::filesystem::rename(tmp, path, ec);
}

std::string WallClockText(std::time_t t) {
    char buf[64];
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

std::string LastLine(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

} // namespace

// [SECTION] The app ------------------------------------------------------------

class App {
  public:
    explicit App(AppConfig config) : m_cfg(std::move(config)) {
        m_fake_clock = !m_cfg.script.empty();
        LoadExhibit();
        WindowOptions wo;
        wo.fullscreen = !m_cfg.windowed;
        wo.width = m_cfg.width;
        wo.height = m_cfg.height;
        wo.renderer = m_cfg.renderer;
        wo.vsync = !m_fake_clock;
        wo.clock = [this] { return Now(); };
        m_window = std::make_unique<Window>(wo);
        Log(m_window->gl_description());
        m_dpi = m_cfg.dpi > 0 ? m_cfg.dpi : m_window->dpi();
        Log("dpi: " + std::to_string(static_cast<int>(m_dpi + 0.5f)) + " (" +
            (m_cfg.dpi > 0 ? std::string("--dpi or [display] dpi") : m_window->dpi_source()) + ")");
        NewImagePipeline();
        m_state = InitialState(m_exhibit, m_cfg.settings, Now());
        if (!m_package) m_state.screen = Screen::Unavailable;
        OpenVisits();
        SetUpSchedule();
        m_last_run = ReadLastRun(m_cfg.state_dir);
        if (!m_fake_clock)
            WriteRunState(m_cfg.state_dir, "running since " + WallClockText(std::time(nullptr)));
    }

    ~App() {
        if (m_check_thread.joinable()) m_check_thread.join();
        // Textures and decoders go before the GL context (the window).
        m_cache.reset();
        m_queue.reset();
    }

    bool exhibit_ok() const { return m_package != nullptr; }
    int RunInteractive();
    int RunScript();

  private:
    int64_t Now() const { return m_fake_clock ? m_fake_now : RealMs(); }

    // Opens the exhibit; on failure keeps the previous one (or none) and says why.
    bool LoadExhibit() {
        m_stamp = Stamp(m_cfg.exhibit);
        // Open what `current` points at now, by its real name: the image
        // reader thread must read the same file even if `current` moves on.
        std::error_code ec;
        const std::string path = std::filesystem::weakly_canonical(m_cfg.exhibit, ec).string();
        std::string why;
        if (OpenPackage(ec ? m_cfg.exhibit : path, why)) return true;
        Log("the exhibit cannot be shown: " + why);
        if (m_package) {
            Log("keeping the exhibit that was shown before");
            return false;
        }
        // Nothing on screen yet: the last good package installed before this one.
        for (const auto& previous : PreviousPackages()) {
            std::string why_not;
            if (OpenPackage(previous.string(), why_not)) {
                Log("showing the previous exhibit " + previous.filename().string() + " instead");
                return true;
            }
            Log("the previous exhibit " + previous.filename().string() +
                " cannot be shown either: " + why_not);
        }
        m_exhibit = Exhibit{};
        LoadFaces();
        return false;
    }

    bool OpenPackage(const std::string& path, std::string& why) {
        if (m_bad_packages.count(path)) {
            why = "it failed its check earlier";
            return false;
        }
        try {
            // Scripted runs check at once (deterministic); a kiosk shows the
            // exhibit first and checks the whole file on another thread.
            auto pkg = std::make_unique<Package>(Package::Open(path, m_fake_clock));
            if (!m_fake_clock) StartBackgroundCheck(path);
            const Exhibit& ex = pkg->exhibit();
            Log("exhibit '" + ex.id + "' version " + std::to_string(ex.version) + ": " +
                std::to_string(ex.panels.size()) + " panels, " +
                std::to_string(ex.languages.size()) + " languages, from " + path);
            m_package = std::move(pkg);
            m_package_path = path;
            m_exhibit = m_package->exhibit();
            LoadFaces();
            m_fonts_key.clear();
            return true;
        } catch (const Error& e) {
            why = e.what();
            return false;
        }
    }

    void LoadFaces() {
        m_faces = {};
        if (m_package) {
            for (auto& f : m_package->Fonts()) {
                // A face named title*.ttf sets the titles; the first other one the text.
                const bool title = f.name.rfind("title", 0) == 0;
                if (title && m_faces.title.empty())
                    m_faces.title = std::move(f.data);
                else if (!title && m_faces.body.empty())
                    m_faces.body = std::move(f.data);
            }
            if (!m_faces.body.empty()) {
                if (m_faces.title.empty()) m_faces.title = m_faces.body;
                m_faces.description = "fonts carried by the exhibit";
            }
        }
        if (m_faces.body.empty()) {
            m_faces = FindSystemFonts(m_cfg.font_dirs);
            if (m_package) Log("the exhibit carries no fonts; using " + m_faces.description);
        }
    }

    void NewImagePipeline() {
        m_cache.reset();
        m_queue.reset();
        const std::string path = m_package_path;
        auto reader = std::make_shared<std::unique_ptr<ImageReader>>();
        m_queue = std::make_unique<DecodeQueue>(
            [reader, path](const ImageKey& key) {
                if (!*reader) *reader = std::make_unique<ImageReader>(path); // on the worker thread
                return (*reader)->Read(key.id, key.thumbnail);
            },
            ImageLimits{}, [] { Window::Wake(); });
        m_cache = std::make_unique<TextureCache>(*m_queue, m_cfg.texture_budget_mb << 20, Log);
    }

    // Rebuilds the font atlas when the window size changes (type scales with it).
    void EnsureFonts() {
        const int w = m_window->width(), h = m_window->height();
        // The larger-text sizes are rasterised only while a visitor uses them:
        // half the atlas the rest of the time, one short pause on the toggle.
        const bool large = m_state.large_text;
        const std::string key = std::to_string(w) + "x" + std::to_string(h) + "@" +
                                std::to_string(m_dpi) + (large ? "+large" : "");
        if (key == m_fonts_key) return;
        m_fonts = BuildFonts(*ImGui::GetIO().Fonts, m_faces, ComputeMetrics(w, h, m_dpi, false),
                             ComputeMetrics(w, h, m_dpi, true), AllText(m_exhibit), large);
        const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
        Log("font atlas " + std::to_string(atlas.TexWidth) + "x" + std::to_string(atlas.TexHeight) +
            " for " + key + " (" + m_faces.description + ")");
        m_window->RebuildFontTexture();
        m_fonts_key = key;
    }

    // A new package behind the exhibit path is taken between visits only.
    void MaybeReload(int64_t now) {
        if (now - m_last_reload_check < (m_fake_clock ? 0 : 2000)) return;
        m_last_reload_check = now;
        if (m_state.screen != Screen::Attract && m_state.screen != Screen::Unavailable) return;
        const FileStamp st = Stamp(m_cfg.exhibit);
        if (st == m_stamp) return;
        // A package that fails to open never replaces the one on screen
        // (LoadExhibit keeps it and says so).
        if (LoadExhibit()) {
            NewImagePipeline();
            const int visits = m_state.visits;
            m_state = InitialState(m_exhibit, m_cfg.settings, now);
            m_state.visits = visits;
            Log("showing the new exhibit");
        }
    }

    // The USB import writes its phase to <state>/import-status; the kiosk shows
    // it to the curator while it runs and for a minute after it ended.
    void PollImportStatus(int64_t now) {
        if (now - m_last_status_check < (m_fake_clock ? 0 : 500)) return;
        m_last_status_check = now;
        std::ifstream in(std::filesystem::path(m_cfg.state_dir) / "import-status");
        std::string line, phase, message;
        float progress = -1;
        long long when = 0;
        int pid = 0;
        while (std::getline(in, line)) {
            const size_t eq = line.find('=');
            if (eq == std::string::npos) continue;
            const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
            if (key == "phase")
                phase = value;
            else if (key == "message")
                message = value;
            else if (key == "progress")
                progress = std::strtof(value.c_str(), nullptr);
            else if (key == "time")
                when = std::atoll(value.c_str());
            else if (key == "pid")
                pid = std::atoi(value.c_str());
        }
        // A status left "running" by an import that was killed is stale.
        const bool alive = pid <= 0 || kill(pid, 0) == 0 || errno == EPERM;
        const bool running =
            alive && (phase == "checking" || phase == "copying" || phase == "verifying");
        const bool recent = std::llabs(static_cast<long long>(std::time(nullptr)) - when) < 60;
        std::string shown =
            (running || (recent && !phase.empty())) && !message.empty() ? message : "";
        const float shown_progress = running ? progress : -1;
        if (shown != m_status_line || shown_progress != m_status_progress) {
            if (!shown.empty() && shown != m_status_line) Log("import status: " + shown);
            m_status_line = shown;
            m_status_progress = shown_progress;
            m_status_changed = true;
        }
    }

    void HandleKey(const std::string& name) {
        // Lockdown: in kiosk mode no key does anything. In the windowed
        // development mode Escape closes the window.
        if (m_window->kiosk_mode()) {
            Log("key '" + name + "' ignored (kiosk mode)");
            return;
        }
        if (name == "Escape") m_window->RequestClose();
    }

    // [SECTION] Background check of the package ---------------------------------
    void StartBackgroundCheck(const std::string& path) {
        if (m_check_thread.joinable()) m_check_thread.join();
        m_check_path = path;
        m_check_state = 0;
        m_check_thread = std::thread([this, path] {
            m_check_error = QuickCheck(path);
            m_check_state = m_check_error.empty() ? 1 : 2;
            Window::Wake();
        });
    }

    // A package that fails its check is dropped at once, mid-visit or not: a
    // damaged file must not be read further. The previous good one (or the
    // unavailable screen) takes its place.
    void PollBackgroundCheck(int64_t now) {
        if (m_check_state != 2) return;
        m_check_state = 3;
        Log(m_check_error + "; it will not be shown");
        m_bad_packages.insert(m_check_path);
        m_package.reset();
        m_package_path.clear();
        m_exhibit = Exhibit{};
        const bool shown = LoadExhibit();
        NewImagePipeline();
        const int visits = m_state.visits;
        m_state = InitialState(m_exhibit, m_cfg.settings, now);
        m_state.visits = visits;
        if (!shown) m_state.screen = Screen::Unavailable;
    }

    // [SECTION] Opening hours ---------------------------------------------------
    // The schedule and rotation live in kiosk.toml; only a kiosk on a board
    // (fullscreen, real clock) switches its screen.
    void SetUpSchedule() {
        if (!m_cfg.config_path.empty() && std::filesystem::exists(m_cfg.config_path)) {
            try {
                m_board = LoadBoardConfig(m_cfg.config_path);
            } catch (const Error& e) {
                Log(std::string(e.what()) + "; the screen stays on at all hours");
            }
        }
        Log("opening hours: " + DescribeSchedule(m_board.schedule));
        if (m_fake_clock || !m_window->kiosk_mode()) return;
        m_display = std::make_unique<DisplayPower>(Log);
        m_display->DisableBlanking();
    }

    // Every ~30 s: switch the screen off when the exhibit closes and on when
    // it opens. While closed nothing is drawn; a touch that wakes the screen
    // through X is answered by switching it off again.
    void CheckSchedule(int64_t now, bool touched) {
        if (m_fake_clock) return;
        if (now - m_last_schedule_check < (touched && m_closed ? 0 : 30'000)) return;
        m_last_schedule_check = now;
        const bool open = IsOpen(m_board.schedule, SystemLocalTime(std::time(nullptr)));
        if (open && m_off_until_change && !m_closed_by_schedule_seen) return;
        if (!open) m_closed_by_schedule_seen = true;
        if (open && m_off_until_change && m_closed_by_schedule_seen) m_off_until_change = false;
        const bool closed = !open || m_off_until_change;
        if (closed != m_closed) {
            m_closed = closed;
            Log(closed ? "closed: switching the screen off" : "open: switching the screen on");
            if (!closed) ResetToAttract(m_state, m_exhibit, m_cfg.settings, now);
        }
        if (m_display && (closed || touched))
            m_display->SetOn(!closed);
        else if (m_display && !closed && !m_display->on())
            m_display->SetOn(true);
    }

    std::string ScreenOffUntilOpening() {
        if (!m_display)
            return "Screen control is not available here (not running as the kiosk on a board).";
        m_off_until_change = true;
        m_closed_by_schedule_seen = !IsOpen(m_board.schedule, SystemLocalTime(std::time(nullptr)));
        m_state.admin = AdminScreen::None;
        ResetToAttract(m_state, m_exhibit, m_cfg.settings, m_state.now_ms);
        m_last_schedule_check = -1000000;
        const auto next = NextChangeUtc(m_board.schedule, std::time(nullptr), SystemLocalTime);
        return next ? "The screen is off until the exhibit opens."
                    : "The screen is off until the next opening.";
    }

    // [SECTION] Visit statistics ------------------------------------------------
    // visits.db is the kiosk's own; when it cannot be used the kiosk goes on
    // without statistics and says why.
    void OpenVisits() {
        if (m_cfg.visits_db.empty())
            m_cfg.visits_db = (std::filesystem::path(m_cfg.state_dir) / "visits.db").string();
        std::error_code ec;
        if (!std::filesystem::is_directory(std::filesystem::path(m_cfg.visits_db).parent_path(),
                                           ec)) {
            Log("no visit statistics: the folder of " + m_cfg.visits_db + " does not exist");
            return;
        }
        try {
            std::string note;
            VisitStoreOptions options;
            // One fsync per finished visit (a few hundred a day): a power cut
            // then loses at most the visit in progress.
            options.sync_each_visit = true;
            m_visits.emplace(VisitStore::OpenOrReplace(m_cfg.visits_db, &note, options));
            if (!note.empty()) Log(note);
            m_visits->ApplyRetention(WallMs(), m_cfg.retention_days);
            m_wall_offset_ms = WallMs() - Now();
        } catch (const Error& e) {
            Log(std::string("no visit statistics: ") + e.what());
            m_visits.reset();
        }
    }

    // Every Step goes through here, so each finished visit is recorded.
    void StepTracked(const std::vector<Gesture>& gestures, int64_t now) {
        const State before = m_state;
        kiosk::Step(m_state, m_exhibit, m_cfg.settings, gestures, m_layout, now);
        if (auto visit = m_tracker.Observe(before, m_state, m_exhibit, m_wall_offset_ms))
            SaveVisit(*visit);
    }

    void SaveVisit(const Visit& visit) {
        if (!m_visits) return;
        try {
            m_visits->Add(visit);
            m_visits_dirty = true;
        } catch (const Error& e) {
            Log(std::string("a visit could not be recorded: ") + e.what());
        }
    }

    // The text summary the USB import copies onto the stick; refreshed hourly
    // and at the end, never on every visit (it reads the whole database).
    void MaybeRefreshVisitsReport(int64_t now, bool force) {
        if (!m_visits || (!force && (!m_visits_dirty || now - m_last_report_ms < 3'600'000)))
            return;
        m_last_report_ms = now;
        m_visits_dirty = false;
        try {
            RefreshVisitsReport(
                *m_visits, (std::filesystem::path(m_cfg.state_dir) / "visits-report.txt").string(),
                WallMs());
        } catch (const Error& e) {
            Log(std::string("the visits report could not be written: ") + e.what());
        }
    }

  public:
    void FinishVisits() {
        if (auto visit = m_tracker.Flush(m_wall_offset_ms)) SaveVisit(*visit);
        MaybeRefreshVisitsReport(Now(), true);
    }

  private:
    // [SECTION] Staff commands --------------------------------------------------
    // Runs what a staff action asked for; the core only records the request.
    void RunAdminCommand(int64_t now) {
        const AdminCommand cmd = m_state.command;
        m_state.command = AdminCommand::None;
        switch (cmd) {
        case AdminCommand::None:
            break;
        case AdminCommand::CheckPin: {
            if (m_cfg.pin_hash.empty()) {
                m_state.admin_message = "No staff PIN is set. Set one with: sudo kiosk --set-pin";
            } else if (!m_pin_guard.CanTry(now)) {
                m_state.admin_message = "Too many wrong attempts. Try again in " +
                                        std::to_string((m_pin_guard.WaitMs(now) + 999) / 1000) +
                                        " s.";
            } else if (VerifyPin(m_state.pin_entry, m_cfg.pin_hash)) {
                m_pin_guard.Succeeded();
                m_state.admin = AdminScreen::Panel;
                m_state.admin_message.clear();
                Log("staff panel opened");
            } else {
                m_pin_guard.Failed(now);
                m_state.admin_message = "Wrong PIN. The next attempt is possible in " +
                                        std::to_string((m_pin_guard.WaitMs(now) + 999) / 1000) +
                                        " s.";
                Log("wrong staff PIN entered");
            }
            m_state.pin_entry.clear();
            break;
        }
        case AdminCommand::Rollback: {
            const auto previous = PreviousPackages();
            if (m_state.command_index < 0 ||
                m_state.command_index >= static_cast<int>(previous.size()))
                break;
            const std::filesystem::path target =
                previous[static_cast<size_t>(m_state.command_index)];
            if (!CheckPackage(target.string()).empty()) {
                m_state.admin_message =
                    "Cannot roll back: " + target.filename().string() + " is damaged.";
                break;
            }
            // Same switch as an import: a new symlink renamed over `current`.
            const std::filesystem::path current(m_cfg.exhibit);
            const std::filesystem::path tmp = current.string() + ".rollback";
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            std::filesystem::create_symlink(
                std::filesystem::relative(target, current.parent_path()), tmp, ec);
            if (!ec) std::filesystem::rename(tmp, current, ec);
            if (ec) {
                m_state.admin_message = "Cannot roll back: " + ec.message();
                break;
            }
            Log("rolled back to " + target.filename().string() + " from the staff panel");
            m_state.admin_message = "Rolled back to " + target.filename().string() + ".";
            m_stamp = {}; // reload as soon as the panel closes
            break;
        }
        case AdminCommand::Restart:
            Log("restart asked from the staff panel");
            m_exit_reason = "stopped: restart from the staff panel";
            m_window->RequestClose();
            break;
        case AdminCommand::ScreenOff:
            m_state.admin_message = ScreenOffUntilOpening();
            break;
        }
    }

    // Installed packages other than the current one, newest first.
    std::vector<std::filesystem::path> PreviousPackages() const {
        std::vector<std::filesystem::path> out;
        std::error_code ec;
        const std::filesystem::path dir = std::filesystem::path(m_cfg.state_dir) / "exhibits";
        const std::filesystem::path current = std::filesystem::canonical(m_cfg.exhibit, ec);
        for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
            if (e.path().extension() != ".kiosk" || !e.is_regular_file()) continue;
            if (std::filesystem::equivalent(e.path(), current, ec)) continue;
            out.push_back(e.path());
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            std::error_code e1, e2;
            return std::filesystem::last_write_time(a, e1) >
                   std::filesystem::last_write_time(b, e2);
        });
        return out;
    }

    AdminInfo GatherAdminInfo() const {
        AdminInfo info;
        auto add = [&](const std::string& k, const std::string& v) {
            info.facts.emplace_back(k, v);
        };
        add("Exhibit",
            m_package ? TitleFor(m_exhibit, m_exhibit.default_language) : "none (unavailable)");
        add("Id and version", m_exhibit.id + ", version " + std::to_string(m_exhibit.version));
        std::error_code ec;
        const auto target = std::filesystem::canonical(m_cfg.exhibit, ec);
        add("File", ec ? m_cfg.exhibit : target.filename().string());
        struct stat st {};
        if (!ec && stat(target.c_str(), &st) == 0) add("Installed", WallClockText(st.st_mtime));
        const std::string sig = LastLine(target.string() + ".minisig");
        add("Signature", sig.empty() ? "none beside the package"
                                     : "present (" + target.filename().string() + ".minisig)");
        const int64_t up = RealMs() / 1000;
        add("Running for",
            std::to_string(up / 3600) + " h " + std::to_string(up / 60 % 60) + " min");
        add("Last restart", m_last_run);
        const std::string import = LastLine(std::filesystem::path(m_cfg.state_dir) / "import-log");
        add("Last import", import.empty() ? "none" : import);
        add("Screen", std::to_string(m_window->width()) + " x " +
                          std::to_string(m_window->height()) + " px, " +
                          std::to_string(static_cast<int>(m_dpi)) + " dpi");
        add("Graphics", m_window->gl_description());
        struct statvfs vfs {};
        if (statvfs(m_cfg.state_dir.c_str(), &vfs) == 0)
            add("Free space",
                std::to_string(static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize / (1024 * 1024)) +
                    " MB in " + m_cfg.state_dir);
        std::string visits = std::to_string(m_state.visits) + " since this start";
        if (m_visits) {
            try {
                // Local midnight today, and six days before it.
                std::time_t t = std::time(nullptr);
                std::tm tm{};
                localtime_r(&t, &tm);
                tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
                const int64_t midnight = static_cast<int64_t>(std::mktime(&tm)) * 1000;
                visits += ", " + std::to_string(m_visits->Summarise(midnight).visits) + " today, " +
                          std::to_string(m_visits->Summarise(midnight - 6 * 86'400'000LL).visits) +
                          " in the last 7 days";
            } catch (const Error&) {
            }
        }
        add("Visits", visits);

        for (const auto& p : PreviousPackages())
            info.previous_packages.push_back(p.filename().string());
        return info;
    }

    // [SECTION] Drawing a frame -------------------------------------------------
    void DrawFrameNow(int64_t now, double dt, const std::string& screenshot = {},
                      const std::function<void()>& before_present = {}) {
        EnsureFonts();
        m_cache->NextFrame();
        m_window->BeginFrame(dt);
        DrawContext ctx;
        ctx.exhibit = &m_exhibit;
        ctx.state = &m_state;
        ctx.settings = &m_cfg.settings;
        ctx.fonts = &m_fonts;
        ctx.images = m_cache.get();
        ctx.width = m_window->width();
        ctx.height = m_window->height();
        ctx.dpi = m_dpi;
        ctx.now_ms = now;
        ctx.status_line = m_status_line;
        ctx.status_progress = m_status_progress;
        if (m_state.admin == AdminScreen::Panel && m_admin_shown != AdminScreen::Panel)
            m_admin_info = GatherAdminInfo();
        m_admin_shown = m_state.admin;
        ctx.admin = &m_admin_info;
        const FrameResult frame = DrawFrame(ctx);
        m_layout = frame.layout;
        m_state.text_scroll_max = frame.text_max;
        m_state.home_scroll_max = frame.home_max;
        m_window->EndFrame(frame.background.r / 255.0f, frame.background.g / 255.0f,
                           frame.background.b / 255.0f);
        if (!screenshot.empty() && !m_window->SaveScreenshot(screenshot))
            throw Error("cannot write the screenshot " + screenshot);
        if (before_present) before_present();
        m_window->Present();
        if (!m_first_frame_logged) {
            m_first_frame_logged = true;
            Log("first frame on screen " + std::to_string(RealMs()) + " ms after start");
            // Only now is the exhibit on screen: systemd may call the start done.
            if (!m_fake_clock)
                m_watchdog.Ready(
                    m_package ? "showing '" + TitleFor(m_exhibit, m_exhibit.default_language) + "'"
                              : "exhibit unavailable");
        }
    }

    AppConfig m_cfg;
    bool m_fake_clock = false;
    int64_t m_fake_now = 0;
    std::unique_ptr<Package> m_package;
    std::string m_package_path; // the real file behind m_cfg.exhibit when it was opened
    int64_t m_last_status_check = -1000000;
    std::string m_status_line;
    float m_status_progress = -1;
    bool m_status_changed = false;
    Exhibit m_exhibit;
    FileStamp m_stamp;
    int64_t m_last_reload_check = 0;
    FontFaces m_faces;
    Fonts m_fonts;
    std::string m_fonts_key;
    std::unique_ptr<Window> m_window;
    float m_dpi = 96;
    std::unique_ptr<DecodeQueue> m_queue;
    std::unique_ptr<TextureCache> m_cache;
    State m_state;
    FrameLayout m_layout;
    GestureRecognizer m_gestures;
    bool m_first_frame_logged = false;
    std::optional<VisitStore> m_visits;
    VisitTracker m_tracker;
    int64_t m_wall_offset_ms = 0; // wall clock minus the kiosk's clock
    bool m_visits_dirty = false;
    int64_t m_last_report_ms = 0;
    std::thread m_check_thread;
    std::string m_check_path;
    std::string m_check_error;         // written by the check thread before m_check_state
    std::atomic<int> m_check_state{1}; // 0 running, 1 passed, 2 failed, 3 failure handled
    std::set<std::string> m_bad_packages;
    BoardConfig m_board;
    std::unique_ptr<DisplayPower> m_display; // kiosk mode on a board only
    bool m_closed = false;                   // outside opening hours: screen off, nothing drawn
    bool m_off_until_change = false;         // staff switched the screen off until opening
    bool m_closed_by_schedule_seen = false;  // ...and the schedule has closed since
    int64_t m_last_schedule_check = -1000000;
    PinGuard m_pin_guard;
    Watchdog m_watchdog{false, 0, Log}; // replaced from the environment in interactive runs
    std::string m_last_run;
    std::string m_exit_reason = "stopped by the service manager";
    AdminInfo m_admin_info;
    AdminScreen m_admin_shown = AdminScreen::None;

  public:
    const std::string& exit_reason() const { return m_exit_reason; }
};

// [SECTION] Interactive loop --------------------------------------------------------

int App::RunInteractive() {
    int64_t last_frame = Now();
    int64_t next_frame = last_frame; // draw at once
    Screen last_screen = m_state.screen;
    std::unique_ptr<FILE, int (*)(FILE*)> frame_log(nullptr, std::fclose);
    if (!m_cfg.frame_log.empty()) {
        frame_log.reset(std::fopen(m_cfg.frame_log.c_str(), "w"));
        if (!frame_log) throw ConfigError("cannot write the frame log " + m_cfg.frame_log);
    }
    m_watchdog = Watchdog::FromEnvironment(Log);
    // For the watchdog test only: a render loop that hangs after this long.
    const char* hang_env = std::getenv("KIOSK_TEST_HANG_AFTER_MS");
    const int64_t hang_after = hang_env ? std::atoll(hang_env) : -1;
    while (!m_window->CloseRequested() && !g_stop) {
        if (hang_after >= 0 && RealMs() > hang_after) {
            Log("hanging on purpose (KIOSK_TEST_HANG_AFTER_MS)");
            for (;;)
                pause();
        }
        m_watchdog.Tick(RealMs());
        const int64_t work_start = ThreadCpuUs();
        const int64_t now = Now();
        std::vector<Gesture> gestures;
        for (const PointerEvent& e : m_window->TakePointerEvents())
            for (const Gesture& g : m_gestures.Feed(e))
                gestures.push_back(g);
        for (const auto& key : m_window->TakeKeys())
            HandleKey(key);
        PollBackgroundCheck(now);
        CheckSchedule(now, !gestures.empty());
        StepTracked(gestures, now);
        MaybeRefreshVisitsReport(now, false);
        if (m_state.command != AdminCommand::None) {
            RunAdminCommand(now);
            m_admin_shown = AdminScreen::None; // refresh what the panel shows
            next_frame = now;
        }
        if (m_state.screen != last_screen) {
            Log(std::string("screen: ") + ScreenName(m_state.screen));
            last_screen = m_state.screen;
            next_frame = now;
        }
        // A bounded number of uploads per frame keeps every frame short.
        const int arrived = m_cache->Pump(kUploadBytesPerFrame);
        if (!gestures.empty() || arrived > 0) next_frame = now;
        if (m_closed) next_frame = now + 60'000; // the screen is off: draw nothing
        if (now >= next_frame) {
            DrawFrameNow(now, static_cast<double>(now - last_frame) / 1000.0, {}, [&] {
                // The frame's own work ends where the driver's swap begins.
                if (frame_log)
                    std::fprintf(frame_log.get(), "%lld %lld %s\n", static_cast<long long>(now),
                                 static_cast<long long>(ThreadCpuUs() - work_start),
                                 ScreenName(m_state.screen));
            });
            last_frame = now;
            next_frame = now + NextFrameDelayMs(m_state, m_exhibit, m_cfg.settings, now);
            // A screen that will stay still for a while keeps only the textures
            // it shows, and the freed memory goes back to the system.
            if (next_frame - now > 1000 && !m_cache->Waiting() && !m_cache->Uploading()) {
                m_cache->TrimToLastFrame();
                malloc_trim(0);
            }
            if (m_cache->Waiting()) next_frame = std::min<int64_t>(next_frame, now + 100);
        }
        MaybeReload(now);
        PollImportStatus(now);
        if (m_status_changed) {
            m_status_changed = false;
            next_frame = Now();
        }
        // Sleep until the picture must change or an event (touch, decoded image) arrives.
        int64_t sleep_ms = std::max<int64_t>(0, next_frame - Now());
        if (m_cache->Uploading()) sleep_ms = std::min<int64_t>(sleep_ms, 8); // next band soon
        // Wake once a second to look for imports and a new package: a file
        // read or two, nothing drawn.
        sleep_ms = std::min<int64_t>(sleep_ms, 1000);
        if (const int64_t due = m_watchdog.MsUntilDue(RealMs()); due >= 0)
            sleep_ms = std::min(sleep_ms, due);
        m_window->Wait(static_cast<double>(sleep_ms) / 1000.0);
    }
    m_watchdog.Stopping();
    return 0;
}

// [SECTION] Scripted run -----------------------------------------------------------

int App::RunScript() {
    std::ifstream in(m_cfg.script);
    if (!in) throw ConfigError("cannot read the script " + m_cfg.script);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::vector<ScriptStep> steps = ParseScript(ss.str());
    std::filesystem::create_directories(m_cfg.screenshots);
    int64_t last_draw = 0;
    auto draw = [&](const std::string& shot) {
        // Draw until every image on screen is resident, so screenshots never
        // depend on how fast the decoder thread was.
        for (int attempt = 0; attempt < 20; ++attempt) {
            DrawFrameNow(m_fake_now, static_cast<double>(m_fake_now - last_draw) / 1000.0);
            if (!m_cache->Waiting()) break;
            m_queue->WaitIdle();
            m_cache->Pump(SIZE_MAX);
        }
        if (!shot.empty()) DrawFrameNow(m_fake_now, 0, shot);
        last_draw = m_fake_now;
    };
    draw({});
    for (const ScriptStep& step : steps) {
        // The clock jumps; the state machine steps through the skipped time.
        m_fake_now = step.t_ms;
        StepTracked({}, m_fake_now);
        MaybeReload(m_fake_now);
        PollImportStatus(m_fake_now);
        switch (step.type) {
        case ScriptStep::Type::Pointer: {
            // A finger lands on what is on screen now: draw it first.
            if (step.pointer.type == PointerEvent::Type::Down) draw({});
            const std::vector<Gesture> gestures = m_gestures.Feed(step.pointer);
            StepTracked(gestures, m_fake_now);
            if (m_state.command != AdminCommand::None) {
                RunAdminCommand(m_fake_now);
                m_admin_shown = AdminScreen::None;
            }
            break;
        }
        case ScriptStep::Type::Key:
            HandleKey(step.name);
            break;
        case ScriptStep::Type::Shot: {
            const std::string path =
                (std::filesystem::path(m_cfg.screenshots) / (step.name + ".png")).string();
            draw(path);
            std::printf("shot %s at %.3f s: %s\n", step.name.c_str(),
                        static_cast<double>(step.t_ms) / 1000.0, ScreenName(m_state.screen));
            break;
        }
        case ScriptStep::Type::Expect:
            if (step.name != ScreenName(m_state.screen)) {
                std::fprintf(stderr, "script line %d: expected %s at %.3f s, found %s\n", step.line,
                             step.name.c_str(), static_cast<double>(step.t_ms) / 1000.0,
                             ScreenName(m_state.screen));
                return 1;
            }
            break;
        case ScriptStep::Type::Quit:
            return 0;
        }
        if (m_window->CloseRequested()) return 0;
    }
    return 0;
}

} // namespace kiosk

// [SECTION] main ---------------------------------------------------------------------

int main(int argc, char** argv) {
    try {
        kiosk::AppConfig config = kiosk::ParseCommandLine(argc, argv);
        if (!config.config_error.empty()) {
            std::fprintf(stderr, "kiosk: %s\n", config.config_error.c_str());
            if (config.check) return 2;
        }
        if (config.check) {
            // Only checks the exhibit; used by technicians and scripts.
            const auto problems = kiosk::CheckPackage(config.exhibit);
            for (const auto& p : problems)
                std::fprintf(stderr, "kiosk: %s\n", p.c_str());
            return problems.empty() ? 0 : 1;
        }
        if (config.set_pin) {
            // The PIN comes on standard input so it never shows in the process list.
            std::fprintf(stderr, "Staff PIN (4 to 12 digits): ");
            std::string pin;
            std::getline(std::cin, pin);
            kiosk::StorePinHash(config.config_path, kiosk::HashPin(pin));
            std::fprintf(stderr, "\nThe PIN's hash is stored in %s; restart the kiosk to use it.\n",
                         config.config_path.c_str());
            return 0;
        }
        std::signal(SIGTERM, kiosk::OnStopSignal);
        std::signal(SIGINT, kiosk::OnStopSignal);
        kiosk::App app(config);
        const int code = config.script.empty() ? app.RunInteractive() : app.RunScript();
        app.FinishVisits();
        if (config.script.empty())
            kiosk::WriteRunState(config.state_dir, app.exit_reason() + " at " +
                                                       kiosk::WallClockText(std::time(nullptr)));
        return code;
    } catch (const kiosk::ConfigError& e) {
        std::fprintf(stderr, "kiosk: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk: %s\n", e.what());
        return 1;
    }
}
