#include "core/glyphs.h"

#include "core/i18n.h"
#include "core/text.h"

#include <cstdio>

namespace kiosk {

std::string KioskOwnWords() {
    std::string words = "0123456789 .,:;!?()[]/-–—‘’“”«»…·•≈°";
    for (const auto& lang : KnownLanguages()) {
        words += NativeLanguageName(lang);
        if (!HasUiTranslation(lang)) continue;
        for (int i = 0; i < static_cast<int>(UiText::Count_); ++i)
            words += Tr(static_cast<UiText>(i), lang);
        for (int m = 1; m <= 12; ++m) {
            char iso[16];
            std::snprintf(iso, sizeof iso, "2000-%02d-01", m);
            words += FormatDate(iso, lang);
            words += FormatDate(std::string(iso).substr(0, 7), lang);
        }
    }
    return words;
}

std::string ExhibitText(const Exhibit& ex) {
    std::string all;
    for (const auto& [lang, t] : ex.title)
        all += t;
    for (const auto& p : ex.panels) {
        for (const auto& [lang, t] : p.texts)
            all += t.title + t.body;
        for (const auto& im : p.images)
            for (const auto& [lang, c] : im.captions)
                all += c;
    }
    for (const auto& [lang, t] : ex.note)
        all += t;
    return all;
}

std::set<char32_t> GlyphsOnScreen(const Exhibit& exhibit) {
    std::set<char32_t> glyphs;
    for (char32_t c = 0x20; c <= 0xFF; ++c)
        if (c < 0x7F || c > 0x9F) glyphs.insert(c);
    for (const std::string& text : {ExhibitText(exhibit), KioskOwnWords()})
        for (char32_t c : DecodeUtf8(text))
            if (c >= 0x20 && (c < 0x7F || c > 0x9F)) glyphs.insert(c);
    return glyphs;
}

} // namespace kiosk
