// app-rollback-power-loss TRIALS: the staff panel's rollback (the state
// folder's RollBack) killed with SIGKILL at random moments. After every kill
// `current` must point at one complete installed package (the one before or
// the one rolled back to, never neither), the import lock must be free, and
// the next rollback must work despite whatever the kill left (current.tmp).
// KIOSK_POWER_LOSS_SEED=N repeats a run; the seed is printed. Exits 1 on the
// first failure.

#include "storage/state_folder.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void Fail(int trial, const std::string& why) {
    std::cerr << "rollback power-loss trial " << trial << ": " << why << "\n";
    std::exit(1);
}

std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The content of each package: big enough that a torn file would show.
std::string Content(const std::string& name) {
    return name + std::string(64 * 1024, static_cast<char>('a' + name.size() % 26));
}

void Check(int trial, const kiosk::StateFolder& state) {
    const auto file = state.CurrentFile();
    if (!file) Fail(trial, "current is missing or points outside exhibits/");
    if (*file != "a-v1.kiosk" && *file != "a-v2.kiosk") Fail(trial, "current points at " + *file);
    if (Read(state.CurrentPath()) != Content(*file)) Fail(trial, "current is not complete");
    if (kiosk::ImportLockHeld(state.dir())) Fail(trial, "the import lock is still held");
}

} // namespace

int main(int argc, char** argv) {
    const int trials = argc > 1 ? std::atoi(argv[1]) : 200;
    const char* seed_env = std::getenv("KIOSK_POWER_LOSS_SEED");
    const unsigned seed = seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10))
                                   : std::random_device{}();
    std::mt19937 rng(seed);
    std::cout << "seed " << seed << " (KIOSK_POWER_LOSS_SEED to repeat), " << trials << " trials"
              << std::endl;

    char tmpl[] = "/tmp/kiosk-rollback-XXXXXX";
    if (!::mkdtemp(tmpl)) Fail(-1, "cannot make a temporary folder");
    const fs::path root = tmpl;
    const kiosk::StateFolder state((root / "state").string());
    for (const std::string name : {"a-v1.kiosk", "a-v2.kiosk"})
        std::ofstream(state.ExhibitsDir() + "/" + name, std::ios::binary) << Content(name);
    state.SwitchCurrent("a-v2.kiosk");

    // Delays up to a few rollbacks' duration, so every step of one is hit.
    const auto t0 = Clock::now();
    for (int i = 0; i < 50; ++i)
        state.RollBack(i % 2 ? "a-v2.kiosk" : "a-v1.kiosk");
    const auto one = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0) / 50;
    std::uniform_int_distribution<int64_t> delay_us(0, 3 * one.count() + 50);

    int killed = 0;
    for (int trial = 0; trial < trials; ++trial) {
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        if (pid < 0) Fail(trial, "fork failed");
        if (pid == 0) {
            // Back and forth until killed: the kill lands at any point of a rollback.
            for (int i = 0;; ++i) {
                try {
                    state.RollBack(i % 2 ? "a-v2.kiosk" : "a-v1.kiosk");
                } catch (...) {
                    ::_exit(3);
                }
            }
        }
        const auto until = Clock::now() + std::chrono::microseconds(delay_us(rng));
        while (Clock::now() < until) {
        }
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFEXITED(status)) Fail(trial, "the rollback failed before the kill");
        ++killed;
        Check(trial, state);
        // The next rollback works whatever the kill left behind.
        const std::string other =
            *state.CurrentFile() == "a-v1.kiosk" ? "a-v2.kiosk" : "a-v1.kiosk";
        state.RollBack(other);
        Check(trial, state);
        if (*state.CurrentFile() != other) Fail(trial, "the rollback after a kill did not switch");
    }
    fs::remove_all(root);
    std::cout << killed << " rollbacks killed; current was complete after every one" << std::endl;
    return 0;
}
