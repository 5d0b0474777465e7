// kiosk.toml, the board's one settings file: the one reader for every room.
// It opens and parses the file once; each room then reads its own keys from
// the table (app/config: [paths] [visit] [display] [admin] [stats];
// platform/board_config: [schedule] and display.rotation; kiosk-import:
// [import]) with the helpers below, so every wrong value is named the same
// way: "PATH line N: KEY must ...".
#pragma once

#include "core/error.h"

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk {

// The file is there but wrong inside (syntax or a value); callers that run on
// defaults then tell it apart from a file that cannot be read at all.
struct SettingsSyntaxError : ConfigError {
    using ConfigError::ConfigError;
};

// Reads and parses `path`. Throws ConfigError when it is not a regular file
// (a folder, or a FIFO that would block for ever) or cannot be read, and
// SettingsSyntaxError naming the line for a syntax error.
toml::table ReadSettingsFile(const std::string& path);

// The same from text; `path` only names it in messages.
toml::table ParseSettingsText(std::string_view text, const std::string& path);

// "PATH line N: " for `node`.
std::string SettingAt(const std::string& path, const toml::node& node);

// Each reads "section.key" when present into `out` (left alone when absent),
// and throws SettingsSyntaxError naming the key, its line and what to write
// for a value of the wrong type or out of range.
void ReadSetting(const toml::table& t, const std::string& path, const char* key, bool& out);
void ReadSetting(const toml::table& t, const std::string& path, const char* key, std::string& out);
void ReadSetting(const toml::table& t, const std::string& path, const char* key, int64_t lo,
                 int64_t hi, int64_t& out);
void ReadSetting(const toml::table& t, const std::string& path, const char* key, double lo,
                 double hi, double& out);

} // namespace kiosk
