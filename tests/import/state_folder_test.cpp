// tools/import/state_folder: the layout the kiosk reads, the switch of
// `current`, the clean-up of what an interrupted import left, pruning.

#include "tools/import/state_folder.h"

#include "import/support.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
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
    bool waited = false;
    std::thread second([&] { kiosk::ImportLock lock(state.dir(), [&] { waited = true; }); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    first.reset();
    second.join();
    CHECK(waited);
}
