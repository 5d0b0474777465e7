// [SECTION] Reading exhibit.toml
// [SECTION] Reading text files
// [SECTION] Preparing images
// [SECTION] Writing the package
// [SECTION] Summaries

#include "tools/pack/pack.h"

#include "core/error.h"
#include "core/glyphs.h"
#include "core/i18n.h"
#include "core/subtitles.h"
#include "core/text.h"
#include "media/image.h"
#include "media/source_image.h"
#include "storage/package.h"
#include "storage/validate.h"
#include "tools/pack/media.h"
#include "tools/pack/screen_image.h"

#include <toml++/toml.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace kiosk {

namespace {

// Where a problem is: "kiosk-content/exhibit.toml line 12".
std::string At(const fs::path& file, int line) {
    std::string s = file.string();
    if (line > 0) s += " line " + std::to_string(line);
    return s;
}

int LineOf(const toml::node* node) {
    return node ? static_cast<int>(node->source().begin.line) : 0;
}

bool ReadFile(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return !in.bad();
}

std::string JoinCodes(const std::vector<std::string>& codes) {
    std::string s;
    for (const auto& c : codes)
        s += (s.empty() ? "" : ", ") + c;
    return s;
}

// Below this many pixels on its short side a picture cannot fill a tile.
constexpr int kSmallestUsefulSide = 16;

// The TOML parser speaks of the grammar ("unescaped control characters other
// than TAB"); the curator needs what they did and how to fix it.
std::string TomlProblemInWords(std::string_view d) {
    auto has = [&](std::string_view s) { return d.find(s) != std::string_view::npos; };
    if (has("control character") || has("encountered end-of-file") ||
        has("multi-line strings are prohibited"))
        return "a quote is not closed on this line: text in quotes must end with \" on the same "
               "line (for text over several lines, put it between three quotes \"\"\" … "
               "\"\"\")";
    if (has("cannot redefine"))
        return "this name or [section] was already set above; keep only one of them";
    if (has("expected '=', saw"))
        return "this line must read name = value; the '=' is missing, or the name has a space "
               "or another character in it that needs quotes";
    if (has("expected value, saw") || has("could not determine value type") ||
        has("expected bare key starting character"))
        return "after '=' comes a value: text in quotes (\"…\"), a number, true/false, or a "
               "list in [ ]; text without quotes is the usual cause";
    if (has("expected comma or closing ']'") || has("expected value or closing ']'"))
        return "a list is not right: items are separated by commas and the list ends with ]";
    if (has("expected ']'"))
        return "a [section] or [[panel]] name is not closed with ] (or ]] for [[panel]])";
    if (has("escape sequence"))
        return "a backslash (\\) in quoted text starts a special character; write \\\\ for "
               "a backslash itself, or put the text in single quotes '…'";
    if (has("leading zeroes")) return "a number must not start with 0 (write 7, not 07)";
    if (has("digit day") || has("digit month") || has("digit year") || has("between 1 and 12") ||
        has("expected day"))
        return "a date is not right; write it in quotes as \"YYYY-MM-DD\", e.g. \"1992-02-26\"";
    if (has("expected keys, tables") || has("expected a comment or whitespace") ||
        has("value-terminator"))
        return "something unexpected follows on this line: each line holds one name = value "
               "(text in quotes), a [section] or a comment starting with #";
    if (has("closing '}'"))
        return "a { … } group is not right: name = value pairs separated by commas, on one line";
    return "exhibit.toml cannot be read here (" + std::string(d) +
           "); check the quotes, brackets and '=' signs";
}

struct ImageSource {
    std::string file; // as written in exhibit.toml, relative to the source folder
    fs::path path;
    int line = 0;
    int64_t id = 0; // after writing
};

struct Plan {
    Exhibit exhibit;
    std::vector<ImageSource> images;                  // unique files
    std::vector<std::vector<size_t>> panel_image_src; // per panel: index into images
    // per panel, per image: language -> index into images (its own drawing)
    std::vector<std::vector<std::map<std::string, size_t>>> panel_image_by_language;
    std::vector<fs::path> fonts;
    std::set<std::string> missing_images; // reported already; captions naming them are fine
};

class Builder {
  public:
    Builder(fs::path src, BuildResult& result) : m_src(std::move(src)), m_result(result) {}

    void Problem(const std::string& where, const std::string& what) {
        m_result.problems.push_back(where + ": " + what);
    }

