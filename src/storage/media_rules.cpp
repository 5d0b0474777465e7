#include "storage/media_rules.h"

#include "storage/validate.h"

namespace kiosk {

std::vector<std::string> SubtitleProblems(const Subtitles& subtitles, int64_t video_duration_ms,
                                          const std::string& where) {
    std::vector<std::string> out;
    auto at = [&](int line) { return line > 0 ? where + " line " + std::to_string(line) : where; };
    for (const auto& p : subtitles.problems)
        out.push_back(at(p.line) + ": " + p.what);
    // A cue may end a little after the last frame (players hold it); past a
    // second it was timed for another cut of the video.
    for (const auto& c : subtitles.cues) {
        if (c.end_ms > video_duration_ms + 1000) {
            out.push_back(at(c.line) + ": this cue runs until " + FormatMediaTime(c.end_ms) +
                          ", but the video ends at " + FormatMediaTime(video_duration_ms) +
                          "; the subtitles are timed for another version of the video");
            break; // one is enough: every later cue is likely late too
        }
    }
    return out;
}

std::string VideoSizeProblem(const MediaInfo& info, int screen_width, int screen_height) {
    if (!info.HasVideo()) return "";
    if (info.width <= MaxImageSide(screen_width) && info.height <= MaxImageSide(screen_height))
        return "";
    return "its picture is " + std::to_string(info.width) + "x" + std::to_string(info.height) +
           " pixels, larger than the " + std::to_string(screen_width) + "x" +
           std::to_string(screen_height) + " screen the exhibit is made for; export it at " +
           std::to_string(screen_width) + "x" + std::to_string(screen_height) + " or smaller";
}

std::string RoleProblem(const MediaInfo& info, std::string_view role) {
    if (role == "video" && !info.HasVideo())
        return "it has no picture; a file with only sound belongs in audio/LANG/PANEL-ID as "
               "narration";
    if (role == "narration" && info.HasVideo())
        return "it has a moving picture; narration is sound only (M4A, Ogg, Opus or MP3), a "
               "video goes in exhibit.toml as [[panel.video]]";
    if (role == "narration" && !info.HasAudio()) return "it has no sound";
    return "";
}

} // namespace kiosk
