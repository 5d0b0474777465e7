#include "core/glyphs.h"

#include "core/i18n.h"
#include "core/text.h"

#include <cstdio>
#include <vector>

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
        for (const auto& v : p.videos)
            for (const auto& [lang, cues] : v.cues)
                for (const auto& cue : cues)
                    all += cue.text;
    }
    for (const auto& [lang, t] : ex.note)
        all += t;
    return all;
}

std::set<char32_t> GlyphsOnScreen(const Exhibit& exhibit) {
    // Marked in a bitmap, text by text: a large exhibit has megabytes of text
    // but a few hundred distinct letters. A set insert per letter was most of
    // an import's CPU time, and decoding all the text at once made a buffer
    // of four bytes a letter (7 MB for 1000 panels) whose release raises
    // glibc's mmap threshold for the kiosk's whole life, after which freed
    // image buffers stay resident (memory grew with the exhibit's size).
    std::vector<bool> seen(0x110000);
    for (char32_t c = 0x20; c <= 0xFF; ++c)
        seen[c] = true;
    auto mark = [&](std::string_view text) {
        for (char32_t c : DecodeUtf8(text))
            if (c < seen.size()) seen[c] = true;
    };
    for (const auto& [lang, t] : exhibit.title)
        mark(t);
    for (const auto& p : exhibit.panels) {
        for (const auto& [lang, t] : p.texts) {
            mark(t.title);
            mark(t.body);
        }
        for (const auto& im : p.images)
            for (const auto& [lang, c] : im.captions)
                mark(c);
        for (const auto& v : p.videos)
            for (const auto& [lang, cues] : v.cues)
                for (const auto& cue : cues)
                    mark(cue.text);
    }
    for (const auto& [lang, t] : exhibit.note)
        mark(t);
    mark(KioskOwnWords());
    std::set<char32_t> glyphs;
    for (char32_t c = 0x20; c < seen.size(); ++c)
        if (seen[c] && (c < 0x7F || c > 0x9F)) glyphs.insert(glyphs.end(), c);
    return glyphs;
}

std::string GlyphsText(const Exhibit& exhibit) {
    std::string out;
    for (char32_t c : GlyphsOnScreen(exhibit))
        AppendUtf8(out, c);
    return out;
}

} // namespace kiosk