    // [SECTION] Reading exhibit.toml -------------------------------------
    bool ReadManifest(Plan& plan) {
        const fs::path manifest = m_src / "exhibit.toml";
        m_manifest = manifest;
        if (!fs::is_directory(m_src)) {
            Problem(m_src.string(), "this folder does not exist");
            return false;
        }
        if (!fs::is_regular_file(manifest)) {
            Problem(manifest.string(), "not found; every exhibit folder needs an exhibit.toml "
                                       "(see kiosk-content/README.md)");
            return false;
        }
        std::string raw;
        if (!ReadFile(manifest, raw)) {
            Problem(manifest.string(), "cannot be read");
            return false;
        }
        if (auto bad = FindInvalidUtf8(raw)) {
            const int line = static_cast<int>(std::count(
                                 raw.begin(), raw.begin() + static_cast<long>(*bad), '\n')) +
                             1;
            Problem(At(manifest, line), "the text is not valid UTF-8; save the file as UTF-8");
            return false;
        }
        toml::table tbl;
        try {
            tbl = toml::parse(raw, manifest.string());
        } catch (const toml::parse_error& e) {
            Problem(At(manifest, static_cast<int>(e.source().begin.line)),
                    TomlProblemInWords(e.description()));
            return false;
        }
        Exhibit& ex = plan.exhibit;

        const auto* id = tbl.get_as<std::string>("id");
        if (!id || !IsValidId(id->get()))
            Problem(
                At(manifest, LineOf(tbl.get("id"))),
                "'id' must be set to lower-case letters, digits and '-', e.g. id = \"my-exhibit\"");
        else
            ex.id = id->get();

        const auto* version = tbl.get_as<int64_t>("version");
        if (!version || !VersionProblem(version->get()).empty())
            Problem(At(manifest, LineOf(tbl.get("version"))),
                    "'version' must be a whole number from 1 to " +
                        std::to_string(kMaxExhibitVersion) +
                        ", e.g. version = 1; raise it with every new edition");
        else
            ex.version = version->get();

        const auto* langs = tbl.get_as<toml::array>("languages");
        if (!langs || langs->empty()) {
            Problem(
                At(manifest, LineOf(tbl.get("languages"))),
                "'languages' must list the exhibit's languages, e.g. languages = [\"en\", \"az\"]");
        } else {
            for (const auto& node : *langs) {
                const auto* code = node.as_string();
                if (!code || !IsKnownLanguage(code->get())) {
                    Problem(At(manifest, LineOf(&node)),
                            "unknown language " +
                                (code ? "'" + code->get() + "'" : std::string("value")) +
                                "; use one of: " + JoinCodes(KnownLanguages()));
                    continue;
                }
                if (std::find(ex.languages.begin(), ex.languages.end(), code->get()) !=
                    ex.languages.end()) {
                    Problem(At(manifest, LineOf(&node)),
                            "language '" + code->get() + "' is listed twice");
                    continue;
                }
                ex.languages.push_back(code->get());
                if (!HasUiTranslation(code->get()))
                    m_result.notes.push_back("the kiosk's own buttons are not translated into '" +
                                             code->get() + "'; they will be shown in English");
            }
        }
        auto is_lang = [&](const std::string& l) {
            return std::find(ex.languages.begin(), ex.languages.end(), l) != ex.languages.end();
        };
        const auto* def = tbl.get_as<std::string>("default_language");
        if (!ex.languages.empty()) {
            if (!def)
                ex.default_language = ex.languages.front();
            else if (!is_lang(def->get()))
                Problem(At(manifest, LineOf(def)),
                        "default_language '" + def->get() + "' is not in 'languages'");
            else
                ex.default_language = def->get();
        }
        if (const auto* fb = tbl.get_as<std::string>("fallback_language")) {
            if (!is_lang(fb->get()))
                Problem(At(manifest, LineOf(fb)),
                        "fallback_language '" + fb->get() + "' is not in 'languages'");
            else
                ex.fallback_language = fb->get();
        }

        const auto* title = tbl.get_as<toml::table>("title");
        if (!title) {
            Problem(At(manifest, 0), "a [title] table is missing; give the exhibit's title in "
                                     "each language, e.g. [title] en = \"…\"");
        } else {
            for (const auto& [key, node] : *title) {
                const std::string lang(key.str());
                const auto* text = node.as_string();
                if (!is_lang(lang)) {
                    Problem(At(manifest, LineOf(&node)),
                            "title for '" + lang + "', which is not in 'languages'");
                } else if (!text || Trim(text->get()).empty()) {
                    Problem(At(manifest, LineOf(&node)), "the title in '" + lang + "' is empty");
                } else if (Utf8Length(text->get()) > kMaxTitleChars) {
                    Problem(At(manifest, LineOf(&node)),
                            "the title in '" + lang + "' is longer than " +
                                std::to_string(kMaxTitleChars) + " characters");
                } else {
                    ex.title[lang] = Trim(text->get());
                }
            }
            for (const auto& lang : ex.languages)
                if (!ex.title.count(lang) && ex.fallback_language.empty())
                    Problem(At(manifest, LineOf(title)),
                            "the [title] has no '" + lang +
                                "' entry; add one or set fallback_language");
        }

        if (const auto* attract = tbl.get_as<toml::table>("attract")) {
            ReadSeconds(*attract, "dwell_s", 1, 600, ex.dwell_ms);
            ReadSeconds(*attract, "transition_s", 0, 10, ex.transition_ms);
        }
        if (const auto* note = tbl.get("note")) ReadNote(*note, ex, is_lang);
        if (const auto* screen = tbl.get_as<toml::table>("screen")) {
            for (auto [key, out] :
                 {std::pair{"width", &ex.screen_width}, std::pair{"height", &ex.screen_height}}) {
                if (const auto* node = screen->get(key)) {
                    const auto* v = node->as_integer();
                    if (!v || v->get() < 320 || v->get() > 8192)
                        Problem(At(manifest, LineOf(node)),
                                std::string("screen ") + key +
                                    " must be a number of pixels between 320 and 8192");
                    else
                        *out = static_cast<int>(v->get());
                }
            }
        }

        const toml::node* panels_node = tbl.get("panel");
        const auto* panels = panels_node ? panels_node->as_array() : nullptr;
        if (panels_node && !panels)
            Problem(At(manifest, LineOf(panels_node)),
                    "panels must be written as [[panel]] blocks");
        if (!panels || panels->empty()) {
            Problem(manifest.string(),
                    "the exhibit has no panels; add at least one [[panel]] block");
            return false;
        }
        std::map<std::string, int> first_line;
        std::map<std::string, size_t> image_index;
        for (const auto& node : *panels) {
            const auto* pt = node.as_table();
            const int pline = LineOf(&node);
            if (!pt) {
                Problem(At(manifest, pline), "each panel must be a [[panel]] block");
                continue;
            }
            Panel p;
            const auto* pid = pt->get_as<std::string>("id");
            if (!pid || !IsValidId(pid->get())) {
                Problem(At(manifest, pline),
                        "each [[panel]] needs an id of lower-case letters, digits "
                        "and '-', e.g. id = \"the-night\"");
                continue;
            }
            p.id = pid->get();
            if (auto it = first_line.find(p.id); it != first_line.end()) {
                Problem(At(manifest, LineOf(pid)),
                        "duplicate panel id '" + p.id + "' (first used on line " +
                            std::to_string(it->second) + "); every panel needs its own id");
                continue;
            }
            first_line[p.id] = LineOf(pid);
            if (const auto* date = pt->get("date")) {
                const auto* ds = date->as_string();
                if (!ds || !IsValidPartialDate(ds->get()))
                    Problem(At(manifest, LineOf(date)),
                            "the date of panel '" + p.id +
                                "' must be written YYYY, YYYY-MM or YYYY-MM-DD, "
                                "e.g. date = \"1992-02-26\"");
                else
                    p.date = ds->get();
            }
            std::vector<size_t> srcs;
            std::vector<std::map<std::string, size_t>> by_lang;
            if (const auto* imgs_node = pt->get("image")) {
                const auto* imgs = imgs_node->as_array();
                if (!imgs) {
                    Problem(At(manifest, LineOf(imgs_node)),
                            "images must be written as [[panel.image]] blocks");
                } else {
                    for (const auto& in : *imgs) {
                        const auto* it = in.as_table();
                        const auto* file = it ? it->get_as<std::string>("file") : nullptr;
                        if (!file) {
                            Problem(At(manifest, LineOf(&in)),
                                    "each [[panel.image]] needs file = \"images/…\"");
                            continue;
                        }
                        PanelImage pi;
                        const auto* kind_node = it->get_as<std::string>("kind");
                        auto kind = ParseImageKind(kind_node ? kind_node->get() : "photo");
                        if (!kind) {
                            Problem(At(manifest, LineOf(kind_node)),
                                    "image kind '" + kind_node->get() +
                                        "' is unknown; use photo, illustration or map");
                            continue;
                        }
                        pi.kind = *kind;
                        const std::string rel = file->get();
                        const fs::path full = m_src / rel;
                        const fs::path norm = full.lexically_normal();
                        if (rel.empty() || fs::path(rel).is_absolute() ||
                            rel.find("..") != std::string::npos) {
                            Problem(At(manifest, LineOf(file)),
                                    "image file '" + rel +
                                        "' must be a path inside the exhibit folder");
                            continue;
                        }
                        if (!fs::is_regular_file(norm)) {
                            Problem(At(manifest, LineOf(file)),
                                    "image file '" + rel +
                                        "' is missing; check the name and the folder");
                            plan.missing_images.insert(rel);
                            continue;
                        }
                        auto [pos, inserted] = image_index.try_emplace(rel, plan.images.size());
                        if (inserted) plan.images.push_back({rel, norm, LineOf(file), 0});
                        srcs.push_back(pos->second);
                        p.images.push_back(pi);
                        by_lang.push_back(ReadImageByLanguage(it->get("by_language"), plan,
                                                              image_index, is_lang));
                    }
                }
            }
            plan.exhibit.panels.push_back(std::move(p));
            plan.panel_image_src.push_back(std::move(srcs));
            plan.panel_image_by_language.push_back(std::move(by_lang));
        }
        if (plan.exhibit.panels.size() > static_cast<size_t>(kMaxPanels))
            Problem(manifest.string(),
                    "the exhibit has more than " + std::to_string(kMaxPanels) + " panels");
        return true;
    }

