// UTF-8 checks and the exhibit's Markdown-ish text format:
//   # Title            (first line of a panel file)
//   ## Subheading
//   - list item
//   ![caption](images/file.png)
//   paragraphs separated by blank lines
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// Offset of the first byte that is not valid UTF-8 (overlongs, surrogates and
// code points above U+10FFFF count as invalid), or nullopt when all is valid.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

// Number of code points in valid UTF-8.
size_t Utf8Length(std::string_view text);

// Decodes valid UTF-8 into code points (invalid bytes become U+FFFD).
std::vector<char32_t> DecodeUtf8(std::string_view text);

// Appends code point `c` to `out` as UTF-8.
void AppendUtf8(std::string& out, char32_t c);

std::string Trim(std::string_view text);

// Cuts `text` so that it, followed by `ellipsis`, is at most `max_width` wide
// as measured by `width_of`. Cuts after the last whole word that fits when
// that keeps at least half the width filled, else between two code points;
// never inside a UTF-8 sequence. Returns `text` itself when it fits.
std::string ShortenToFit(std::string_view text, float max_width,
                         const std::function<float(std::string_view)>& width_of,
                         std::string_view ellipsis = "\u2026");

// The text with its soft hyphens (U+00AD) removed: a break opportunity for
// word processors, but fonts draw it as a visible "-" wherever it stands.
std::string WithoutSoftHyphens(std::string_view text);

enum class BlockKind { Heading, Paragraph, ListItem };

struct TextBlock {
    BlockKind kind = BlockKind::Paragraph;
    std::string text; // lines of a paragraph are joined with a space
};

struct Caption {
    std::string text;
    std::string file;
    int line = 0;
};

struct ParsedPanelText {
    std::string title;
    std::vector<TextBlock> blocks;
    std::vector<Caption> captions;
    std::vector<std::string> problems; // "line N: what is wrong and what to do"
};

// Parses a panel's text file. Never throws; what is wrong lands in `problems`.
ParsedPanelText ParsePanelText(std::string_view source);

// Parses a stored body (the part after the title) into blocks; captions are
// not part of a stored body.
std::vector<TextBlock> ParseBody(std::string_view body);

} // namespace kiosk
