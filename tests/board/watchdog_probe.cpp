// watchdog-probe: a stand-in for the kiosk's render loop that links the real
// watchdog module, for watchdog_probe_test.py. It "draws" a first frame, says
// READY=1, then loops as the kiosk does on a still screen: a long wait for
// events, clamped by the watchdog so pings are never late.
//   watchdog-probe [RUN_MS]     exits 0 after RUN_MS (default 10000)
// KIOSK_TEST_HANG_AFTER_MS=N: after N ms the loop hangs (stops pinging) but the
// process stays alive, as a render loop stuck in a driver call would.

#include "platform/watchdog.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

int64_t NowMs() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

int main(int argc, char** argv) {
    const int64_t start = NowMs();
    const int64_t run_ms = argc > 1 ? std::atoll(argv[1]) : 10000;
    const char* hang_env = std::getenv("KIOSK_TEST_HANG_AFTER_MS");
    const int64_t hang_after = hang_env ? std::atoll(hang_env) : -1;

    kiosk::Watchdog watchdog = kiosk::Watchdog::FromEnvironment(
        [](const std::string& line) { std::fprintf(stderr, "probe: %s\n", line.c_str()); });
    watchdog.Ready("showing the exhibit");

    bool hung = false;
    while (NowMs() - start < run_ms) {
        const int64_t now = NowMs();
        if (hang_after >= 0 && now - start >= hang_after) {
            if (!hung) std::fprintf(stderr, "probe: hanging now (KIOSK_TEST_HANG_AFTER_MS)\n");
            hung = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        watchdog.Tick(now);
        // A still screen would sleep a second; the watchdog shortens that.
        int64_t wait = 1000;
        const int64_t due = watchdog.MsUntilDue(NowMs());
        if (due >= 0 && due < wait) wait = due;
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    watchdog.Stopping();
    std::fprintf(stderr, "probe: %lld pings sent\n", static_cast<long long>(watchdog.pings_sent()));
    return 0;
}
