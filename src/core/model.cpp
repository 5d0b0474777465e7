#include "core/model.h"

#include <algorithm>

namespace kiosk {

const char* ImageKindName(ImageKind kind) {
    switch (kind) {
    case ImageKind::Photo:
        return "photo";
    case ImageKind::Illustration:
        return "illustration";
    case ImageKind::Map:
        return "map";
    }
    return "photo";
}

std::optional<ImageKind> ParseImageKind(const std::string& name) {
    if (name == "photo") return ImageKind::Photo;
    if (name == "illustration") return ImageKind::Illustration;
    if (name == "map") return ImageKind::Map;
    return std::nullopt;
}

const PanelText* TextFor(const Exhibit& exhibit, const Panel& panel, const std::string& lang,
                         std::string* used_lang) {
    for (const std::string* l : {&lang, &exhibit.fallback_language, &exhibit.default_language}) {
        if (l->empty()) continue;
        auto it = panel.texts.find(*l);
        if (it != panel.texts.end()) {
            if (used_lang) *used_lang = *l;
            return &it->second;
        }
    }
    return nullptr;
}

std::string CaptionFor(const Exhibit& exhibit, const PanelImage& image, const std::string& lang) {
    for (const std::string* l : {&lang, &exhibit.fallback_language, &exhibit.default_language}) {
        auto it = image.captions.find(*l);
        if (it != image.captions.end()) return it->second;
    }
    return {};
}

int64_t ImageIdFor(const PanelImage& image, const std::string& lang) {
    auto it = image.image_by_language.find(lang);
    return it != image.image_by_language.end() ? it->second : image.image_id;
}

std::string NoteFor(const Exhibit& exhibit, const std::string& lang) {
    for (const std::string* l : {&lang, &exhibit.fallback_language, &exhibit.default_language}) {
        auto it = exhibit.note.find(*l);
        if (it != exhibit.note.end()) return it->second;
    }
    return {};
}

int PictureCount(const Panel& panel) {
    return static_cast<int>(panel.images.size() + panel.videos.size());
}

const PanelVideo* VideoAt(const Panel& panel, int picture) {
    const int k = picture - static_cast<int>(panel.images.size());
    if (k < 0 || k >= static_cast<int>(panel.videos.size())) return nullptr;
    return &panel.videos[static_cast<size_t>(k)];
}

const PanelNarration* NarrationFor(const Panel& panel, const std::string& lang) {
    const auto it = panel.narration.find(lang);
    return it == panel.narration.end() ? nullptr : &it->second;
}

bool HasMedia(const Exhibit& exhibit) {
    return std::any_of(exhibit.panels.begin(), exhibit.panels.end(),
                       [](const Panel& p) { return !p.videos.empty() || !p.narration.empty(); });
}

std::string TitleFor(const Exhibit& exhibit, const std::string& lang) {
    for (const std::string* l : {&lang, &exhibit.fallback_language, &exhibit.default_language}) {
        auto it = exhibit.title.find(*l);
        if (it != exhibit.title.end()) return it->second;
    }
    return exhibit.id;
}

} // namespace kiosk
