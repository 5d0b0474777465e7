// The rules a package's media keep, for kiosk-pack build (with the source
// file's name) and the package's deep check (kiosk-pack check, the import):
// one place, so a package that builds is one the kiosk takes.
#pragma once

#include "core/subtitles.h"
#include "media/probe.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Subtitles against the video they belong to: parse problems, cues running
// past the video's end. Each message starts with `where` and, when the
// problem has one, " line N".
std::vector<std::string> SubtitleProblems(const Subtitles& subtitles, int64_t video_duration_ms,
                                          const std::string& where);

// A video whose picture is larger than the screen the package is made for
// (every frame would be scaled down on the board, costing decode time), or "".
std::string VideoSizeProblem(const MediaInfo& info, int screen_width, int screen_height);

// A file meant as a video has a picture; narration has sound and no moving
// picture. "" when the role fits.
std::string RoleProblem(const MediaInfo& info, std::string_view role);

} // namespace kiosk