    // [note] en = "…": the home screen's content note, one short text per language.
    template <typename IsLang>
    void ReadNote(const toml::node& node, Exhibit& ex, const IsLang& is_lang) {
        const auto* note = node.as_table();
        if (!note) {
            Problem(At(m_manifest, LineOf(&node)),
                    "the content note must be a [note] table with one text per language, "
                    "e.g. en = \"…\"");
            return;
        }
        for (const auto& [key, value] : *note) {
            const std::string lang(key.str());
            const auto* text = value.as_string();
            if (!is_lang(lang))
                Problem(At(m_manifest, LineOf(&value)),
                        "content note for '" + lang + "', which is not in 'languages'");
            else if (!text || Trim(text->get()).empty())
                Problem(At(m_manifest, LineOf(&value)),
                        "the content note in '" + lang + "' is empty");
            else if (Utf8Length(text->get()) > kMaxNoteChars)
                Problem(At(m_manifest, LineOf(&value)),
                        "the content note in '" + lang + "' is longer than " +
                            std::to_string(kMaxNoteChars) + " characters; shorten it");
            else
                ex.note[lang] = Trim(text->get());
        }
    }

    // [panel.image.by_language] az = "images/…": the same picture drawn for
    // another language (a map with its place names in that language).
    template <typename IsLang>
    std::map<std::string, size_t> ReadImageByLanguage(const toml::node* node, Plan& plan,
                                                      std::map<std::string, size_t>& image_index,
                                                      const IsLang& is_lang) {
        std::map<std::string, size_t> out;
        if (!node) return out;
        const auto* table = node->as_table();
        if (!table) {
            Problem(At(m_manifest, LineOf(node)),
                    "by_language must be a table of files per language, e.g. "
                    "by_language = { az = \"images/map-az.png\" }");
            return out;
        }
        for (const auto& [key, value] : *table) {
            const std::string lang(key.str());
            const auto* file = value.as_string();
            const std::string rel = file ? file->get() : "";
            if (!is_lang(lang)) {
                Problem(At(m_manifest, LineOf(&value)),
                        "an image for '" + lang + "', which is not in 'languages'");
                continue;
            }
            if (rel.empty() || fs::path(rel).is_absolute() || rel.find("..") != std::string::npos) {
                Problem(At(m_manifest, LineOf(&value)),
                        "image file '" + rel + "' must be a path inside the exhibit folder");
                continue;
            }
            const fs::path norm = (m_src / rel).lexically_normal();
            if (!fs::is_regular_file(norm)) {
                Problem(At(m_manifest, LineOf(&value)),
                        "image file '" + rel + "' is missing; check the name and the folder");
                plan.missing_images.insert(rel);
                continue;
            }
            auto [pos, inserted] = image_index.try_emplace(rel, plan.images.size());
            if (inserted) plan.images.push_back({rel, norm, LineOf(&value), 0});
            out[lang] = pos->second;
        }
        return out;
    }

