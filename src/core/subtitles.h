// Subtitles as the kiosk draws them (in its own fonts, not the player's):
// WebVTT and SRT read into timed cues, every problem with its line, and the
// clock text of the playback controls. Pure: no files, no player.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// A film of three hours has about 2000 cues; far more is a broken or hostile
// file that would only cost memory and search time.
constexpr size_t kMaxSubtitleCues = 10000;
constexpr size_t kMaxSubtitleBytes = 4u << 20;
constexpr size_t kMaxCueChars = 400;

struct SubtitleCue {
    int64_t start_ms = 0;
    int64_t end_ms = 0;
    std::string text; // plain text, lines joined with '\n', markup removed
    int line = 0;     // where the cue's timing line is in the file
};

struct SubtitleProblem {
    int line = 0; // 0: the whole file
    std::string what;
};

struct Subtitles {
    std::vector<SubtitleCue> cues; // in file order
    std::vector<SubtitleProblem> problems;
};

// Reads WebVTT (starts with "WEBVTT") or SRT (anything else). Reading stops
// with a problem at kMaxSubtitleCues or kMaxSubtitleBytes; a file that is not
// UTF-8 gets one problem naming the line. Never throws.
Subtitles ParseSubtitles(std::string_view text);

// The cue shown at `ms`, or nullptr. Cues are searched in order; overlapping
// cues show the one that started last.
const SubtitleCue* CueAt(const std::vector<SubtitleCue>& cues, int64_t ms);

// "1:05" or "1:02:05" for a time in milliseconds (rounded down to seconds).
std::string FormatMediaTime(int64_t ms);

} // namespace kiosk
