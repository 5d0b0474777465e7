// app/exhibit_source: the package behind the exhibit path, the fallback to
// previous installed packages, and bad packages remembered by content.

#include "app/exhibit_source.h"

#include "storage/state_folder.h"
#include "support/packages.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using kiosk::ExhibitSource;
using kiosk::StateFolder;
using namespace kiosk::test;

namespace {

struct Kiosk {
    TempDir tmp;
    std::string sample = BuildSamplePackage(tmp);
    StateFolder state{tmp / "state"};
    std::vector<std::string> log;
    ExhibitSource source{state.CurrentPath(), state.dir(),
                         [this](const std::string& l) { log.push_back(l); }};

    void Install(const std::string& name, int64_t age_s) {
        const std::string path = state.ExhibitsDir() + "/" + name;
        fs::copy_file(sample, path, fs::copy_options::overwrite_existing);
        fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::seconds(age_s));
    }
    bool Logged(const std::string& needle) const {
        for (const auto& l : log)
            if (l.find(needle) != std::string::npos) return true;
        return false;
    }
};

} // namespace

TEST_CASE("the package behind current is loaded by its real name") {
    Kiosk k;
    k.Install("a-v1.kiosk", 10);
    k.state.SwitchCurrent("a-v1.kiosk");
    const auto loaded = k.source.Load(true);
    REQUIRE(loaded);
    CHECK(fs::path(loaded->path).filename() == "a-v1.kiosk");
    CHECK_FALSE(loaded->exhibit.panels.empty());
}

TEST_CASE("a current that cannot be opened falls back to the newest previous package") {
    Kiosk k;
    k.Install("a-v1.kiosk", 30);
    k.Install("a-v2.kiosk", 20);
    WriteFile(k.state.ExhibitsDir() + "/a-v3.kiosk", "not a package");
    k.state.SwitchCurrent("a-v3.kiosk");
    const auto loaded = k.source.Load(true);
    REQUIRE(loaded);
    CHECK(fs::path(loaded->path).filename() == "a-v2.kiosk");
    CHECK(k.Logged("showing the previous exhibit a-v2.kiosk instead"));
    CHECK_FALSE(k.source.Load(false)); // a reload never replaces what is shown
}

TEST_CASE("a package that failed its check is skipped, and shown again once replaced") {
    Kiosk k;
    k.Install("a-v1.kiosk", 30);
    k.Install("a-v2.kiosk", 20);
    k.state.SwitchCurrent("a-v2.kiosk");
    const auto first = k.source.Load(true);
    REQUIRE(first);
    k.source.MarkBad(first->key);
    const auto fallback = k.source.Load(true);
    REQUIRE(fallback);
    CHECK(fs::path(fallback->path).filename() == "a-v1.kiosk");
    // A repaired package imported under the same name is new content.
    fs::remove(k.state.ExhibitsDir() + "/a-v2.kiosk");
    k.Install("a-v2.kiosk", 5);
    const auto repaired = k.source.Load(true);
    REQUIRE(repaired);
    CHECK(fs::path(repaired->path).filename() == "a-v2.kiosk");
}

TEST_CASE("the whole-file check finds damage inside a package that opens") {
    Kiosk k;
    k.Install("a-v1.kiosk", 10);
    CHECK(k.source.Check(k.state.ExhibitsDir() + "/a-v1.kiosk").empty());
    const std::string damaged = k.state.ExhibitsDir() + "/a-v1.kiosk";
    const auto size = fs::file_size(damaged);
    {
        std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(size * 3 / 5 / 4096 * 4096));
        const std::string zeros(32 * 4096, '\0');
        f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    CHECK_FALSE(k.source.Check(damaged).empty());
}