    void ReadSeconds(const toml::table& t, const char* key, double lo, double hi, int& out_ms) {
        const toml::node* node = t.get(key);
        if (!node) return;
        std::optional<double> v = node->value<double>();
        if (!v || *v < lo || *v > hi) {
            Problem(At(m_manifest, LineOf(node)),
                    std::string(key) + " must be a number of seconds from " +
                        std::to_string(static_cast<int>(lo)) + " to " +
                        std::to_string(static_cast<int>(hi)));
            return;
        }
        out_ms = static_cast<int>(*v * 1000.0 + 0.5);
    }

    // [SECTION] Reading text files ---------------------------------------
    void ReadTexts(Plan& plan) {
        Exhibit& ex = plan.exhibit;
        const fs::path text_dir = m_src / "text";
        // Folders or files that match nothing are mistakes (a typo in a name
        // would otherwise silently hide a text).
        if (fs::is_directory(text_dir)) {
            for (const auto& entry : fs::directory_iterator(text_dir)) {
                const std::string lang = entry.path().filename().string();
                if (!entry.is_directory()) continue;
                if (std::find(ex.languages.begin(), ex.languages.end(), lang) ==
                    ex.languages.end()) {
                    Problem(entry.path().string(), "'" + lang +
                                                       "' is not one of the exhibit's languages (" +
                                                       JoinCodes(ex.languages) +
                                                       "); add it to 'languages' in "
                                                       "exhibit.toml or remove the folder");
                    continue;
                }
                for (const auto& f : fs::directory_iterator(entry.path())) {
                    const std::string stem = f.path().stem().string();
                    std::string ext = f.path().extension().string();
                    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
                    if (ext == ".txt" || ext == ".text" || ext == ".rtf" || ext == ".docx" ||
                        ext == ".doc" || ext == ".odt" ||
                        (ext == ".md" && f.path().extension() != ".md"))
                        m_result.notes.push_back(
                            f.path().string() +
                            ": not used; kiosk-pack reads only texts named "
                            "PANEL-ID.md (plain text saved as UTF-8). Rename it to " +
                            stem +
                            ".md (if it is a word processor file, save it as plain text first)");
                    if (f.path().extension() != ".md") continue;
                    const bool known = std::any_of(ex.panels.begin(), ex.panels.end(),
                                                   [&](const Panel& p) { return p.id == stem; });
                    if (!known)
                        Problem(f.path().string(),
                                "no panel has the id '" + stem +
                                    "' in exhibit.toml; rename the file or add the panel");
                }
            }
        }
        for (size_t pi = 0; pi < ex.panels.size(); ++pi) {
            Panel& p = ex.panels[pi];
            for (const auto& lang : ex.languages) {
                const fs::path file = text_dir / lang / (p.id + ".md");
                std::string raw;
                if (!fs::exists(file)) {
                    fs::path txt = file;
                    txt.replace_extension(".txt");
                    const std::string txt_hint =
                        fs::exists(txt) ? " (there is " + txt.filename().string() +
                                              ": rename it to " + file.filename().string() + ")"
                                        : "";
                    if (ex.fallback_language.empty() || lang == ex.fallback_language)
                        Problem(file.string(),
                                "missing" + txt_hint + "; every panel needs a text in '" + lang +
                                    "'" +
                                    (ex.fallback_language.empty()
                                         ? " (or set fallback_language in exhibit.toml)"
                                         : " because it is the fallback language"));
                    else
                        m_result.notes.push_back("panel '" + p.id + "' has no '" + lang +
                                                 "' text; it is shown in '" + ex.fallback_language +
                                                 "'");
                    continue;
                }
                if (!ReadFile(file, raw)) {
                    Problem(file.string(), "cannot be read");
                    continue;
                }
                ParsedPanelText parsed = ParsePanelText(raw);
                for (const auto& prob : parsed.problems)
                    Problem(file.string() + " " + prob.substr(0, prob.find(':')),
                            prob.substr(prob.find(':') + 2));
                if (!parsed.problems.empty()) continue;
                if (Utf8Length(parsed.title) > kMaxTitleChars)
                    Problem(At(file, 1), "the title is longer than " +
                                             std::to_string(kMaxTitleChars) +
                                             " characters; shorten it");
                // The stored body is the file without its title and captions.
                std::string body;
                {
                    if (raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3); // BOM from some editors
                    std::istringstream lines(raw);
                    std::string line;
                    bool title_seen = false;
                    while (std::getline(lines, line)) {
                        const std::string t = Trim(line);
                        if (!title_seen) {
                            if (t.rfind("# ", 0) == 0) title_seen = true;
                            continue;
                        }
                        if (t.rfind("![", 0) == 0) continue;
                        body += t + "\n";
                    }
                    body = Trim(body);
                }
                if (Utf8Length(body) > kMaxBodyChars)
                    Problem(file.string(), "the text is " + std::to_string(Utf8Length(body)) +
                                               " characters long, more than " +
                                               std::to_string(kMaxBodyChars) +
                                               "; split it over two panels");
                for (const Caption& c : parsed.captions) {
                    const auto& files = plan.panel_image_src[pi];
                    bool matched = false;
                    for (size_t k = 0; k < files.size(); ++k) {
                        bool names_it = plan.images[files[k]].file == c.file;
                        for (const auto& [l, idx] : plan.panel_image_by_language[pi][k])
                            names_it = names_it || plan.images[idx].file == c.file;
                        if (names_it) {
                            p.images[k].captions[lang] = c.text;
                            matched = true;
                        }
                    }
                    if (!matched && plan.missing_images.count(c.file)) continue;
                    if (!matched)
                        Problem(At(file, c.line), "the caption names '" + c.file +
                                                      "', which is not an image of panel '" + p.id +
                                                      "' in exhibit.toml");
                    else if (Utf8Length(c.text) > kMaxCaptionChars)
                        Problem(At(file, c.line), "the caption is longer than " +
                                                      std::to_string(kMaxCaptionChars) +
                                                      " characters");
                }
                p.texts[lang] = {parsed.title, body};
            }
        }
    }

