#include "app/config.h"

#include "core/error.h"

#include "storage/settings_file.h"

#include <toml++/toml.h>

#include <getopt.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace kiosk {

void ReadAppSettings(const toml::table& t, const std::string& path, AppConfig& c) {
    double idle = static_cast<double>(c.settings.idle_timeout_ms) / 1000.0;
    double still = static_cast<double>(c.settings.still_there_ms) / 1000.0;
    ReadSetting(t, path, "visit.idle_timeout_s", 10.0, 3600.0, idle);
    ReadSetting(t, path, "visit.still_there_s", 3.0, 300.0, still);
    c.settings.idle_timeout_ms = static_cast<int64_t>(idle * 1000);
    c.settings.still_there_ms = static_cast<int64_t>(still * 1000);
    ReadSetting(t, path, "visit.large_text", c.settings.large_text_default);
    ReadSetting(t, path, "visit.high_contrast", c.settings.high_contrast_default);
    double dpi = c.dpi;
    ReadSetting(t, path, "display.dpi", 0.0, 1000.0, dpi);
    c.dpi = static_cast<float>(dpi);
    int64_t budget = static_cast<int64_t>(c.texture_budget_mb);
    ReadSetting(t, path, "display.texture_budget_mb", 16, 2048, budget);
    c.texture_budget_mb = static_cast<size_t>(budget);
    std::string renderer = c.renderer;
    ReadSetting(t, path, "display.renderer", renderer);
    if (renderer != "auto" && renderer != "gl3" && renderer != "gl2")
        throw ConfigError(path + ": display.renderer must be \"auto\", \"gl3\" or \"gl2\"");
    c.renderer = renderer;
    std::string gl_context = c.gl_context;
    ReadSetting(t, path, "display.gl_context", gl_context);
    if (gl_context != "auto" && gl_context != "glx" && gl_context != "egl")
        throw ConfigError(path + ": display.gl_context must be \"auto\", \"glx\" or \"egl\"");
    c.gl_context = gl_context;
    ReadSetting(t, path, "paths.exhibit", c.exhibit);
    ReadSetting(t, path, "paths.state_dir", c.state_dir);
    ReadSetting(t, path, "admin.pin_hash", c.pin_hash);
    ReadSetting(t, path, "paths.visits_db", c.visits_db);
    int64_t retention = c.retention_days;
    ReadSetting(t, path, "stats.retention_days", 30, 36500, retention);
    c.retention_days = static_cast<int>(retention);
    int64_t volume = c.sound.volume, quiet_volume = c.sound.quiet_volume;
    ReadSetting(t, path, "sound.volume", 0, 100, volume);
    ReadSetting(t, path, "sound.quiet_volume", 0, 100, quiet_volume);
    c.sound.volume = static_cast<int>(volume);
    c.sound.quiet_volume = static_cast<int>(quiet_volume);
    std::string quiet;
    ReadSetting(t, path, "sound.quiet_hours", quiet);
    if (!quiet.empty()) {
        try {
            c.sound.quiet_hours = ParseDayHours(quiet);
        } catch (const ConfigError& e) {
            throw ConfigError(path + ": sound.quiet_hours: " + e.what());
        }
    }
    std::string font_dir;
    ReadSetting(t, path, "paths.font_dir", font_dir);
    if (!font_dir.empty()) c.font_dirs.insert(c.font_dirs.begin(), font_dir);
}

void LoadConfigFile(const std::string& path, AppConfig& c) {
    const toml::table t = ReadSettingsFile(path);
    // The board's keys first: a mistake among the app's keys must not cost
    // the opening hours, nor the other way round.
    try {
        c.board = ReadBoardConfig(path, t);
    } catch (const ConfigError& e) {
        c.board_error = std::string(e.what()) + "; the screen stays on at all hours";
    }
    ReadAppSettings(t, path, c);
    c.config_path = path;
}

std::string UsageText() {
    return "usage: kiosk [--exhibit PKG.kiosk] [--config kiosk.toml] [--windowed] [--size WxH]\n"
           "             [--renderer auto|gl3|gl2] [--dpi N] [--check]\n"
           "             [--script FILE --screenshots DIR] [--frame-log FILE]\n"
           "             [--state-dir DIR] [--visits-db FILE] [--set-pin] [--help]\n";
}

