#include "platform/board_config.h"

#include "storage/settings_file.h"

#include "core/error.h"

#include <toml++/toml.h>

#include <array>
#include <ctime>
#include <fstream>
#include <sstream>

namespace kiosk {

namespace {

constexpr std::array<const char*, 7> kWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                  "friday", "saturday", "sunday"};

[[noreturn]] void Fail(const std::string& path, const toml::node& node, const std::string& what) {
    throw ConfigError(path + " line " + std::to_string(node.source().begin.line) + ": " + what);
}

// Runs `parse` and puts the file, line and key in front of its message.
template <typename F>
auto Located(const std::string& path, const toml::node& node, const std::string& key, F parse) {
    try {
        return parse();
    } catch (const ConfigError& e) {
        Fail(path, node, key + ": " + e.what());
    }
}

// A day's hours: "09:00-18:00, ..." or ["09:00-12:00", "13:00-18:00"].
std::vector<OpenInterval> ReadHours(const std::string& path, const toml::node& node,
                                    const std::string& key) {
    if (const auto* text = node.as_string())
        return Located(path, node, key, [&] { return ParseDayHours(text->get()); });
    if (const auto* list = node.as_array()) {
        std::vector<OpenInterval> hours;
        for (const toml::node& item : *list) {
            const auto* text = item.as_string();
            if (!text) Fail(path, item, key + " must list times as text, like \"09:00-12:00\"");
            for (const OpenInterval& i :
                 Located(path, item, key, [&] { return ParseDayHours(text->get()); }))
                hours.push_back(i);
        }
        return hours;
    }
    Fail(path, node, key + " must be text like \"09:00-18:00\" or \"closed\"");
}

Schedule ReadSchedule(const std::string& path, const toml::table& table) {
    Schedule s;
    for (const auto& [k, node] : table) {
        const std::string key(k.str());
        const std::string name = "schedule." + key;
        if (key == "mode") {
            const auto* text = node.as_string();
            if (!text) Fail(path, node, name + " must be \"hours\", \"always-open\" or \"closed\"");
            s.mode = Located(path, node, name, [&] { return ParseScheduleMode(text->get()); });
        } else if (key == "closed_dates") {
            const auto* list = node.as_array();
            if (!list) Fail(path, node, name + " must be a list like [\"2025-12-25\"]");
            for (const toml::node& item : *list) {
                const auto* text = item.as_string();
                if (!text) Fail(path, item, name + " must list dates as text, like \"2025-12-25\"");
                s.closed.push_back(
                    Located(path, item, name, [&] { return ParseDateRange(text->get()); }));
            }
        } else if (key == "dates") {
            const auto* dates = node.as_table();
            if (!dates)
                Fail(path, node, "[schedule.dates] must be a table of \"DATE\" = \"HOURS\"");
            for (const auto& [date_key, hours] : *dates) {
                const std::string date_name = "schedule.dates." + std::string(date_key.str());
                SpecialDay day;
                day.date =
                    Located(path, hours, date_name, [&] { return ParseDate(date_key.str()); });
                day.hours = ReadHours(path, hours, date_name);
                s.special.push_back(std::move(day));
            }
        } else {
            size_t d = 0;
            while (d < kWeekdays.size() && key != kWeekdays[d])
                ++d;
            if (d == kWeekdays.size())
                Fail(path, node,
                     "unknown key '" + key +
                         "' in [schedule]; use mode, monday ... sunday, closed_dates or "
                         "[schedule.dates]");
            s.week[d] = ReadHours(path, node, name);
        }
    }
    return s;
}

} // namespace

BoardConfig ReadBoardConfig(const std::string& path, const toml::table& t) {
    BoardConfig c;
    if (const toml::node* schedule = t.get("schedule")) {
        const auto* table = schedule->as_table();
        if (!table) Fail(path, *schedule, "schedule must be a [schedule] section");
        c.schedule = ReadSchedule(path, *table);
    }
    if (const toml::node* rotation = t.at_path("display.rotation").node()) {
        const std::optional<int64_t> v = rotation->value<int64_t>();
        if (!v || (*v != 0 && *v != 90 && *v != 180 && *v != 270))
            Fail(path, *rotation, "display.rotation must be 0, 90, 180 or 270");
        c.rotation = static_cast<int>(*v);
    }
    return c;
}

BoardConfig ParseBoardConfig(std::string_view toml_text, const std::string& path) {
    return ReadBoardConfig(path, ParseSettingsText(toml_text, path));
}

BoardConfig LoadBoardConfig(const std::string& path) {
    return ReadBoardConfig(path, ReadSettingsFile(path));
}

LocalTime SystemLocalTime(int64_t utc_s) {
    const time_t t = static_cast<time_t>(utc_s);
    std::tm tm{};
    if (!localtime_r(&t, &tm)) return {};
    return {tm.tm_year + 1900,
            tm.tm_mon + 1,
            tm.tm_mday,
            tm.tm_hour,
            tm.tm_min,
            tm.tm_sec,
            static_cast<int64_t>(tm.tm_gmtoff)};
}

} // namespace kiosk