    // [SECTION] Preparing images -----------------------------------------
    struct Prepared {
        ScreenImage image;
        int source_w = 0, source_h = 0; // upright, as decoded
        std::string error;
    };

    std::vector<Prepared> PrepareImages(const Plan& plan, const BuildOptions& opt) {
        std::vector<Prepared> out(plan.images.size());
        std::atomic<size_t> next{0};
        auto work = [&] {
            for (size_t i = next++; i < plan.images.size(); i = next++) {
                Prepared& pr = out[i];
                try {
                    std::string raw;
                    if (!ReadFile(plan.images[i].path, raw)) throw MediaError("cannot be read");
                    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(raw.data()),
                                                   raw.size());
                    // Camera JPEGs come out of a DCT-scaled decode already
                    // near screen size and upright (EXIF orientation).
                    SourceImage src = DecodeSourceImage(bytes, plan.exhibit.screen_width,
                                                        plan.exhibit.screen_height);
                    raw.clear();
                    raw.shrink_to_fit();
                    pr.source_w = src.image.width;
                    pr.source_h = src.image.height;
                    pr.image =
                        PrepareScreenImage(std::move(src.image), src.format == ImageFormat::Png,
                                           plan.exhibit.screen_width, plan.exhibit.screen_height,
                                           opt.thumb_width, opt.thumb_height);
                } catch (const Error& e) {
                    pr.error = e.what();
                } catch (const std::bad_alloc&) {
                    pr.error = "there is not enough memory to decode it";
                }
            }
        };
        int jobs = opt.jobs > 0
                       ? opt.jobs
                       : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        jobs = std::min<int>(jobs, static_cast<int>(std::max<size_t>(1, plan.images.size())));
        std::vector<std::thread> threads;
        for (int j = 1; j < jobs; ++j)
            threads.emplace_back(work);
        work();
        for (auto& t : threads)
            t.join();
        for (size_t i = 0; i < out.size(); ++i) {
            const Prepared& pr = out[i];
            const std::string where = At(m_manifest, plan.images[i].line);
            if (!pr.error.empty()) {
                Problem(where, "image '" + plan.images[i].file + "': " + pr.error);
                continue;
            }
            // Not errors, but the curator should know before visitors see it.
            if (std::min(pr.source_w, pr.source_h) < kSmallestUsefulSide)
                m_result.notes.push_back(
                    where + ": image '" + plan.images[i].file + "' is only " +
                    std::to_string(pr.source_w) + "x" + std::to_string(pr.source_h) +
                    " pixels; on the screen it will be a blur or an empty square. Use the "
                    "original picture");
            if (pr.image.converted_to_jpeg)
                m_result.notes.push_back(where + ": image '" + plan.images[i].file +
                                         "' is a photograph saved as PNG; it is stored as JPEG "
                                         "(much smaller, looks the same)");
        }
        return out;
    }