namespace {

enum Opt {
    kExhibit = 1000,
    kConfig,
    kWindowed,
    kSize,
    kRenderer,
    kDpi,
    kScript,
    kScreenshots,
    kFrameLog,
    kCheck,
    kSetPin,
    kStateDir,
    kVisitsDb,
    kHelp,
};

const option kOptions[] = {
    {"exhibit", required_argument, nullptr, kExhibit},
    {"config", required_argument, nullptr, kConfig},
    {"windowed", no_argument, nullptr, kWindowed},
    {"size", required_argument, nullptr, kSize},
    {"renderer", required_argument, nullptr, kRenderer},
    {"dpi", required_argument, nullptr, kDpi},
    {"script", required_argument, nullptr, kScript},
    {"screenshots", required_argument, nullptr, kScreenshots},
    {"frame-log", required_argument, nullptr, kFrameLog},
    {"check", no_argument, nullptr, kCheck},
    {"set-pin", no_argument, nullptr, kSetPin},
    {"state-dir", required_argument, nullptr, kStateDir},
    {"visits-db", required_argument, nullptr, kVisitsDb},
    {"help", no_argument, nullptr, kHelp},
    {nullptr, 0, nullptr, 0},
};

// A whole decimal number in [lo, hi], nothing before or after it.
bool ParseInt(const std::string& text, long lo, long hi, long& out) {
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
    out = v;
    return true;
}

void ParseSize(const std::string& v, AppConfig& c) {
    const size_t x = v.find('x');
    long w = 0, h = 0;
    if (x == std::string::npos || !ParseInt(v.substr(0, x), 320, 8192, w) ||
        !ParseInt(v.substr(x + 1), 240, 8192, h))
        throw ConfigError("--size must look like 1920x1080 (each side 240 to 8192 pixels), not '" +
                          v + "'");
    c.width = static_cast<int>(w);
    c.height = static_cast<int>(h);
}

void ParseDpi(const std::string& v, AppConfig& c) {
    errno = 0;
    char* end = nullptr;
    const float dpi = std::strtof(v.c_str(), &end);
    if (v.empty() || errno != 0 || *end != '\0' || !(dpi >= 0 && dpi <= 1000))
        throw ConfigError("--dpi must be a number from 0 to 1000 (0: ask the screen), not '" + v +
                          "'");
    c.dpi = dpi;
}

} // namespace

void RequireRegularFile(const std::string& path, const std::string& what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw ConfigError(what + " " + path + " cannot be read (" + std::strerror(errno) + ")");
    // A folder, a FIFO or a device is never a settings file (a FIFO would
    // block the kiosk for ever).
    if (!S_ISREG(st.st_mode)) throw ConfigError(what + " " + path + " is not a regular file");
}

AppConfig ParseCommandLine(int argc, char** argv) {
    AppConfig c;
    // Collect first, apply after kiosk.toml: the command line overrides it.
    std::vector<std::pair<int, std::string>> given;
    std::string config_path =
        std::filesystem::exists("/etc/kiosk/kiosk.toml") ? "/etc/kiosk/kiosk.toml" : "";
    opterr = 0; // our messages name the option
    optind = 0; // a full restart of getopt (tests parse more than once)
    for (;;) {
        const int prev = optind ? optind : 1;
        const int opt = getopt_long(argc, argv, ":", kOptions, nullptr);
        if (opt == -1) break;
        const std::string arg = prev < argc ? argv[prev] : "";
        if (opt == '?') throw ConfigError("unknown option " + arg + "\n" + UsageText());
        if (opt == ':') throw ConfigError(arg + " needs a value\n" + UsageText());
        if (opt == kConfig) {
            config_path = optarg;
            RequireRegularFile(config_path, "--config");
        }
        given.emplace_back(opt, optarg ? optarg : "");
    }
    if (optind < argc)
        throw ConfigError(std::string("unexpected argument ") + argv[optind] + "\n" + UsageText());
    if (!config_path.empty()) {
        // A mistake in kiosk.toml must not leave a black screen that restarts
        // for ever: the kiosk says what is wrong and runs on its defaults.
        try {
            LoadConfigFile(config_path, c);
        } catch (const ConfigError& e) {
            AppConfig defaults;
            defaults.board = c.board;
            defaults.board_error = c.board_error;
            c = defaults;
            c.config_error = std::string(e.what()) + "; running on the default settings";
        }
    }
    c.config_path = config_path.empty() ? "/etc/kiosk/kiosk.toml" : config_path;
    for (const auto& [opt, v] : given) {
        switch (opt) {
        case kExhibit:
            c.exhibit = v;
            break;
        case kConfig:
            break;
        case kWindowed:
            c.windowed = true;
            break;
        case kSize:
            ParseSize(v, c);
            break;
        case kRenderer:
            if (v != "auto" && v != "gl3" && v != "gl2")
                throw ConfigError("--renderer must be auto, gl3 or gl2, not '" + v + "'");
            c.renderer = v;
            break;
        case kDpi:
            ParseDpi(v, c);
            break;
        case kScript:
            c.script = v;
            break;
        case kScreenshots:
            c.screenshots = v;
            break;
        case kFrameLog:
            c.frame_log = v;
            break;
        case kCheck:
            c.check = true;
            break;
        case kSetPin:
            c.set_pin = true;
            break;
        case kStateDir:
            c.state_dir = v;
            break;
        case kVisitsDb:
            c.visits_db = v;
            break;
        case kHelp:
            c.help = true;
            break;
        default:
            break;
        }
    }
    return c;
}

} // namespace kiosk
