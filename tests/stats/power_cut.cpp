// stats-power-cut TRIALS: a writer adds visits to visits.db as fast as it can
// (and folds old ones, as the kiosk's daily retention does) and is killed
// with SIGKILL at random moments. After each kill the database must open as
// the kiosk would open it at start-up, pass PRAGMA integrity_check, hold every
// visit whole (a visit row with exactly its panel rows, never panel rows
// without their visit) and never fewer visits than after the kill before.
//
// SIGKILL is the kiosk crashing or being killed: the kernel keeps what was
// written. A real power cut also drops what the kernel had not written out
// yet; WAL keeps the file sound then too (see storage/visits.h for the visits
// that can be lost with synchronous=NORMAL).
//
// Delays are uniform in [0, 80] ms after the writer starts, the first few
// under 3 ms so creating the schema is hit too. KIOSK_POWER_CUT_SEED=N
// repeats a run. Exits 1 on the first failure.
//
// stats-power-cut --writer DB SEED is the writer (run by the test itself).

#include "storage/sqlite.h"
#include "storage/visits.h"
#include "support/temp_dir.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kFirstStart = 1'577'836'800'000; // 2020-01-01, UTC

[[noreturn]] void Fail(int trial, const std::string& why) {
    std::cerr << "power-cut trial " << trial << ": " << why << "\n";
    std::exit(1);
}

// Writes visits forever. Each visit's duration says how many panel views it
// has (duration_ms / 1000), so a checker can tell a whole visit from a torn one.
int Writer(const std::string& db, uint32_t seed) {
    try {
        kiosk::VisitStore store(db);
        std::mt19937 rng(seed);
        std::uniform_int_distribution<int> panels(0, 5);
        // Each run goes on a month after the last one, so retention (a year)
        // has visits to fold after a dozen runs.
        int64_t start = kFirstStart + static_cast<int64_t>(seed % 1000) * 30 * kDayMs;
        for (int64_t i = 0;; ++i) {
            kiosk::Visit v;
            v.start_ms = start;
            const int n = panels(rng);
            v.duration_ms = 1000 * n + 7;
            v.language = (i % 3 == 0) ? "az" : "en";
            for (int k = 0; k < n; ++k) {
                kiosk::PanelView p;
                p.panel_id = "panel-" + std::to_string(k);
                p.dwell_ms = 1000;
                p.images_viewed = k % 3;
                v.panels.push_back(p);
            }
            store.Add(v);
            start += 6 * 3600 * 1000;
            if (i % 20 == 19) store.ApplyRetention(start, 365);
        }
    } catch (const std::exception& e) {
        std::cerr << "writer: " << e.what() << "\n";
        return 3;
    }
}

// Starts the writer, kills it after `delay`. Returns false (and fails) when it
// ended by itself: it writes forever unless something went wrong.
void RunAndKill(const std::string& db, uint32_t seed, std::chrono::microseconds delay, int trial) {
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) Fail(trial, "fork failed");
    if (pid == 0) {
        const std::string seed_text = std::to_string(seed);
        ::execl("/proc/self/exe", "stats-power-cut", "--writer", db.c_str(), seed_text.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::this_thread::sleep_for(delay);
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid)
        Fail(trial, "the writer ended by itself (status " + std::to_string(status) + ")");
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    if (!WIFSIGNALED(status))
        Fail(trial,
             "the writer ended by itself (exit " + std::to_string(WEXITSTATUS(status)) + ")");
}

// Returns the number of visits (detailed and folded); fails the run unless
// the database is sound and every visit whole.
int64_t Check(const std::string& path, int trial) {
    try {
        // As the kiosk does at start-up: this also replays the WAL.
        std::string note;
        kiosk::VisitStore store = kiosk::VisitStore::OpenOrReplace(path, &note);
        if (!note.empty()) Fail(trial, "the kiosk would have replaced the database: " + note);
        const std::string integrity = store.IntegrityCheck();
        if (integrity != "ok") Fail(trial, "integrity_check: " + integrity);
        kiosk::Db db(path, SQLITE_OPEN_READONLY);
        const int64_t orphans = db.QueryInt("SELECT COUNT(*) FROM panel_view "
                                            "WHERE visit_id NOT IN (SELECT id FROM visit)")
                                    .value_or(-1);
        if (orphans != 0) Fail(trial, std::to_string(orphans) + " panel views without their visit");
        const int64_t torn = db.QueryInt("SELECT COUNT(*) FROM visit v WHERE "
                                         "(SELECT COUNT(*) FROM panel_view p "
                                         "WHERE p.visit_id = v.id) != v.duration_ms / 1000")
                                 .value_or(-1);
        if (torn != 0) Fail(trial, std::to_string(torn) + " visits without all their panel views");
        return store.TotalVisitCount();
    } catch (const std::exception& e) {
        Fail(trial, std::string("the database does not open: ") + e.what());
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--writer")
        return Writer(argv[2], static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10)));
    if (argc != 2) {
        std::cerr << "usage: stats-power-cut TRIALS\n";
        return 2;
    }
    const int trials = std::atoi(argv[1]);
    const char* seed_env = std::getenv("KIOSK_POWER_CUT_SEED");
    const uint32_t seed = seed_env ? static_cast<uint32_t>(std::strtoul(seed_env, nullptr, 10))
                                   : std::random_device{}();
    std::cout << "seed " << seed << " (KIOSK_POWER_CUT_SEED=" << seed << " repeats this run)\n";

    kiosk::test::TempDir dir;
    const std::string db = dir / "visits.db";
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> early_us(0, 3000);
    std::uniform_int_distribution<int> later_us(0, 80'000);
    const auto t0 = Clock::now();
    int64_t visits = 0;
    for (int trial = 0; trial < trials; ++trial) {
        const int us = trial < 4 ? early_us(rng) : later_us(rng);
        RunAndKill(db, static_cast<uint32_t>(trial), std::chrono::microseconds(us), trial);
        const int64_t now_visits = Check(db, trial);
        if (now_visits < visits)
            Fail(trial, "visits went from " + std::to_string(visits) + " to " +
                            std::to_string(now_visits));
        visits = now_visits;
    }
    if (visits == 0) Fail(trials, "no visit was ever written: the test proves nothing");
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("%d kills, database sound after each, %lld visits in the end, %.1f s\n", trials,
                static_cast<long long>(visits), seconds);
    return 0;
}