    void FindFonts(Plan& plan) {
        const fs::path dir = m_src / "fonts";
        if (!fs::is_directory(dir)) return;
        for (const auto& f : fs::directory_iterator(dir)) {
            std::string ext = f.path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
            if (ext == ".ttf" || ext == ".otf") plan.fonts.push_back(f.path());
        }
        std::sort(plan.fonts.begin(), plan.fonts.end());
    }

  private:
    fs::path m_src;
    fs::path m_manifest;
    BuildResult& m_result;
};

std::string TempPathFor(const std::string& out) {
    return out + ".partial-" + std::to_string(getpid());
}

} // namespace

// [SECTION] Writing the package --------------------------------------------

BuildResult BuildPackage(const std::string& source_dir, const std::string& out_path,
                         const BuildOptions& opt) {
    BuildResult result;
    Builder b(source_dir, result);
    Plan plan;
    const bool manifest_ok = b.ReadManifest(plan);
    // The command line wins over exhibit.toml's [screen], which wins over 1920x1080.
    if (opt.screen_width > 0) plan.exhibit.screen_width = opt.screen_width;
    if (opt.screen_height > 0) plan.exhibit.screen_height = opt.screen_height;
    if (manifest_ok) b.ReadTexts(plan);
    if (!manifest_ok) return result;
    // The rules check and import apply, applied before any work: a package
    // that builds is one the kiosk takes.
    if (result.problems.empty())
        for (const auto& p : ExhibitProblems(plan.exhibit))
            result.problems.push_back(source_dir + ": " + p);
    if (!result.problems.empty()) return result;
    const MediaPlan media =
        CollectMedia(source_dir, plan.exhibit, opt.thumb_width, opt.thumb_height, opt.strict,
                     result.problems, result.notes);
    plan.exhibit.synthetic_narration = media.synthetic_narration;
    std::vector<Builder::Prepared> images = b.PrepareImages(plan, opt);
    b.FindFonts(plan);
    const std::set<char32_t> glyphs = GlyphsOnScreen(plan.exhibit);
    std::vector<std::vector<uint8_t>> font_data;
    for (const auto& f : plan.fonts) {
        std::string raw;
        std::error_code ec;
        if (fs::file_size(f, ec) > kMaxFontBytes || ec || !ReadFile(f, raw)) {
            result.problems.push_back(f.string() + ": cannot be read, or is larger than " +
                                      std::to_string(kMaxFontBytes >> 20) + " MB");
            continue;
        }
        font_data.emplace_back(raw.begin(), raw.end());
        for (const auto& p : CheckFont(f.filename().string(), font_data.back(), glyphs))
            result.problems.push_back(f.string() + ": " + p);
    }
    if (!result.problems.empty()) return result;

    const std::string tmp = TempPathFor(out_path);
    try {
        PackageWriter w(tmp);
        w.SetExhibit(plan.exhibit);
        for (size_t i = 0; i < images.size(); ++i) {
            const ScreenImage& pr = images[i].image;
            plan.images[i].id = w.AddImage(plan.images[i].file, pr.format, pr.w, pr.h, pr.data,
                                           pr.thumb_format, pr.tw, pr.th, pr.thumb);
        }
        for (size_t pi = 0; pi < plan.exhibit.panels.size(); ++pi) {
            Panel& p = plan.exhibit.panels[pi];
            for (size_t k = 0; k < p.images.size(); ++k) {
                p.images[k].image_id = plan.images[plan.panel_image_src[pi][k]].id;
                for (const auto& [lang, idx] : plan.panel_image_by_language[pi][k])
                    p.images[k].image_by_language[lang] = plan.images[idx].id;
            }
            w.AddPanel(p, static_cast<int>(pi));
        }
        WriteMedia(w, media);
        for (size_t i = 0; i < plan.fonts.size(); ++i)
            w.AddFont(plan.fonts[i].filename().string(), font_data[i]);
        w.Finish();
        // Never hand out a package that the kiosk would refuse.
        for (const auto& prob : CheckPackage(tmp))
            result.problems.push_back(out_path + ": " + prob);
        if (!result.problems.empty()) {
            std::remove(tmp.c_str());
            return result;
        }
        std::error_code ec;
        fs::rename(tmp, out_path, ec);
        if (ec) throw Error("cannot write " + out_path + ": " + ec.message());
    } catch (const Error& e) {
        std::remove(tmp.c_str());
        result.problems.push_back(e.what());
        return result;
    } catch (const std::exception& e) {
        std::remove(tmp.c_str());
        result.problems.push_back(std::string("cannot write ") + out_path + ": " + e.what());
        return result;
    }
    result.ok = true;
    result.panels = static_cast<int>(plan.exhibit.panels.size());
    result.languages = static_cast<int>(plan.exhibit.languages.size());
    result.images = static_cast<int>(plan.images.size());
    result.media = static_cast<int>(media.files.size());
    result.bytes = fs::file_size(out_path);
    return result;
}

