// platform/display_power: which commands switch the screen, with a fake
// command runner; and RunCommand with real processes (no shell involved).

#include "platform/display_power.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

using kiosk::CommandResult;
using kiosk::DisplayPower;
using kiosk::DisplayPowerOptions;
using kiosk::RunCommand;

namespace {

struct Fake {
    std::vector<std::string> calls;
    std::vector<std::string> log;
    bool have_cec = true;
    bool fail = false;

    DisplayPowerOptions Options() {
        DisplayPowerOptions o;
        o.run = [this](const std::vector<std::string>& argv) {
            std::string line;
            for (const std::string& a : argv)
                line += (line.empty() ? "" : " ") + a;
            calls.push_back(line);
            CommandResult r;
            r.started = true;
            r.exit_code = fail ? 1 : 0;
            if (fail) r.output = "unable to open display \":0\"\nsecond line";
            return r;
        };
        o.exists = [this](const std::string&) { return have_cec; };
        return o;
    }
    DisplayPower::LogFn Log() {
        return [this](const std::string& line) { log.push_back(line); };
    }
};

} // namespace

TEST_CASE("at start X is told not to blank the screen") {
    Fake f;
    DisplayPower p(f.Log(), f.Options());
    p.DisableBlanking();
    CHECK(f.calls == std::vector<std::string>{"xset s off s noblank", "xset -dpms"});
}

TEST_CASE("off switches the screen off through DPMS and puts a TV on standby over CEC") {
    Fake f;
    DisplayPower p(f.Log(), f.Options());
    REQUIRE(p.cec());
    p.SetOn(false);
    CHECK_FALSE(p.on());
    CHECK(f.calls == std::vector<std::string>{"xset dpms force off",
                                              "cec-ctl -d /dev/cec0 --playback --to 0 --standby"});
}

TEST_CASE("on wakes the TV first, then the screen, and turns DPMS timeouts off again") {
    Fake f;
    DisplayPower p(f.Log(), f.Options());
    p.SetOn(true);
    CHECK(p.on());
    CHECK(f.calls ==
          std::vector<std::string>{"cec-ctl -d /dev/cec0 --playback --to 0 --image-view-on",
                                   "xset dpms force on", "xset -dpms"});
}

TEST_CASE("without cec-ctl or a CEC device only X switches the screen") {
    Fake f;
    f.have_cec = false;
    DisplayPower p(f.Log(), f.Options());
    CHECK_FALSE(p.cec());
    p.SetOn(false);
    CHECK(f.calls == std::vector<std::string>{"xset dpms force off"});
    REQUIRE_FALSE(f.log.empty());
    CHECK_THAT(f.log.front(), Catch::Contains("no HDMI-CEC"));
}

TEST_CASE(
    "a failing command is logged once with its first line of output, then again when it works") {
    Fake f;
    f.have_cec = false;
    DisplayPower p(f.Log(), f.Options());
    f.log.clear();
    f.fail = true;
    for (int i = 0; i < 5; ++i)
        p.SetOn(false);
    REQUIRE(f.log.size() == 1);
    CHECK_THAT(f.log[0], Catch::Contains("'xset dpms force off' failed with exit code 1") &&
                             Catch::Contains("unable to open display") &&
                             !Catch::Contains("second line"));
    f.fail = false;
    p.SetOn(false);
    REQUIRE(f.log.size() == 2);
    CHECK_THAT(f.log[1], Catch::Contains("works again"));
}

TEST_CASE("a command runs without a shell and its output and exit code come back") {
    const CommandResult ok = RunCommand({"sh", "-c", "echo hello; echo oops >&2; exit 3"});
    CHECK(ok.started);
    CHECK_FALSE(ok.timed_out);
    CHECK(ok.exit_code == 3);
    CHECK_THAT(ok.output, Catch::Contains("hello") && Catch::Contains("oops"));
    const CommandResult literal = RunCommand({"echo", "$HOME", ";", "rm"});
    CHECK(literal.output == "$HOME ; rm");
    CHECK(RunCommand({"true"}).ok());
}

TEST_CASE("a missing program is reported, not thrown") {
    const CommandResult r = RunCommand({"kiosk-no-such-program-here"});
    CHECK_FALSE(r.started);
    CHECK_FALSE(r.ok());
    CHECK_THAT(r.output, Catch::Contains("cannot run kiosk-no-such-program-here"));
}

TEST_CASE("a command that hangs is killed after its time limit") {
    const CommandResult r = RunCommand({"sleep", "30"}, 200);
    CHECK(r.started);
    CHECK(r.timed_out);
    CHECK_FALSE(r.ok());
}

TEST_CASE("commands the kiosk runs cannot speak to systemd for it") {
    setenv("NOTIFY_SOCKET", "/run/systemd/notify", 1);
    setenv("WATCHDOG_USEC", "30000000", 1);
    setenv("KIOSK_KEPT", "yes", 1);
    const CommandResult r = RunCommand({"env"});
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("KIOSK_KEPT");
    CHECK_THAT(r.output, !Catch::Contains("NOTIFY_SOCKET") && !Catch::Contains("WATCHDOG_USEC") &&
                             Catch::Contains("KIOSK_KEPT=yes"));
}

TEST_CASE("programs are found in PATH") {
    CHECK(kiosk::FindInPath("sh"));
    CHECK(kiosk::FindInPath("/bin/sh"));
    CHECK_FALSE(kiosk::FindInPath("kiosk-no-such-program-here"));
    CHECK_FALSE(kiosk::FindInPath(""));
}
