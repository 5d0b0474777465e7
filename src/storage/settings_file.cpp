#include "storage/settings_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace kiosk {

namespace {

template <typename T> std::string Plain(T v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

[[noreturn]] void Wrong(const std::string& path, const toml::node& node, const char* key,
                        const std::string& what) {
    throw SettingsSyntaxError(SettingAt(path, node) + key + " must be " + what);
}

} // namespace

std::string SettingAt(const std::string& path, const toml::node& node) {
    return path + " line " + std::to_string(node.source().begin.line) + ": ";
}

toml::table ParseSettingsText(std::string_view text, const std::string& path) {
    try {
        return toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        throw SettingsSyntaxError(path + " line " + std::to_string(e.source().begin.line) + ": " +
                                  std::string(e.description()));
    }
}

toml::table ReadSettingsFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw ConfigError("cannot read the settings file " + path + " (" + std::strerror(errno) +
                          ")");
    if (!S_ISREG(st.st_mode))
        throw ConfigError("the settings file " + path + " is not a regular file");
    try {
        return toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        if (e.source().begin.line == 0 &&
            std::string(e.description()).find("open") != std::string::npos)
            throw ConfigError("cannot read the settings file " + path);
        throw SettingsSyntaxError(path + " line " + std::to_string(e.source().begin.line) + ": " +
                                  std::string(e.description()));
    }
}

void ReadSetting(const toml::table& t, const std::string& path, const char* key, bool& out) {
    const toml::node* node = t.at_path(key).node();
    if (!node) return;
    if (!node->is_boolean()) Wrong(path, *node, key, "true or false");
    out = node->as_boolean()->get();
}

void ReadSetting(const toml::table& t, const std::string& path, const char* key, std::string& out) {
    const toml::node* node = t.at_path(key).node();
    if (!node) return;
    if (!node->is_string()) Wrong(path, *node, key, "text in quotes");
    out = node->as_string()->get();
}

void ReadSetting(const toml::table& t, const std::string& path, const char* key, int64_t lo,
                 int64_t hi, int64_t& out) {
    const toml::node* node = t.at_path(key).node();
    if (!node) return;
    const std::optional<int64_t> v = node->is_integer() ? node->value<int64_t>() : std::nullopt;
    if (!v || *v < lo || *v > hi)
        Wrong(path, *node, key, "between " + Plain(lo) + " and " + Plain(hi));
    out = *v;
}

void ReadSetting(const toml::table& t, const std::string& path, const char* key, double lo,
                 double hi, double& out) {
    const toml::node* node = t.at_path(key).node();
    if (!node) return;
    const std::optional<double> v =
        node->is_number() ? node->value<double>() : std::optional<double>{};
    if (!v || *v < lo || *v > hi)
        Wrong(path, *node, key, "between " + Plain(lo) + " and " + Plain(hi));
    out = *v;
}

} // namespace kiosk
