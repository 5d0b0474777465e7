// app/config: the command line (getopt_long) and kiosk.toml. Usage errors
// name the option (the kiosk exits 2); a wrong value in kiosk.toml names its
// key and line.

#include "app/config.h"

#include "core/error.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <string>
#include <vector>

using namespace kiosk;
using kiosk::test::TempDir;
using kiosk::test::WriteFile;

namespace {

AppConfig Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "kiosk");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    return ParseCommandLine(static_cast<int>(args.size()), argv.data());
}

std::string UsageError(std::vector<std::string> args) {
    try {
        Parse(std::move(args));
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("the command line sets what it names and --help asks for the usage") {
    const AppConfig c = Parse({"--exhibit", "x.kiosk", "--windowed", "--size=1280x720", "--dpi",
                               "120", "--renderer", "gl2"});
    CHECK(c.exhibit == "x.kiosk");
    CHECK(c.windowed);
    CHECK(c.width == 1280);
    CHECK(c.height == 720);
    CHECK(c.dpi == 120.0f);
    CHECK(c.renderer == "gl2");
    CHECK_FALSE(c.help);
    CHECK(Parse({"--help"}).help);
}

TEST_CASE("a wrong number is a usage error naming the option") {
    CHECK(UsageError({"--dpi", "abc"}).rfind("--dpi must be a number", 0) == 0);
    CHECK(UsageError({"--dpi", "96x"}).rfind("--dpi must be a number", 0) == 0);
    CHECK(UsageError({"--size", "4294968216x4294968376"}).rfind("--size must look like", 0) == 0);
    CHECK(UsageError({"--size", "1920x1080garbage"}).rfind("--size must look like", 0) == 0);
    CHECK(UsageError({"--size", "-1920x1080"}).rfind("--size must look like", 0) == 0);
    CHECK(UsageError({"--renderer", "vulkan"}).rfind("--renderer must be", 0) == 0);
}

TEST_CASE("an unknown option, a missing value and a stray argument are named") {
    CHECK(UsageError({"--wobble"}).rfind("unknown option --wobble", 0) == 0);
    CHECK(UsageError({"--exhibit"}).rfind("--exhibit needs a value", 0) == 0);
    CHECK(UsageError({"stray"}).rfind("unexpected argument stray", 0) == 0);
}

TEST_CASE("the --config file must be a regular file, never a folder or a FIFO") {
    TempDir tmp;
    CHECK(UsageError({"--config", tmp.path().string()}).find("is not a regular file") !=
          std::string::npos);
    const std::string fifo = tmp / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    CHECK(UsageError({"--config", fifo}).find("is not a regular file") != std::string::npos);
    CHECK(UsageError({"--config", tmp / "missing.toml"}).find("cannot be read") !=
          std::string::npos);
}

TEST_CASE("a wrong-typed key in kiosk.toml is named with its line, and defaults are used") {
    TempDir tmp;
    WriteFile(tmp / "kiosk.toml", "[paths]\nexhibit = 5\n");
    const AppConfig c = Parse({"--config", tmp / "kiosk.toml"});
    CHECK(c.config_error.find("line 2: paths.exhibit must be text in quotes") != std::string::npos);
    CHECK(c.exhibit == AppConfig{}.exhibit);
    WriteFile(tmp / "kiosk.toml", "[visit]\nlarge_text = \"yes\"\n");
    CHECK(Parse({"--config", tmp / "kiosk.toml"}).config_error.find("visit.large_text") !=
          std::string::npos);
}

TEST_CASE(
    "kiosk.toml sound sets the volume and the quiet volume and quiet hours and names a wrong one") {
    TempDir tmp;
    WriteFile(tmp / "kiosk.toml", "[sound]\nvolume = 65\nquiet_volume = 10\n"
                                  "quiet_hours = \"12:00-13:00, 22:00-06:00\"\n");
    const AppConfig c = Parse({"--config", tmp / "kiosk.toml"});
    CHECK(c.config_error.empty());
    CHECK(c.sound.volume == 65);
    CHECK(c.sound.quiet_volume == 10);
    REQUIRE(c.sound.quiet_hours.size() == 2);
    CHECK(c.sound.quiet_hours[1].Overnight());
    CHECK(AppConfig{}.sound.volume == 80);
    CHECK(AppConfig{}.sound.quiet_hours.empty());
    WriteFile(tmp / "kiosk.toml", "[sound]\nvolume = 150\n");
    CHECK(Parse({"--config", tmp / "kiosk.toml"}).config_error.find("sound.volume") !=
          std::string::npos);
    WriteFile(tmp / "kiosk.toml", "[sound]\nquiet_hours = \"noon\"\n");
    CHECK(Parse({"--config", tmp / "kiosk.toml"}).config_error.find("sound.quiet_hours") !=
          std::string::npos);
}

TEST_CASE(
    "kiosk.toml display.gl_context chooses GLX or EGL for the GL context and names a wrong one") {
    TempDir tmp;
    CHECK(AppConfig{}.gl_context == "auto");
    WriteFile(tmp / "kiosk.toml", "[display]\ngl_context = \"glx\"\n");
    const AppConfig c = Parse({"--config", tmp / "kiosk.toml"});
    CHECK(c.config_error.empty());
    CHECK(c.gl_context == "glx");
    WriteFile(tmp / "kiosk.toml", "[display]\ngl_context = \"vulkan\"\n");
    const AppConfig wrong = Parse({"--config", tmp / "kiosk.toml"});
    CHECK(wrong.config_error.find("display.gl_context must be") != std::string::npos);
    CHECK(wrong.gl_context == "auto");
}

TEST_CASE("the shipped kiosk.toml reads without a complaint") {
    const AppConfig c = Parse({"--config", std::string(KIOSK_SOURCE_DIR) + "/deploy/kiosk.toml"});
    CHECK(c.config_error.empty());
    CHECK(c.sound.volume == 80);
    CHECK(c.sound.quiet_volume == 30);
}
