// Settings from /etc/kiosk/kiosk.toml and the command line. Every setting
// documents its default; a wrong value is a ConfigError naming the line.
#pragma once

#include "core/sound.h"
#include "core/state.h"
#include "platform/board_config.h"

#include <string>
#include <vector>

namespace kiosk {

struct AppConfig {
    std::string exhibit = "/var/lib/kiosk/current"; // [paths] exhibit
    std::string state_dir = "/var/lib/kiosk";       // [paths] state_dir: writable state
    std::string pin_hash;                           // [admin] pin_hash = "" (kiosk --set-pin)
    std::string config_path;                        // the file read, if any
    std::string visits_db;    // [paths] visits_db = "" (state_dir/visits.db); --visits-db
    int retention_days = 730; // [stats] retention_days = 730: older visits kept as daily counts
    std::vector<std::string> font_dirs = {"/usr/share/fonts/truetype/noto",
                                          "/usr/share/fonts/opentype/noto"}; // [paths] font_dir
    Settings settings;               // [visit] idle_timeout_s = 90, still_there_s = 20,
                                     //         large_text = false, high_contrast = false
    float dpi = 0;                   // [display] dpi = 0 (0: ask the screen, else 96)
    std::string renderer = "auto";   // [display] renderer = "auto" | "gl3" | "gl2"
    std::string gl_context = "auto"; // [display] gl_context = "auto" | "glx" | "egl"
    size_t texture_budget_mb = 32;   // [display] texture_budget_mb = 32
    SoundSettings sound;             // [sound] volume, quiet_volume, quiet_hours: core/sound.h
    // Command line only.
    bool windowed = false;
    int width = 1920, height = 1080; // --size WxH (windowed and scripted runs)
    std::string script;
    std::string frame_log; // --frame-log FILE: per frame "t_ms work_us screen" (benchmarks)
    std::string screenshots = ".";
    bool check = false;       // --check: exit 1 when the exhibit cannot be opened
    bool set_pin = false;     // --set-pin: read a PIN on stdin, store its hash in the config
    bool help = false;        // --help: print the usage and exit 0
    std::string config_error; // what was wrong with the config file (defaults are used)
    BoardConfig board;        // [schedule], display.rotation: see platform/board_config.h
    std::string board_error;  // what was wrong there (always open is used)
};

// Reads `path` (the one settings reader, storage/settings_file) into `config`:
// the app's keys and the board's. Missing keys keep their defaults. Throws
// ConfigError for the app's keys; a wrong [schedule] only sets board_error.
void LoadConfigFile(const std::string& path, AppConfig& config);

// Throws ConfigError unless `path` is a regular file (not a folder or FIFO).
void RequireRegularFile(const std::string& path, const std::string& what);

// Parses the command line with getopt_long (a --config FILE is read first).
// Throws ConfigError naming the option for a usage error (the kiosk exits 2).
AppConfig ParseCommandLine(int argc, char** argv);

std::string UsageText();

} // namespace kiosk
