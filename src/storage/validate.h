// The one set of rules an exhibit package keeps, for everyone who makes or
// takes one: kiosk-pack build (before writing), kiosk-pack check, kiosk
// --check, the import (on the copy) and the kiosk when it opens a package.
// Each function returns what is wrong in a curator's words ("" or empty when
// nothing is), never throws, and never echoes raw bytes that could steer a
// terminal, a report or a spreadsheet (see Printable).
#pragma once

#include "core/model.h"

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// An exhibit version is a count of editions (or a date written YYYYMMDD);
// anything above this is a mistake that would block every later update.
constexpr int64_t kMaxExhibitVersion = 999'999'999;
// The screen a package is made for: each side 320..8192 pixels and at most a
// 4K screen's pixels, so one stored image never needs more than 33 MB decoded.
constexpr int kMinScreenSide = 320;
constexpr int kMaxScreenSide = 8192;
constexpr int64_t kMaxScreenPixels = 3840LL * 2160;
// Distinct letters the screen may show (texts plus the kiosk's own words):
// every one is rasterised at eight sizes into the font atlas. 3000 covers any
// alphabetic exhibit in several languages with room to spare.
constexpr size_t kMaxGlyphs = 3000;
// Whole package, one stored image, one font: refused above these before
// anything is read, hashed or decoded.
constexpr uint64_t kMaxPackageBytes = 2ull << 30;
constexpr uint64_t kMaxImageBytes = 40ull << 20;
constexpr uint64_t kMaxFontBytes = 32ull << 20;

// `text` with every byte or character that could steer a terminal, a log, a
// report line or the reading direction (control characters, bidi controls,
// invalid UTF-8) replaced by '?', for quoting untrusted words in messages.
std::string Printable(std::string_view text);

// Exhibit and panel ids: 1..64 of lower-case a-z, 0-9 and '-', not starting
// with '-'. They become file names and report/CSV cells.
bool IsValidId(std::string_view id);

// What is wrong with a text meant for the screen, or "": control characters
// (ESC, CR, ...; a body or caption may hold line breaks and tabs) and bidi
// embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069), which
// can make a title read backwards or hide part of it.
std::string DisplayTextProblem(std::string_view text, bool multiline);

// What is wrong with a version number, or "".
std::string VersionProblem(int64_t version);

// What is wrong with a target screen size, or "".
std::string ScreenProblem(int64_t width, int64_t height);

// The largest stored image a package for this screen may hold: the screen
// plus a tenth on each side (kiosk-pack never stores more than the screen).
int MaxImageSide(int screen_side);

// What is wrong with the letters an exhibit shows (too many), or "".
std::string GlyphCountProblem(size_t glyphs);

// A font as deeply as an image: FreeType opens every face in it, needs a
// Unicode character map, and renders every letter of `glyphs` the face has,
// each within four times the font size. Problems start with "font 'NAME'".
std::vector<std::string> CheckFont(const std::string& name, std::span<const uint8_t> data,
                                   const std::set<char32_t>& glyphs);

// Every rule of this file that concerns the exhibit's words and ids:
// exhibit id, version, screen, titles, bodies, captions, panel ids (unique),
// dates. One message per problem, naming the panel or title it is in.
std::vector<std::string> ExhibitProblems(const Exhibit& exhibit);

// Every video's poster frame names an image the package holds (`image_ids`):
// the kiosk draws a video's tile and resting state from it. One message per
// video without one, naming the video and its panel.
std::vector<std::string> PosterProblems(const Exhibit& exhibit, const std::set<int64_t>& image_ids);

} // namespace kiosk
