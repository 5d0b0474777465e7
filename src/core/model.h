// The exhibit as the kiosk sees it: plain values, loaded once from a package.
// Images are referred to by id; their pixels stay in the package until needed.
#pragma once

#include "core/subtitles.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk {

enum class ImageKind { Photo, Illustration, Map };

const char* ImageKindName(ImageKind kind); // "photo", "illustration", "map"
std::optional<ImageKind> ParseImageKind(const std::string& name);

struct PanelImage {
    int64_t image_id = 0;
    ImageKind kind = ImageKind::Photo;
    int width = 0; // of the stored, screen-sized image
    int height = 0;
    std::map<std::string, std::string> captions; // language -> caption
    // The same picture drawn for another language (a map with its place names
    // in that language): language -> image id, shown instead of `image_id`.
    std::map<std::string, int64_t> image_by_language;
};

struct PanelText {
    std::string title;
    std::string body; // Markdown-ish, see text.h
};

// A video on a panel (testimony, an animation), kept in the package as a
// media blob and played from there; labelled by kind like an image.
struct PanelVideo {
    int64_t media_id = 0;
    ImageKind kind = ImageKind::Photo; // photo: recorded footage
    std::string source_name;           // "video/testimony.mp4", for messages
    int width = 0;
    int height = 0;
    int64_t duration_ms = 0;
    std::map<std::string, int64_t> subtitles; // language -> media id of its subtitles
    // The subtitles read from the package (language -> cues), drawn by the
    // kiosk in its own fonts; a language whose file had problems has none.
    std::map<std::string, std::vector<SubtitleCue>> cues;
    // Its poster frame, an ordinary image of the package (screen-sized, with a
    // thumbnail) drawn on its tile and while it does not play; 0 = none.
    int64_t poster_image_id = 0;
};

// A panel's text read aloud in one language.
struct PanelNarration {
    int64_t media_id = 0;
    int64_t duration_ms = 0;
};

struct Panel {
    std::string id;                         // curator's id, e.g. "the-night"
    std::string date;                       // "", "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    std::map<std::string, PanelText> texts; // language -> text
    std::vector<PanelImage> images;
    std::vector<PanelVideo> videos;
    std::map<std::string, PanelNarration> narration; // language -> its narration
};

struct Exhibit {
    std::string id;
    int64_t version = 0;
    std::vector<std::string> languages; // switcher order
    std::string default_language;
    std::string fallback_language;            // "" when every language must be complete
    std::map<std::string, std::string> title; // language -> exhibit title
    int dwell_ms = 9000;
    int transition_ms = 1500;
    int screen_width = 1920; // images were scaled to fit this box
    int screen_height = 1080;
    std::vector<Panel> panels;
    std::vector<std::string> font_names; // fonts carried by the package
    // A short content note drawn on the home screen (what the exhibit
    // describes, who should visit with an adult): language -> text.
    std::map<std::string, std::string> note;
    // The narration is synthetic speech (no recorded voice may be invented):
    // the kiosk labels the Listen control "Synthetic voice".
    bool synthetic_narration = false;
};

// The text of a panel in `lang`, else in the exhibit's fallback language, else
// in its default language, else nullptr. `used_lang` (optional) receives the language actually
// returned.
const PanelText* TextFor(const Exhibit& exhibit, const Panel& panel, const std::string& lang,
                         std::string* used_lang = nullptr);

// A caption of an image in `lang`, else the fallback, else the default language, else "".
std::string CaptionFor(const Exhibit& exhibit, const PanelImage& image, const std::string& lang);

// The image of `image` to draw in `lang`: its own drawing for that language
// when it has one, else the image every language shares.
int64_t ImageIdFor(const PanelImage& image, const std::string& lang);

// The home screen's content note in `lang`, else the fallback, else the default
// language, else "" (an exhibit without a note).
std::string NoteFor(const Exhibit& exhibit, const std::string& lang);

// A panel shows its images, then its videos, one at a time: how many in all.
int PictureCount(const Panel& panel);
// The video at picture position `picture`, or nullptr (an image, or out of range).
const PanelVideo* VideoAt(const Panel& panel, int picture);
// The panel's narration in exactly `lang` (never another language's voice
// under this language's text), or nullptr.
const PanelNarration* NarrationFor(const Panel& panel, const std::string& lang);

// Whether any panel has a video or narration (else the media module is never loaded).
bool HasMedia(const Exhibit& exhibit);

// The exhibit title in `lang`, else the fallback, else the default language, else the id.
std::string TitleFor(const Exhibit& exhibit, const std::string& lang);

} // namespace kiosk
