// app/staff_commands: the PIN, rollback through the state folder, restart
// and screen off; slow work on the jobs worker.

#include "app/staff_commands.h"

#include "app/pin.h"
#include "storage/state_folder.h"
#include "support/packages.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>

namespace fs = std::filesystem;
using namespace kiosk;
using namespace kiosk::test;

namespace {

struct Staff {
    TempDir tmp;
    StateFolder state{tmp / "state"};
    Jobs jobs{[] {}, [](const std::string&) {}};
    std::vector<std::string> log;
    StaffCommands staff;
    std::optional<StaffOutcome> outcome;

    explicit Staff(std::string pin_hash = "")
        : staff(jobs, {std::move(pin_hash), state.CurrentPath(), state.dir()},
                [this](const std::string& l) { log.push_back(l); }) {}

    StaffOutcome Run(AdminCommand cmd, int index = 0, const std::string& pin = "",
                     int64_t now = 0) {
        outcome.reset();
        staff.Run(cmd, index, pin, now, [this](const StaffOutcome& o) { outcome = o; });
        jobs.WaitIdle();
        jobs.RunFinished();
        REQUIRE(outcome);
        return *outcome;
    }
};

} // namespace

TEST_CASE("without a PIN set the panel says how to set one") {
    Staff s;
    CHECK(s.Run(AdminCommand::CheckPin, 0, "1234").message ==
          "No staff PIN is set. Set one with: sudo kiosk --set-pin");
}

TEST_CASE("the right PIN opens the panel, a wrong one waits longer each time") {
    Staff s(HashPin("2468"));
    const auto wrong = s.Run(AdminCommand::CheckPin, 0, "1111", 1000);
    CHECK_FALSE(wrong.open_panel);
    CHECK(wrong.message.rfind("Wrong PIN.", 0) == 0);
    const auto too_soon = s.Run(AdminCommand::CheckPin, 0, "2468", 1001);
    CHECK_FALSE(too_soon.open_panel);
    CHECK(too_soon.message.rfind("Too many wrong attempts.", 0) == 0);
    const auto right = s.Run(AdminCommand::CheckPin, 0, "2468", 600'000);
    CHECK(right.open_panel);
    CHECK(right.message.empty());
}

TEST_CASE("a rollback checks the package, switches current and asks for a reload") {
    Staff s;
    TempDir src;
    const std::string sample = BuildSamplePackage(src);
    fs::copy_file(sample, s.state.ExhibitsDir() + "/a-v1.kiosk");
    fs::copy_file(sample, s.state.ExhibitsDir() + "/a-v2.kiosk");
    s.state.SwitchCurrent("a-v2.kiosk");
    const auto out = s.Run(AdminCommand::Rollback, 0);
    CHECK(out.message == "Rolled back to a-v1.kiosk.");
    CHECK(out.reload);
    CHECK(*s.state.CurrentFile() == "a-v1.kiosk");
}

TEST_CASE("a rollback to a damaged package or during an import changes nothing") {
    Staff s;
    TempDir src;
    const std::string sample = BuildSamplePackage(src);
    WriteFile(s.state.ExhibitsDir() + "/a-v1.kiosk", "damaged");
    fs::copy_file(sample, s.state.ExhibitsDir() + "/a-v2.kiosk");
    s.state.SwitchCurrent("a-v2.kiosk");
    CHECK(s.Run(AdminCommand::Rollback, 0).message == "Cannot roll back: a-v1.kiosk is damaged.");
    fs::copy_file(sample, s.state.ExhibitsDir() + "/a-v1.kiosk",
                  fs::copy_options::overwrite_existing);
    {
        const ImportLock import(s.state.dir(), [] {});
        const auto out = s.Run(AdminCommand::Rollback, 0);
        CHECK(out.message.find("an import is running") != std::string::npos);
        CHECK_FALSE(out.reload);
    }
    CHECK(*s.state.CurrentFile() == "a-v2.kiosk");
    CHECK(s.Run(AdminCommand::Rollback, 5).message ==
          "Cannot roll back: that package is no longer installed.");
}

TEST_CASE("restart and screen off are handed back to the app") {
    Staff s;
    CHECK(s.Run(AdminCommand::Restart).restart);
    CHECK(s.Run(AdminCommand::ScreenOff).screen_off);
}
