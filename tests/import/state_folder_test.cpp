// storage/state_folder: the layout the kiosk reads, the switch of `current`,
// the clean-up of what an interrupted import left, pruning, the staff
// panel's rollback, the import status file and the import lock.

#include "storage/state_folder.h"

#include "import/support.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using kiosk::StateFolder;
using kiosk::test::ListDir;
using kiosk::test::TempDir;
using kiosk::test::WriteFile;

namespace {

std::string LinkOf(const std::string& path) {
    return fs::read_symlink(path).string();
}

// Packages whose modification times are a second apart, oldest first.
void WritePackages(const StateFolder& state, const std::vector<std::string>& names) {
    auto t = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& n : names) {
        const std::string path = state.ExhibitsDir() + "/" + n;
        WriteFile(path, n);
        WriteFile(path + ".minisig", "sig of " + n);
        fs::last_write_time(path, t += std::chrono::seconds(1));
    }
}

} // namespace

TEST_CASE("a new state folder gets exhibits/ and no current") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    CHECK(fs::is_directory(tmp / "state/exhibits"));
    CHECK_FALSE(state.CurrentFile());
}

TEST_CASE("switching current makes a relative symlink into exhibits/ and leaves no temp") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk"});
    state.SwitchCurrent("a-v1.kiosk");
    CHECK(LinkOf(tmp / "state/current") == "exhibits/a-v1.kiosk");
    state.SwitchCurrent("a-v2.kiosk");
    CHECK(LinkOf(tmp / "state/current") == "exhibits/a-v2.kiosk");
    CHECK(*state.CurrentFile() == "a-v2.kiosk");
    CHECK_FALSE(fs::exists(fs::symlink_status(tmp / "state/current.tmp")));
}

TEST_CASE("a reader never finds current missing while it is switched back and forth") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk"});
    state.SwitchCurrent("a-v1.kiosk");
    std::atomic<bool> done{false};
    std::atomic<int> missing{0}, reads{0};
    std::thread reader([&] {
        const std::string current = tmp / "state/current";
        char buf[256];
        while (!done) {
            if (::readlink(current.c_str(), buf, sizeof buf) <= 0) ++missing;
            ++reads;
        }
    });
    for (int i = 0; i < 2000; ++i)
        state.SwitchCurrent(i % 2 ? "a-v1.kiosk" : "a-v2.kiosk");
    done = true;
    reader.join();
    CHECK(reads > 1000);
    CHECK(missing == 0);
}

TEST_CASE("a current link written by hand with an absolute path still counts") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    fs::create_symlink(tmp / "state/exhibits/a-v3.kiosk", tmp / "state/current");
    CHECK(*state.CurrentFile() == "a-v3.kiosk");
}

TEST_CASE("stale partial copies and a stale current.tmp are removed, packages are not") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk"});
    WriteFile(tmp / "state/exhibits/a-v2.kiosk.partial", "half");
    WriteFile(tmp / "state/exhibits/a-v2.kiosk.minisig.tmp", "half");
    fs::create_symlink("exhibits/a-v2.kiosk.partial", tmp / "state/current.tmp");
    state.CleanStale();
    CHECK(ListDir(tmp / "state/exhibits") ==
          std::vector<std::string>{"a-v1.kiosk", "a-v1.kiosk.minisig"});
    CHECK_FALSE(fs::exists(fs::symlink_status(tmp / "state/current.tmp")));
}

TEST_CASE("pruning keeps current and the newest previous packages with their signatures") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk", "a-v3.kiosk", "a-v4.kiosk"});
    WriteFile(tmp / "state/exhibits/orphan.kiosk.minisig", "x");
    state.SwitchCurrent("a-v4.kiosk");
    CHECK(state.Prune(2) == std::vector<std::string>{"a-v1.kiosk"});
    CHECK(ListDir(tmp / "state/exhibits") ==
          std::vector<std::string>{"a-v2.kiosk", "a-v2.kiosk.minisig", "a-v3.kiosk",
                                   "a-v3.kiosk.minisig", "a-v4.kiosk", "a-v4.kiosk.minisig"});
    CHECK(state.Prune(0) == std::vector<std::string>{"a-v3.kiosk", "a-v2.kiosk"});
    CHECK(ListDir(tmp / "state/exhibits") ==
          std::vector<std::string>{"a-v4.kiosk", "a-v4.kiosk.minisig"});
}

TEST_CASE("pruning never removes the package current points to, even an old one") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk", "a-v3.kiosk"});
    state.SwitchCurrent("a-v1.kiosk"); // an admin rolled back
    state.Prune(1);
    CHECK(ListDir(tmp / "state/exhibits") ==
          std::vector<std::string>{"a-v1.kiosk", "a-v1.kiosk.minisig", "a-v3.kiosk",
                                   "a-v3.kiosk.minisig"});
}

