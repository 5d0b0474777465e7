// import-power-loss KIOSK_IMPORT TRIALS: kills kiosk-import with SIGKILL at
// random moments and checks after each kill that `current` opens as a
// complete, sound package: the one before or the new one, never neither,
// never a partial copy. The delays are uniform in [0, 1.2 x one import's
// duration], measured first, so every step of an import gets hit.
// KIOSK_POWER_LOSS_SEED=N repeats a run. Exits 1 on the first failure.

#include "import/support.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <thread>

using namespace kiosk::test;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Fail(int trial, const std::string& why) {
    std::cerr << "power-loss trial " << trial << ": " << why << "\n";
    std::exit(1);
}

// Starts kiosk-import; kills it after `delay` unless it ended first.
// Returns true when it was killed.
bool RunAndKill(const std::string& bin, const Kiosk& k, std::chrono::microseconds delay,
                int* exit_code) {
    std::fflush(nullptr); // or the child would write our buffered output again
    const pid_t pid = ::fork();
    if (pid < 0) Fail(-1, "fork failed");
    if (pid == 0) {
        const std::string stick = k.stick(), state = k.state(), keys = k.keys();
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execl(bin.c_str(), bin.c_str(), "--source", stick.c_str(), "--state", state.c_str(),
                "--trusted-keys", keys.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto until = Clock::now() + delay;
    int status = 0;
    // Poll rather than sleep once, so an import that ends early is not
    // killed after the fact (its pid could be reused).
    while (Clock::now() < until) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return WIFSIGNALED(status);
}

// Returns the version `current` shows; fails the run unless it is complete.
int64_t CheckCurrent(const Kiosk& k, int trial) {
    char target[4096];
    const ssize_t n = ::readlink((k.state() + "/current").c_str(), target, sizeof target - 1);
    if (n <= 0) Fail(trial, "current is missing");
    const std::string t(target, static_cast<size_t>(n));
    if (t.rfind("exhibits/", 0) != 0 || t.find(".partial") != std::string::npos || t.size() < 7 ||
        t.compare(t.size() - 6, 6, ".kiosk") != 0)
        Fail(trial, "current points to " + t);
    if (!fs::exists(k.state() + "/" + t + ".minisig"))
        Fail(trial, "the current package has no signature beside it");
    try {
        const kiosk::Package pkg = kiosk::Package::Open(k.state() + "/current");
        const auto problems = kiosk::CheckPackage(k.state() + "/current");
        if (!problems.empty()) Fail(trial, "current is not sound: " + problems.front());
        return pkg.exhibit().version;
    } catch (const kiosk::Error& e) {
        Fail(trial, std::string("current does not open: ") + e.what());
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: import-power-loss KIOSK_IMPORT TRIALS\n";
        return 2;
    }
    const std::string bin = argv[1];
    const int trials = std::atoi(argv[2]);
    const char* seed_env = std::getenv("KIOSK_POWER_LOSS_SEED");
    const unsigned seed = seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10))
                                   : std::random_device{}();
    std::mt19937 rng(seed);
    const auto start = Clock::now();

    Kiosk k;
    int64_t version = 1;
    k.Install(Variant(SamplePackage(), k.tmp("v.kiosk"), version));
    // Two packages of different sizes take turns, each newer than the last.
    auto stage = [&](int64_t v) {
        k.ClearStick();
        k.Put(Variant(v % 2 ? SamplePackage() : SmallPackage(), k.tmp("v.kiosk"), v),
              "exhibit.kiosk");
    };
    // The longer of the two packages' undisturbed imports sets the range.
    int code = 0;
    std::chrono::microseconds duration{0};
    for (int i = 0; i < 2; ++i) {
        stage(++version);
        const auto t0 = Clock::now();
        RunAndKill(bin, k, std::chrono::seconds(30), &code);
        duration = std::max(
            duration, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0));
        if (code != 0 || CheckCurrent(k, 0) != version)
            Fail(0, "the measured import did not install");
    }
    std::cout << "one import takes up to " << duration.count() / 1000 << " ms; seed " << seed
              << "; a failed trial keeps " << k.tmp("") << " for a look" << std::endl;

    std::uniform_int_distribution<int64_t> delay(0, duration.count() * 12 / 10);
    int64_t shown = version;
    int killed = 0, switched = 0;
    for (int trial = 1; trial <= trials; ++trial) {
        stage(++version);
        const bool was_killed = RunAndKill(bin, k, std::chrono::microseconds(delay(rng)), &code);
        killed += was_killed;
        if (!was_killed && code != 0)
            Fail(trial, "kiosk-import ended with " + std::to_string(code) + " without a kill");
        const int64_t now = CheckCurrent(k, trial);
        if (now != shown && now != version)
            Fail(trial, "current shows version " + std::to_string(now) + ", neither the old " +
                            std::to_string(shown) + " nor the new " + std::to_string(version));
        switched += now == version;
        shown = now;
    }

    // A last, undisturbed import cleans up whatever the kills left behind.
    stage(++version);
    RunAndKill(bin, k, std::chrono::seconds(30), &code);
    if (code != 0 || CheckCurrent(k, trials + 1) != version)
        Fail(trials + 1, "final import failed");
    const auto names = ListDir(k.state() + "/exhibits");
    for (const auto& n : names)
        if (n.find(".partial") != std::string::npos || n.find(".tmp") != std::string::npos)
            Fail(trials + 1, "left behind: " + n);
    if (names.size() != 2 * 3) Fail(trials + 1, "expected current + 2 previous packages");

    const auto seconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count() /
        1000.0;
    std::cout << trials << " trials in " << seconds << " s: " << killed << " killed mid-import, "
              << switched << " switched to the new package; current was always complete\n";
    if (seconds > 60) Fail(trials, "took longer than 60 s");
    return 0;
}
