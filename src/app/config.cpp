#include "app/config.h"

#include "core/error.h"

#include <toml++/toml.h>

#include <filesystem>
#include <sstream>

namespace kiosk {

namespace {

template <typename T> std::string Plain(T v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

template <typename T>
void Read(const toml::table& t, const char* section, const char* key, T lo, T hi, T& out,
          const std::string& path) {
    const toml::node* node = t.at_path(std::string(section) + "." + key).node();
    if (!node) return;
    std::optional<T> v = node->value<T>();
    if (!v || *v < lo || *v > hi)
        throw ConfigError(path + " line " + std::to_string(node->source().begin.line) + ": " +
                          section + "." + key + " must be between " + Plain(lo) + " and " +
                          Plain(hi));
    out = *v;
}

void ReadBool(const toml::table& t, const char* section, const char* key, bool& out,
              const std::string& path) {
    const toml::node* node = t.at_path(std::string(section) + "." + key).node();
    if (!node) return;
    if (!node->is_boolean())
        throw ConfigError(path + " line " + std::to_string(node->source().begin.line) + ": " +
                          section + "." + key + " must be true or false");
    out = node->as_boolean()->get();
}

} // namespace

void LoadConfigFile(const std::string& path, AppConfig& c) {
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError(path + " line " + std::to_string(e.source().begin.line) + ": " +
                          std::string(e.description()));
    }
    double idle = static_cast<double>(c.settings.idle_timeout_ms) / 1000.0;
    double still = static_cast<double>(c.settings.still_there_ms) / 1000.0;
    Read(t, "visit", "idle_timeout_s", 10.0, 3600.0, idle, path);
    Read(t, "visit", "still_there_s", 3.0, 300.0, still, path);
    c.settings.idle_timeout_ms = static_cast<int64_t>(idle * 1000);
    c.settings.still_there_ms = static_cast<int64_t>(still * 1000);
    ReadBool(t, "visit", "large_text", c.settings.large_text_default, path);
    ReadBool(t, "visit", "high_contrast", c.settings.high_contrast_default, path);
    double dpi = c.dpi;
    Read(t, "display", "dpi", 0.0, 1000.0, dpi, path);
    c.dpi = static_cast<float>(dpi);
    int64_t budget = static_cast<int64_t>(c.texture_budget_mb);
    Read<int64_t>(t, "display", "texture_budget_mb", 16, 2048, budget, path);
    c.texture_budget_mb = static_cast<size_t>(budget);
    if (auto r = t.at_path("display.renderer").value<std::string>()) {
        if (*r != "auto" && *r != "gl3" && *r != "gl2")
            throw ConfigError(path + ": display.renderer must be \"auto\", \"gl3\" or \"gl2\"");
        c.renderer = *r;
    }
    if (auto e = t.at_path("paths.exhibit").value<std::string>()) c.exhibit = *e;
    if (auto d = t.at_path("paths.state_dir").value<std::string>()) c.state_dir = *d;
    if (auto h = t.at_path("admin.pin_hash").value<std::string>()) c.pin_hash = *h;
    if (auto v = t.at_path("paths.visits_db").value<std::string>()) c.visits_db = *v;
    int64_t retention = c.retention_days;
    Read<int64_t>(t, "stats", "retention_days", 30, 36500, retention, path);
    c.retention_days = static_cast<int>(retention);
    c.config_path = path;
    if (auto f = t.at_path("paths.font_dir").value<std::string>())
        c.font_dirs.insert(c.font_dirs.begin(), *f);
}

std::string UsageText() {
    return "usage: kiosk [--exhibit PKG.kiosk] [--config kiosk.toml] [--windowed] [--size WxH]\n"
           "             [--renderer auto|gl3|gl2] [--dpi N] [--check]\n"
           "             [--script FILE --screenshots DIR] [--frame-log FILE]\n"
           "             [--state-dir DIR] [--visits-db FILE] [--set-pin]\n";
}

AppConfig ParseCommandLine(int argc, char** argv) {
    AppConfig c;
    std::vector<std::string> args(argv + 1, argv + argc);
    // The config file first, so the command line overrides it.
    std::string config_path =
        std::filesystem::exists("/etc/kiosk/kiosk.toml") ? "/etc/kiosk/kiosk.toml" : "";
    for (size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--config") config_path = args[i + 1];
    if (!config_path.empty()) {
        // A mistake in kiosk.toml must not leave a black screen that restarts
        // for ever: the kiosk says what is wrong and runs on its defaults.
        try {
            LoadConfigFile(config_path, c);
        } catch (const ConfigError& e) {
            const std::string keep_path = config_path;
            c = AppConfig{};
            c.config_error = std::string(e.what()) + "; running on the default settings";
            c.config_path = keep_path;
        }
    }
    c.config_path = config_path.empty() ? "/etc/kiosk/kiosk.toml" : config_path;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw ConfigError(a + " needs a value");
            return args[++i];
        };
        if (a == "--exhibit")
            c.exhibit = value();
        else if (a == "--config")
            value();
        else if (a == "--windowed")
            c.windowed = true;
        else if (a == "--size") {
            const std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &c.width, &c.height) != 2 || c.width < 320 ||
                c.height < 240 || c.width > 8192 || c.height > 8192)
                throw ConfigError("--size must look like 1920x1080");
        } else if (a == "--renderer") {
            c.renderer = value();
            if (c.renderer != "auto" && c.renderer != "gl3" && c.renderer != "gl2")
                throw ConfigError("--renderer must be auto, gl3 or gl2");
        } else if (a == "--dpi")
            c.dpi = std::stof(value());
        else if (a == "--script")
            c.script = value();
        else if (a == "--screenshots")
            c.screenshots = value();
        else if (a == "--frame-log")
            c.frame_log = value();
        else if (a == "--check")
            c.check = true;
        else if (a == "--set-pin")
            c.set_pin = true;
        else if (a == "--state-dir")
            c.state_dir = value();
        else if (a == "--visits-db")
            c.visits_db = value();
        else if (a == "--help" || a == "-h")
            throw ConfigError(UsageText());
        else
            throw ConfigError("unknown option " + a + "\n" + UsageText());
    }
    return c;
}

} // namespace kiosk