// [SECTION] Summaries --------------------------------------------------------

PackageSummary SummarisePackage(const std::string& path) {
    Package pkg = Package::Open(path);
    const Exhibit& ex = pkg.exhibit();
    PackageSummary s;
    s.id = ex.id;
    s.version = ex.version;
    s.title = TitleFor(ex, ex.default_language);
    s.languages = ex.languages;
    s.default_language = ex.default_language;
    s.panels = static_cast<int>(ex.panels.size());
    s.images = pkg.ImageCount();
    s.media = pkg.Media();
    s.bytes = fs::file_size(path);
    return s;
}

std::string SummaryText(const PackageSummary& s) {
    std::ostringstream o;
    o << "id:        " << s.id << "\n"
      << "version:   " << s.version << "\n"
      << "title:     " << s.title << "\n"
      << "languages: " << JoinCodes(s.languages) << " (default " << s.default_language << ")\n"
      << "panels:    " << s.panels << "\n"
      << "images:    " << s.images << "\n"
      << "size:      " << s.bytes << " bytes\n";
    if (!s.media.empty()) o << "media:\n";
    for (const auto& m : s.media) {
        o << "  " << m.role << " " << Printable(m.source_name) << " (panel " << m.panel;
        if (!m.lang.empty()) o << ", " << m.lang;
        o << "): " << FormatMediaTime(m.info.duration_ms);
        if (m.info.HasVideo())
            o << ", " << m.info.video_codec << " " << m.info.width << "x" << m.info.height;
        if (m.info.HasAudio()) o << ", " << m.info.audio_codec << " sound";
        if (m.role == "subtitles") o << ", " << m.info.container;
        o << ", " << m.bytes << " bytes";
        if (m.poster_image_id != 0) o << ", poster frame image " << m.poster_image_id;
        o << "\n";
    }
    return o.str();
}

