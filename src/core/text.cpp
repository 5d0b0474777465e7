#include "core/text.h"

#include <algorithm>

namespace kiosk {

namespace {

// The code point at s[i] and its length in bytes; length 0 when the bytes at
// i are not one well-formed UTF-8 character (bad lead or continuation byte,
// cut short, overlong, a surrogate or beyond U+10FFFF).
struct Decoded {
    char32_t cp = 0;
    size_t len = 0;
};

Decoded DecodeAt(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return {c, 1};
    size_t len = 0;
    char32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        return {};
    }
    if (i + len > s.size()) return {};
    for (size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return {};
        cp = (cp << 6) | (cc & 0x3F);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
    return {cp, len};
}

} // namespace

std::optional<size_t> FindInvalidUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const size_t len = DecodeAt(s, i).len;
        if (len == 0) return i;
        i += len;
    }
    return std::nullopt;
}

size_t Utf8Length(std::string_view s) {
    size_t count = 0;
    for (char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++count;
    return count;
}

namespace {
bool IsContinuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
} // namespace

std::string ShortenToFit(std::string_view text, float max_width,
                         const std::function<float(std::string_view)>& width_of,
                         std::string_view ellipsis) {
    if (width_of(text) <= max_width) return std::string(text);
    // Code point boundaries, found by skipping continuation bytes only.
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); ++i)
        if (!IsContinuation(text[i])) cuts.push_back(i);
    // The longest prefix that fits with the ellipsis (widths grow with length).
    auto fits = [&](size_t k) {
        std::string s = Trim(text.substr(0, k == 0 ? 0 : cuts[k - 1]));
        s += ellipsis;
        return width_of(s) <= max_width;
    };
    size_t lo = 0, hi = cuts.size();
    while (lo < hi) {
        const size_t mid = (lo + hi + 1) / 2;
        if (fits(mid))
            lo = mid;
        else
            hi = mid - 1;
    }
    size_t end = lo == 0 ? 0 : cuts[lo - 1];
    // Prefer a whole word: back up to the last space when that still keeps
    // at least half of what fitted (a long word alone is cut mid-word).
    const size_t space = text.substr(0, end + 1).find_last_of(' ');
    if (space != std::string_view::npos && space > 0 && end < text.size() && text[end] != ' ') {
        const std::string shorter = Trim(text.substr(0, space)) + std::string(ellipsis);
        if (width_of(shorter) >= max_width * 0.5f) end = space;
    }
    std::string out = Trim(text.substr(0, end));
    // A sentence cut after a comma or dash reads better without it.
    while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':'))
        out.pop_back();
    return out + std::string(ellipsis);
}

std::string WithoutSoftHyphens(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.substr(i, 2) == "\xC2\xAD") {
            ++i;
            continue;
        }
        out += text[i];
    }
    return out;
}

void AppendUtf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::vector<char32_t> DecodeUtf8(std::string_view s) {
    std::vector<char32_t> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const Decoded d = DecodeAt(s, i);
        out.push_back(d.len ? d.cp : 0xFFFD); // a bad byte: one replacement, then go on
        i += d.len ? d.len : 1;
    }
    return out;
}

std::string Trim(std::string_view t) {
    size_t b = 0, e = t.size();
    while (b < e && (t[b] == ' ' || t[b] == '\t' || t[b] == '\r' || t[b] == '\n'))
        ++b;
    while (e > b && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r' || t[e - 1] == '\n'))
        --e;
    return std::string(t.substr(b, e - b));
}

namespace {

std::vector<std::string> SplitLines(std::string_view s) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= s.size()) {
        size_t nl = s.find('\n', start);
        if (nl == std::string_view::npos) {
            if (start < s.size()) lines.emplace_back(s.substr(start));
            break;
        }
        lines.emplace_back(s.substr(start, nl - start));
        start = nl + 1;
    }
    return lines;
}

// Adds blocks from `lines` (already without title/captions) to `out`.
void AddLine(std::vector<TextBlock>& out, bool& open_paragraph, const std::string& line) {
    if (line.empty()) {
        open_paragraph = false;
        return;
    }
    if (line.rfind("## ", 0) == 0 || line.rfind("### ", 0) == 0) {
        out.push_back({BlockKind::Heading, Trim(line.substr(line.find(' ') + 1))});
        open_paragraph = false;
        return;
    }
    if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
        out.push_back({BlockKind::ListItem, Trim(line.substr(2))});
        open_paragraph = false;
        return;
    }
    if (open_paragraph && !out.empty()) {
        out.back().text += ' ';
        out.back().text += line;
    } else {
        out.push_back({BlockKind::Paragraph, line});
        open_paragraph = true;
    }
}

std::optional<Caption> ParseCaption(const std::string& line) {
    if (line.rfind("![", 0) != 0) return std::nullopt;
    size_t close = line.find("](");
    if (close == std::string::npos || line.back() != ')') return std::nullopt;
    Caption c;
    c.text = Trim(line.substr(2, close - 2));
    c.file = Trim(line.substr(close + 2, line.size() - close - 3));
    return c;
}

} // namespace

ParsedPanelText ParsePanelText(std::string_view source) {
    ParsedPanelText out;
    if (auto bad = FindInvalidUtf8(source)) {
        int line = 1;
        for (size_t i = 0; i < *bad; ++i)
            if (source[i] == '\n') ++line;
        out.problems.push_back("line " + std::to_string(line) +
                               ": the text is not valid UTF-8 (byte " + std::to_string(*bad + 1) +
                               "); save the file as UTF-8 in your editor");
        return out;
    }
    if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3); // BOM from some editors
    auto lines = SplitLines(source);
    bool have_title = false;
    bool open_paragraph = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        const int line_no = static_cast<int>(i) + 1;
        std::string line = Trim(lines[i]);
        if (!have_title) {
            if (line.empty()) continue;
            if (line == "#") line = "# "; // "# " trimmed: a title line with no title
            if (line.rfind("# ", 0) != 0) {
                out.problems.push_back("line " + std::to_string(line_no) +
                                       ": the first line must be the title, written as '# Title'");
                return out;
            }
            out.title = Trim(line.substr(2));
            if (out.title.empty())
                out.problems.push_back("line " + std::to_string(line_no) + ": the title is empty");
            have_title = true;
            continue;
        }
        if (line.rfind("![", 0) == 0) {
            auto cap = ParseCaption(line);
            if (!cap || cap->file.empty()) {
                out.problems.push_back(
                    "line " + std::to_string(line_no) +
                    ": an image caption must look like ![caption](images/file.jpg)");
            } else {
                cap->line = line_no;
                out.captions.push_back(*cap);
            }
            open_paragraph = false;
            continue;
        }
        if (line.rfind("# ", 0) == 0) {
            out.problems.push_back("line " + std::to_string(line_no) +
                                   ": only the first line may be a title ('# ...'); use '## ' for "
                                   "a subheading");
            continue;
        }
        AddLine(out.blocks, open_paragraph, line);
    }
    if (!have_title)
        out.problems.push_back("line 1: the file is empty; it needs at least '# Title'");
    return out;
}

std::vector<TextBlock> ParseBody(std::string_view body) {
    std::vector<TextBlock> blocks;
    bool open_paragraph = false;
    for (const auto& raw : SplitLines(body))
        AddLine(blocks, open_paragraph, Trim(raw));
    return blocks;
}

} // namespace kiosk
