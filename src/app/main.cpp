// kiosk: the memorial exhibit's display program. A thin shell: read settings,
// build the App, then drive its one loop body, Tick, with a real clock
// (interactive) or a script's fake clock (headless tests and benchmarks).
// The two drivers differ only in their clock and in how they wait between
// ticks. One top-level error report.
//
// [SECTION] Interactive: real clock, wait for events or the next frame
// [SECTION] Scripted: fake clock, wait for the worker threads
// [SECTION] main

#include "app/app.h"
#include "app/config.h"
#include "app/pin.h"
#include "core/error.h"
#include "core/script.h"
#include "media/memory.h"
#include "platform/watchdog.h"
#include "storage/package.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace kiosk {

namespace {

// Set by SIGTERM/SIGINT: the service manager stops the kiosk cleanly.
std::atomic<bool> g_stop{false};

void OnStopSignal(int) {
    g_stop = true;
    Window::Wake();
}

// [SECTION] Interactive ----------------------------------------------------------------

int RunInteractive(App& app) {
    Watchdog watchdog = Watchdog::FromEnvironment(Log);
    // For the watchdog test only: a render loop that hangs after this long.
    const char* hang_env = std::getenv("KIOSK_TEST_HANG_AFTER_MS");
    const int64_t hang_after = hang_env ? std::atoll(hang_env) : -1;
    Window& window = app.window();
    while (!window.CloseRequested() && !g_stop) {
        if (hang_after >= 0 && RealMs() > hang_after) {
            Log("hanging on purpose (KIOSK_TEST_HANG_AFTER_MS)");
            for (;;)
                pause();
        }
        watchdog.Tick(RealMs());
        TickInput in;
        in.now_ms = RealMs();
        in.pointer = window.TakePointerEvents();
        in.keys = window.TakeKeys();
        const TickResult r = app.Tick(in);
        // Only now is the exhibit on screen: systemd may call the start done.
        if (r.first_frame) watchdog.Ready(app.ready_text());
        // Sleep until the picture must change or an event (touch, decoded
        // image, a job's result) arrives; wake once a second anyway to look
        // for imports and a new package.
        int64_t sleep_ms = std::clamp<int64_t>(r.next_ms - RealMs(), 0, 1000);
        if (const int64_t due = watchdog.MsUntilDue(RealMs()); due >= 0)
            sleep_ms = std::min(sleep_ms, due);
        window.Wait(static_cast<double>(sleep_ms) / 1000.0);
    }
    watchdog.Stopping();
    return 0;
}

// [SECTION] Scripted ---------------------------------------------------------------------

// The fake clock jumps from line to line. Waiting means: the jobs worker is
// idle and, before a screenshot, every image on screen is resident, so runs
// never depend on how fast another thread was.
int RunScript(App& app, const AppConfig& cfg) {
    std::ifstream in(cfg.script);
    if (!in) throw ConfigError("cannot read the script " + cfg.script);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::vector<ScriptStep> steps = ParseScript(ss.str());
    std::filesystem::create_directories(cfg.screenshots);
    auto tick = [&](int64_t t, TickInput input) {
        app.SettleJobs();
        input.now_ms = t;
        app.Tick(input);
    };
    tick(0, {});
    for (const ScriptStep& step : steps) {
        // The wake at the line's time: the frame a visitor would see then.
        tick(step.t_ms, {});
        TickInput input;
        switch (step.type) {
        case ScriptStep::Type::Pointer:
            input.pointer.push_back(step.pointer);
            tick(step.t_ms, input);
            break;
        case ScriptStep::Type::Key:
            input.keys.push_back(step.name);
            tick(step.t_ms, input);
            break;
        case ScriptStep::Type::Shot: {
            for (int attempt = 0; attempt < 20 && app.SettleImages(); ++attempt)
                tick(step.t_ms, TickInput{0, {}, {}, true, {}});
            const std::string path =
                (std::filesystem::path(cfg.screenshots) / (step.name + ".png")).string();
            tick(step.t_ms, TickInput{0, {}, {}, true, path});
            std::printf("shot %s at %.3f s: %s\n", step.name.c_str(),
                        static_cast<double>(step.t_ms) / 1000.0, ScreenName(app.state().screen));
            break;
        }
        case ScriptStep::Type::Expect: {
            const bool media =
                step.name == "playing" || step.name == "paused" || step.name == "stopped";
            const std::string found = media ? app.media_state() : ScreenName(app.state().screen);
            if (step.name != found) {
                std::fprintf(stderr, "script line %d: expected %s at %.3f s, found %s\n", step.line,
                             step.name.c_str(), static_cast<double>(step.t_ms) / 1000.0,
                             found.c_str());
                return 1;
            }
            break;
        }
        case ScriptStep::Type::Quit:
            return 0;
        }
        // A script ends with `quit`; anything else that closes the window
        // (a key that should have been ignored) fails the run.
        if (app.window().CloseRequested()) {
            std::fprintf(stderr, "script line %d: the kiosk was asked to close at %.3f s\n",
                         step.line, static_cast<double>(step.t_ms) / 1000.0);
            return 1;
        }
    }
    return 0;
}

} // namespace

} // namespace kiosk

// [SECTION] main -------------------------------------------------------------------------

int main(int argc, char** argv) {
    try {
        kiosk::AppConfig config = kiosk::ParseCommandLine(argc, argv);
        if (config.help) {
            std::fputs(kiosk::UsageText().c_str(), stdout);
            return 0;
        }
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
            // A PIN stored in a file the kiosk cannot read would never be used.
            if (!config.config_error.empty()) {
                std::fprintf(stderr, "kiosk: fix %s first; the PIN was not stored\n",
                             config.config_path.c_str());
                return 1;
            }
            // The PIN comes on standard input so it never shows in the process list.
            std::fprintf(stderr, "Staff PIN (4 to 12 digits): ");
            std::string pin;
            std::getline(std::cin, pin);
            kiosk::StorePinHash(config.config_path, kiosk::HashPin(pin));
            std::fprintf(stderr, "\nThe PIN's hash is stored in %s; restart the kiosk to use it.\n",
                         config.config_path.c_str());
            return 0;
        }
        // Before the first thread: the decode worker's arena takes the policy too.
        kiosk::SetLongRunMemoryPolicy();
        std::signal(SIGTERM, kiosk::OnStopSignal);
        std::signal(SIGINT, kiosk::OnStopSignal);
        const bool scripted = !config.script.empty();
        kiosk::App app(config, scripted);
        const int code = scripted ? kiosk::RunScript(app, config) : kiosk::RunInteractive(app);
        app.Finish();
        return code;
    } catch (const kiosk::ConfigError& e) {
        std::fprintf(stderr, "kiosk: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kiosk: %s\n", e.what());
        return 1;
    }
}
