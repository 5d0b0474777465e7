#include "core/script.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace kiosk {

namespace {

constexpr int64_t kTapMs = 60;      // finger down to finger up
constexpr int64_t kDragStepMs = 16; // pointer samples during a drag

[[noreturn]] void Fail(int line, const std::string& what) {
    throw ConfigError("script line " + std::to_string(line) + ": " + what);
}

double Number(std::istringstream& in, int line, const char* what) {
    std::string tok;
    if (!(in >> tok)) Fail(line, std::string("missing ") + what);
    try {
        size_t used = 0;
        const double v = std::stod(tok, &used);
        if (used != tok.size() || !std::isfinite(v)) throw std::invalid_argument(tok);
        return v;
    } catch (const std::exception&) {
        Fail(line, std::string(what) + " must be a number, not '" + tok + "'");
    }
}

int64_t Ms(double seconds) {
    return static_cast<int64_t>(std::llround(seconds * 1000.0));
}

} // namespace

std::vector<ScriptStep> ParseScript(std::string_view text) {
    // Screens, and what plays: playing, paused or stopped (video and narration).
    static const std::set<std::string> kStates{"attract",     "home",    "panel",  "still-there",
                                               "unavailable", "playing", "paused", "stopped"};
    std::vector<ScriptStep> steps;
    std::istringstream lines{std::string(text)};
    std::string raw;
    int line = 0;
    int64_t last_t = 0;
    int64_t last_pointer_end = 0;
    while (std::getline(lines, raw)) {
        ++line;
        if (auto hash = raw.find('#'); hash != std::string::npos) raw.erase(hash);
        std::istringstream in(raw);
        std::string first;
        if (!(in >> first)) continue;
        std::istringstream tin(first);
        const double t = Number(tin, line, "the time");
        if (t < 0) Fail(line, "the time must not be negative");
        if (t > 1e7) Fail(line, "the time is too large (at most 10,000,000 seconds)");
        const int64_t t_ms = Ms(t);
        if (t_ms < last_t) Fail(line, "the time goes backwards; lines must be in time order");
        last_t = t_ms;
        std::string cmd;
        if (!(in >> cmd)) Fail(line, "a command must follow the time");
        auto pointer = [&](PointerEvent::Type type, double x, double y, int64_t at) {
            // Drags expand into samples; a bound keeps a long script's memory
            // flat (3000 one-minute drags would otherwise take 1.5 GB).
            if (steps.size() >= kMaxScriptSteps)
                Fail(line,
                     "the script needs more than " + std::to_string(kMaxScriptSteps) +
                         " steps (a drag makes one every 16 ms); split it into shorter scripts");
            // One finger: a tap or drag may not start before the previous one ended.
            if (type == PointerEvent::Type::Down && at < last_pointer_end)
                Fail(line, "this touch starts before the previous tap or drag has ended");
            last_pointer_end = std::max(last_pointer_end, at);
            ScriptStep s;
            s.type = ScriptStep::Type::Pointer;
            s.t_ms = at;
            s.pointer = {type, x, y, at};
            s.line = line;
            steps.push_back(s);
        };
        if (cmd == "tap") {
            const double x = Number(in, line, "X"), y = Number(in, line, "Y");
            pointer(PointerEvent::Type::Down, x, y, t_ms);
            pointer(PointerEvent::Type::Up, x, y, t_ms + kTapMs);
        } else if (cmd == "drag") {
            const double x1 = Number(in, line, "X1"), y1 = Number(in, line, "Y1");
            const double x2 = Number(in, line, "X2"), y2 = Number(in, line, "Y2");
            const double secs = Number(in, line, "SECONDS");
            if (secs <= 0 || secs > 60)
                Fail(line, "a drag lasts more than 0 and at most 60 seconds");
            const int64_t dur = std::max<int64_t>(kDragStepMs, Ms(secs));
            pointer(PointerEvent::Type::Down, x1, y1, t_ms);
            for (int64_t dt = kDragStepMs; dt < dur; dt += kDragStepMs) {
                const double f = static_cast<double>(dt) / static_cast<double>(dur);
                pointer(PointerEvent::Type::Move, x1 + (x2 - x1) * f, y1 + (y2 - y1) * f,
                        t_ms + dt);
            }
            pointer(PointerEvent::Type::Move, x2, y2, t_ms + dur);
            pointer(PointerEvent::Type::Up, x2, y2, t_ms + dur);
        } else if (cmd == "key" || cmd == "shot" || cmd == "expect") {
            ScriptStep s;
            s.type = cmd == "key"    ? ScriptStep::Type::Key
                     : cmd == "shot" ? ScriptStep::Type::Shot
                                     : ScriptStep::Type::Expect;
            s.t_ms = t_ms;
            s.line = line;
            if (!(in >> s.name)) Fail(line, cmd + " needs a name");
            if (s.type == ScriptStep::Type::Shot &&
                s.name.find_first_not_of(
                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") !=
                    std::string::npos)
                Fail(line, "a shot name may use only letters, digits, '-', '_' and '.'");
            if (s.type == ScriptStep::Type::Expect && !kStates.count(s.name))
                Fail(line, "unknown state '" + s.name +
                               "'; use attract, home, panel, still-there, unavailable, playing, "
                               "paused or stopped");
            steps.push_back(s);
        } else if (cmd == "quit") {
            ScriptStep s;
            s.type = ScriptStep::Type::Quit;
            s.t_ms = t_ms;
            s.line = line;
            steps.push_back(s);
        } else {
            Fail(line, "unknown command '" + cmd + "'; use tap, drag, key, shot, expect or quit");
        }
        std::string extra;
        if (in >> extra) Fail(line, "unexpected '" + extra + "' at the end of the line");
    }
    // A drag may overlap later lines; keep every step in time order (stable:
    // lines at the same time keep their order).
    std::stable_sort(steps.begin(), steps.end(),
                     [](const ScriptStep& a, const ScriptStep& b) { return a.t_ms < b.t_ms; });
    return steps;
}

} // namespace kiosk
