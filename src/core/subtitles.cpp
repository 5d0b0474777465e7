#include "core/subtitles.h"

#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace kiosk {

namespace {

std::string_view TrimView(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// "01:02:03.456", "02:03.456" (WebVTT) or "01:02:03,456" (SRT) -> ms; -1 when
// it is not a time.
int64_t ParseTime(std::string_view s) {
    int64_t parts[3] = {0, 0, 0};
    int n = 0;
    size_t i = 0;
    for (;;) {
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
        int64_t v = 0;
        size_t digits = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 6) {
            v = v * 10 + (s[i] - '0');
            ++i;
            ++digits;
        }
        if (n >= 3) return -1;
        parts[n++] = v;
        if (i < s.size() && s[i] == ':') {
            ++i;
            continue;
        }
        break;
    }
    if (n < 2 || i >= s.size() || (s[i] != '.' && s[i] != ',')) return -1;
    ++i;
    if (s.size() - i != 3) return -1;
    int64_t frac = 0;
    for (; i < s.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
        frac = frac * 10 + (s[i] - '0');
    }
    const int64_t h = n == 3 ? parts[0] : 0, m = parts[n - 2], sec = parts[n - 1];
    if (m > 59 || sec > 59) return -1;
    return ((h * 60 + m) * 60 + sec) * 1000 + frac;
}

// WebVTT/SRT inline markup (<i>, <b>, <c.x>, <v Name>, timestamps) carries no
// words; the kiosk's own style replaces it.
std::string StripTags(std::string_view s) {
    std::string out;
    bool in_tag = false;
    for (char c : s) {
        if (c == '<')
            in_tag = true;
        else if (c == '>' && in_tag)
            in_tag = false;
        else if (!in_tag)
            out += c;
    }
    for (auto [from, to] : {std::pair{"&amp;", "&"}, std::pair{"&lt;", "<"}, std::pair{"&gt;", ">"},
                            std::pair{"&nbsp;", "\xC2\xA0"}}) {
        for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at)) {
            out.replace(at, std::string_view(from).size(), to);
            at += std::string_view(to).size();
        }
    }
    return out;
}

} // namespace

Subtitles ParseSubtitles(std::string_view text) {
    Subtitles out;
    if (text.size() > kMaxSubtitleBytes) {
        out.problems.push_back({0, "the file is " + std::to_string(text.size() >> 10) +
                                       " KB, more than the " +
                                       std::to_string(kMaxSubtitleBytes >> 20) +
                                       " MB subtitles may take; it is not a subtitle file"});
        return out;
    }
    if (auto bad = FindInvalidUtf8(text)) {
        const int line = static_cast<int>(std::count(
                             text.begin(), text.begin() + static_cast<long>(*bad), '\n')) +
                         1;
        out.problems.push_back({line, "the text is not UTF-8; save the file as UTF-8"});
        return out;
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const bool vtt = text.substr(0, 6) == "WEBVTT";

    std::vector<std::string_view> lines;
    for (size_t start = 0; start <= text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(TrimView(text.substr(start, end - start)));
        start = end + 1;
    }
    size_t i = vtt ? 1 : 0;
    if (vtt) // the header block may carry settings up to the first blank line
        while (i < lines.size() && !lines[i].empty())
            ++i;
    while (i < lines.size()) {
        if (lines[i].empty()) {
            ++i;
            continue;
        }
        // A block: optional id line, a timing line, text lines up to a blank line.
        size_t block_end = i;
        while (block_end < lines.size() && !lines[block_end].empty())
            ++block_end;
        const std::string_view first = lines[i];
        if (vtt && (first.substr(0, 4) == "NOTE" || first.substr(0, 5) == "STYLE" ||
                    first.substr(0, 6) == "REGION")) {
            i = block_end;
            continue;
        }
        size_t timing = i;
        if (first.find("-->") == std::string_view::npos && i + 1 < block_end) timing = i + 1;
        const std::string_view tl = lines[timing];
        const int line_no = static_cast<int>(timing) + 1;
        const size_t arrow = tl.find("-->");
        if (arrow == std::string_view::npos) {
            out.problems.push_back(
                {line_no, "a cue needs a time line like 00:00:01.000 --> 00:00:04.000"});
            i = block_end;
            continue;
        }
        std::string_view end_part = TrimView(tl.substr(arrow + 3));
        if (const size_t sp = end_part.find_first_of(" \t"); sp != std::string_view::npos)
            end_part = end_part.substr(0, sp); // WebVTT cue settings follow
        const int64_t start = ParseTime(TrimView(tl.substr(0, arrow)));
        const int64_t end = ParseTime(end_part);
        if (start < 0 || end < 0) {
            out.problems.push_back(
                {line_no, "the times must be written 00:01:02" + std::string(vtt ? "." : ",") +
                              "500 (hours:minutes:seconds" + (vtt ? "." : ",") + "milliseconds)"});
            i = block_end;
            continue;
        }
        if (end <= start) {
            out.problems.push_back({line_no, "the cue ends before it starts"});
            i = block_end;
            continue;
        }
        std::string body;
        for (size_t k = timing + 1; k < block_end; ++k)
            body += (body.empty() ? "" : "\n") + StripTags(lines[k]);
        if (Utf8Length(body) > kMaxCueChars) {
            out.problems.push_back({line_no, "the cue's text is longer than " +
                                                 std::to_string(kMaxCueChars) +
                                                 " characters; nobody can read it in time"});
        } else if (!body.empty()) {
            if (out.cues.size() >= kMaxSubtitleCues) {
                out.problems.push_back({line_no, "the file has more than " +
                                                     std::to_string(kMaxSubtitleCues) +
                                                     " cues; it is not subtitles for one video"});
                return out;
            }
            out.cues.push_back({start, end, std::move(body), line_no});
        }
        i = block_end;
    }
    if (out.cues.empty() && out.problems.empty())
        out.problems.push_back({0, "the file holds no subtitles"});
    return out;
}

const SubtitleCue* CueAt(const std::vector<SubtitleCue>& cues, int64_t ms) {
    const SubtitleCue* found = nullptr;
    for (const auto& c : cues)
        if (c.start_ms <= ms && ms < c.end_ms && (!found || c.start_ms >= found->start_ms))
            found = &c;
    return found;
}

std::string FormatMediaTime(int64_t ms) {
    if (ms < 0) ms = 0;
    const int64_t s = ms / 1000;
    char buf[32];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60),
                      static_cast<long long>(s % 60));
    return buf;
}

} // namespace kiosk