TEST_CASE("the listing marks the package the kiosk shows, newest first") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk"});
    state.SwitchCurrent("a-v1.kiosk");
    CHECK(state.Listing() == std::vector<std::string>{"a-v2.kiosk", "a-v1.kiosk (showing now)"});
}

TEST_CASE("a second import waits for the first one's lock") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    auto first = std::make_unique<kiosk::ImportLock>(state.dir(), [] {});
    std::promise<void> waiting;
    auto waiting_seen = waiting.get_future();
    std::thread second([&] { kiosk::ImportLock lock(state.dir(), [&] { waiting.set_value(); }); });
    // The second import says it waits before it blocks; no sleep decides it.
    const bool waited =
        waiting_seen.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    first.reset();
    second.join();
    CHECK(waited);
}

TEST_CASE("the lock shows an import under way only while it is held") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    CHECK_FALSE(kiosk::ImportLockHeld(state.dir())); // no lock file yet
    {
        const kiosk::ImportLock lock(state.dir(), [] {});
        CHECK(kiosk::ImportLockHeld(state.dir()));
    }
    CHECK_FALSE(kiosk::ImportLockHeld(state.dir()));
}

TEST_CASE("previous packages are the installed ones but current, newest first, ties by name") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk", "a-v3.kiosk"});
    const auto same_time = fs::last_write_time(state.ExhibitsDir() + "/a-v1.kiosk");
    WriteFile(state.ExhibitsDir() + "/b-v1.kiosk", "b");
    fs::last_write_time(state.ExhibitsDir() + "/b-v1.kiosk", same_time);
    state.SwitchCurrent("a-v3.kiosk");
    CHECK(state.PreviousPackages() ==
          std::vector<std::string>{"a-v2.kiosk", "b-v1.kiosk", "a-v1.kiosk"});
    CHECK(StateFolder::Existing(tmp / "missing").PreviousPackages().empty());
}

TEST_CASE("a rollback switches current to an installed package and leaves no temp") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk"});
    state.SwitchCurrent("a-v2.kiosk");
    state.RollBack("a-v1.kiosk");
    CHECK(LinkOf(tmp / "state/current") == "exhibits/a-v1.kiosk");
    CHECK_FALSE(fs::exists(fs::symlink_status(tmp / "state/current.tmp")));
    CHECK_FALSE(fs::exists(fs::symlink_status(tmp / "state/current.rollback")));
}

TEST_CASE("a rollback refuses a name that is not an installed package") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk"});
    state.SwitchCurrent("a-v1.kiosk");
    CHECK_THROWS_AS(state.RollBack("../../etc/passwd"), kiosk::IoError);
    CHECK_THROWS_AS(state.RollBack("a-v9.kiosk"), kiosk::IoError);
    CHECK_THROWS_AS(state.RollBack("a-v1.kiosk.minisig"), kiosk::IoError);
    CHECK(LinkOf(tmp / "state/current") == "exhibits/a-v1.kiosk");
}

TEST_CASE("a rollback waits for no import: while one holds the lock it is refused") {
    TempDir tmp;
    const StateFolder state(tmp / "state");
    WritePackages(state, {"a-v1.kiosk", "a-v2.kiosk"});
    state.SwitchCurrent("a-v2.kiosk");
    const kiosk::ImportLock import(state.dir(), [] {});
    try {
        state.RollBack("a-v1.kiosk");
        FAIL("the rollback ran during an import");
    } catch (const kiosk::IoError& e) {
        CHECK(e.err == EBUSY);
        CHECK(std::string(e.what()).find("an import is running") != std::string::npos);
    }
    CHECK(LinkOf(tmp / "state/current") == "exhibits/a-v2.kiosk");
}

TEST_CASE("the import status written by the importer reads back with its typed phase") {
    kiosk::ImportStatus st;
    st.phase = kiosk::ImportPhase::Copying;
    st.progress = 0.4;
    st.message = "Copying\nphase=installed";
    st.time = 1700000000;
    st.pid = 42;
    const auto back = kiosk::ParseImportStatus(kiosk::ImportStatusText(st));
    REQUIRE(back);
    CHECK(back->phase == kiosk::ImportPhase::Copying);
    CHECK(back->progress == Approx(0.4));
    CHECK(back->message == "Copying phase=installed"); // a message cannot add a key
    CHECK(back->time == 1700000000);
    CHECK(back->pid == 42);
    for (auto p :
         {kiosk::ImportPhase::Checking, kiosk::ImportPhase::Copying, kiosk::ImportPhase::Verifying,
          kiosk::ImportPhase::Installed, kiosk::ImportPhase::Rejected, kiosk::ImportPhase::Nothing})
        CHECK(kiosk::ParseImportPhase(kiosk::ImportPhaseName(p)) == p);
    CHECK_FALSE(kiosk::ParseImportStatus("phase=dancing\nmessage=x\n"));
    CHECK_FALSE(kiosk::ParseImportStatus("message=no phase\n"));
}