namespace {
std::string JsonString(const std::string& s) {
    std::string o = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            o += '\\';
            o += static_cast<char>(c);
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            o += buf;
        } else {
            o += static_cast<char>(c);
        }
    }
    return o + "\"";
}
} // namespace

std::string SummaryJson(const PackageSummary& s) {
    std::ostringstream o;
    o << "{\"id\": " << JsonString(s.id) << ", \"version\": " << s.version
      << ", \"title\": " << JsonString(s.title) << ", \"languages\": [";
    for (size_t i = 0; i < s.languages.size(); ++i)
        o << (i ? ", " : "") << JsonString(s.languages[i]);
    o << "], \"default_language\": " << JsonString(s.default_language)
      << ", \"panels\": " << s.panels << ", \"images\": " << s.images << ", \"bytes\": " << s.bytes
      << (s.media.empty() ? "" : ", \"media\": [");
    for (size_t i = 0; i < s.media.size(); ++i) {
        const auto& m = s.media[i];
        o << (i ? ", " : "") << "{\"file\": " << JsonString(m.source_name)
          << ", \"role\": " << JsonString(m.role) << ", \"panel\": " << JsonString(m.panel)
          << ", \"language\": " << JsonString(m.lang) << ", \"duration_ms\": " << m.info.duration_ms
          << ", \"video_codec\": " << JsonString(m.info.video_codec)
          << ", \"audio_codec\": " << JsonString(m.info.audio_codec)
          << ", \"width\": " << m.info.width << ", \"height\": " << m.info.height
          << ", \"bytes\": " << m.bytes << ", \"poster_image_id\": " << m.poster_image_id << "}";
    }
    o << (s.media.empty() ? "}\n" : "]}\n");
    return o.str();
}

} // namespace kiosk
