// tools/pack with the files curators bring: phone photos in every EXIF
// orientation, camera photos of 100+ megapixels, transparent and photo-like
// PNGs, tiny images, formats the kiosk does not read; and the wording of
// what kiosk-pack says about exhibit.toml and text files (issue 13).

#include "tools/pack/pack.h"

#include "media/image.h"
#include "media/source_image.h"
#include "storage/package.h"
#include "support/fixtures.h"
#include "support/packages.h"
#include "support/temp_dir.h"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <jpeglib.h>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using kiosk::BuildPackage;
using kiosk::BuildResult;
using kiosk::Package;
using kiosk::RgbaImage;
using kiosk::test::Joined;
using kiosk::test::ReplaceInFile;
using kiosk::test::TempDir;
using kiosk::test::WriteBytes;
using kiosk::test::WriteFile;
using kiosk::test::WriteMinimalExhibit;

namespace {

fs::path MinimalSource(const TempDir& tmp) {
    const fs::path src = tmp.path() / "src";
    WriteMinimalExhibit(src);
    return src;
}

// Points the minimal exhibit's only image at `name` (in exhibit.toml and the caption).
void UseImage(const fs::path& src, const std::string& name) {
    ReplaceInFile(src / "exhibit.toml", "images/photo.jpg", "images/" + name);
    ReplaceInFile(src / "text/en/only.md", "images/photo.jpg", "images/" + name);
}

struct Built {
    BuildResult result;
    RgbaImage screen, thumb;
    std::string screen_format, thumb_format;
};

Built BuildAndRead(const fs::path& src, const TempDir& tmp) {
    Built b;
    const std::string out = tmp / "out.kiosk";
    b.result = BuildPackage(src.string(), out);
    INFO(Joined(b.result.problems));
    REQUIRE(b.result.ok);
    const Package pkg = Package::Open(out);
    const auto& img = pkg.exhibit().panels.at(0).images.at(0);
    const auto data = pkg.ImageData(img.image_id, false);
    const auto thumb = pkg.ImageData(img.image_id, true);
    b.screen_format = kiosk::ImageFormatName(kiosk::ProbeImage(data).format);
    b.thumb_format = kiosk::ImageFormatName(kiosk::ProbeImage(thumb).format);
    b.screen = kiosk::DecodeImage(data);
    b.thumb = kiosk::DecodeImage(thumb);
    return b;
}

const uint8_t* PixelAt(const RgbaImage& img, int x, int y) {
    return &img.pixels[(static_cast<size_t>(y) * static_cast<size_t>(img.width) +
                        static_cast<size_t>(x)) *
                       4];
}

bool IsRed(const uint8_t* p) {
    return p[0] > 180 && p[1] < 90 && p[2] < 90;
}

// An upright test picture: blue-grey, with its top-left quarter red, so
// every turn and every mirror puts the red corner somewhere else.
RgbaImage Upright(int w, int h) {
    RgbaImage img;
    img.width = w;
    img.height = h;
    img.pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            auto* p = const_cast<uint8_t*>(PixelAt(img, x, y));
            const bool red = x < w / 2 && y < h / 2;
            p[0] = red ? 230 : 60;
            p[1] = red ? 20 : 90;
            p[2] = red ? 20 : 160;
            p[3] = 255;
        }
    return img;
}

// The orientation that undoes `o` (the quarter turns undo each other).
int Inverse(int o) {
    return o == 6 ? 8 : o == 8 ? 6 : o;
}

// A JPEG APP1 segment holding only an EXIF orientation tag.
std::vector<uint8_t> ExifApp1(int orientation, bool big_endian) {
    // Starts with "Exif\0\0"; then the TIFF structure.
    std::vector<uint8_t> t{'E', 'x', 'i', 'f', 0, 0};
    t.reserve(64);
    auto u16 = [&](uint16_t v) {
        if (big_endian) {
            t.push_back(static_cast<uint8_t>(v >> 8));
            t.push_back(static_cast<uint8_t>(v));
        } else {
            t.push_back(static_cast<uint8_t>(v));
            t.push_back(static_cast<uint8_t>(v >> 8));
        }
    };
    auto u32 = [&](uint32_t v) {
        if (big_endian) {
            u16(static_cast<uint16_t>(v >> 16));
            u16(static_cast<uint16_t>(v));
        } else {
            u16(static_cast<uint16_t>(v));
            u16(static_cast<uint16_t>(v >> 16));
        }
    };
    t.push_back(big_endian ? 'M' : 'I');
    t.push_back(big_endian ? 'M' : 'I');
    u16(42);
    u32(8); // IFD0 right after the header
    u16(1); // one entry
    u16(0x0112);
    u16(3); // SHORT
    u32(1);
    u16(static_cast<uint16_t>(orientation));
    u16(0);
    u32(0); // no next IFD
    std::vector<uint8_t> seg(t.size() + 4);
    seg[0] = 0xFF;
    seg[1] = 0xE1;
    seg[2] = static_cast<uint8_t>((t.size() + 2) >> 8);
    seg[3] = static_cast<uint8_t>((t.size() + 2) & 0xFF);
    std::copy(t.begin(), t.end(), seg.begin() + 4);
    return seg;
}

// A phone photo: `upright` stored turned/mirrored as a camera with
// orientation `o` stores it, with the tag that says how to show it.
std::vector<uint8_t> PhonePhoto(const RgbaImage& upright, int o, bool big_endian = false) {
    std::vector<uint8_t> jpg = kiosk::EncodeJpeg(kiosk::ApplyExifOrientation(upright, Inverse(o)));
    const auto app1 = ExifApp1(o, big_endian);
    jpg.insert(jpg.begin() + 2, app1.begin(), app1.end()); // right after SOI
    return jpg;
}

// A w x h camera JPEG written row by row (a soft gradient with noise), so
// that even a 108 MP test photo needs no more memory than one row.
std::vector<uint8_t> CameraJpeg(int w, int h) {
    jpeg_compress_struct c{};
    jpeg_error_mgr err{};
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char* buf = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &buf, &size);
    c.image_width = static_cast<JDIMENSION>(w);
    c.image_height = static_cast<JDIMENSION>(h);
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 40, TRUE);
    jpeg_start_compress(&c, TRUE);
    std::vector<unsigned char> row(static_cast<size_t>(w) * 3);
    std::minstd_rand rng(7);
    while (c.next_scanline < c.image_height) {
        const int y = static_cast<int>(c.next_scanline);
        for (int x = 0; x < w; ++x) {
            const auto n = static_cast<int>(rng() % 9);
            row[static_cast<size_t>(x) * 3] = static_cast<unsigned char>(x * 200 / w + n);
            row[static_cast<size_t>(x) * 3 + 1] = static_cast<unsigned char>(y * 200 / h + n);
            row[static_cast<size_t>(x) * 3 + 2] = static_cast<unsigned char>(90 + n);
        }
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    std::vector<uint8_t> out(buf, buf + size);
    std::free(buf);
    return out;
}

long PeakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

} // namespace

// [SECTION] 1: phone photos come out upright ------------------------------------

TEST_CASE("the kiosk shows a package's JPEG as stored whatever EXIF orientation it carries") {
    // kiosk-pack stores pictures upright without a tag; a tag in a package
    // is not the curator's, and turning by it would also change the size.
    const RgbaImage upright = Upright(40, 20);
    for (int o : {3, 6}) {
        INFO("orientation " << o);
        const std::vector<uint8_t> jpg = PhonePhoto(upright, o);
        const RgbaImage stored = kiosk::ApplyExifOrientation(upright, Inverse(o));
        for (bool bgra : {false, true}) {
            INFO("opaque_bgra " << bgra);
            const RgbaImage shown = kiosk::DecodeImage(jpg, {}, {0, 0, bgra});
            REQUIRE(shown.width == stored.width);
            REQUIRE(shown.height == stored.height);
            CHECK(shown.bgra == bgra);
            // Colours as stored: the red corner where the stored picture
            // has it (the middle of each quarter, away from JPEG's edges).
            for (int y : {stored.height / 4, stored.height * 3 / 4})
                for (int x : {stored.width / 4, stored.width * 3 / 4}) {
                    const uint8_t* want = PixelAt(stored, x, y);
                    const uint8_t* got = PixelAt(shown, x, y);
                    const int r = bgra ? got[2] : got[0], b = bgra ? got[0] : got[2];
                    CHECK(std::abs(r - want[0]) < 40);
                    CHECK(std::abs(b - want[2]) < 40);
                }
        }
    }
}

TEST_CASE("turning a picture upright keeps its opaque and channel-order flags") {
    RgbaImage img = Upright(8, 4);
    img.opaque = true;
    img.bgra = true;
    for (int o = 2; o <= 8; ++o) {
        const RgbaImage turned = kiosk::ApplyExifOrientation(img, o);
        CHECK(turned.opaque);
        CHECK(turned.bgra);
    }
}

TEST_CASE("phone photos in all eight EXIF orientations are stored upright, mirrored ones too") {
    const RgbaImage upright = Upright(64, 48);
    for (int o = 1; o <= 8; ++o) {
        for (const bool big_endian : {false, true}) {
            INFO("orientation " << o << (big_endian ? " (Motorola byte order)" : ""));
            TempDir tmp;
            const fs::path src = MinimalSource(tmp);
            WriteBytes(src / "images/photo.jpg", PhonePhoto(upright, o, big_endian));
            const Built b = BuildAndRead(src, tmp);
            REQUIRE(b.screen.width == 64);
            REQUIRE(b.screen.height == 48);
            CHECK(IsRed(PixelAt(b.screen, 8, 6)));    // top left
            CHECK(!IsRed(PixelAt(b.screen, 56, 6)));  // top right
            CHECK(!IsRed(PixelAt(b.screen, 8, 42)));  // bottom left
            CHECK(!IsRed(PixelAt(b.screen, 56, 42))); // bottom right
            // The thumbnail is made from the upright picture too.
            CHECK(IsRed(PixelAt(b.thumb, 4, 3)));
        }
    }
}

TEST_CASE("a portrait phone photo (orientation 6) of a landscape sensor is stored portrait") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    WriteBytes(src / "images/photo.jpg", PhonePhoto(Upright(300, 400), 6));
    const Built b = BuildAndRead(src, tmp);
    CHECK(b.screen.width == 300);
    CHECK(b.screen.height == 400);
}

TEST_CASE("an EXIF block without an orientation, or a damaged one, leaves the photo as stored") {
    const auto app1 = ExifApp1(6, false);
    const std::span<const uint8_t> payload(app1.data() + 4, app1.size() - 4);
    CHECK(kiosk::ParseExifOrientation(payload) == 6);
    std::vector<uint8_t> damaged(payload.begin(), payload.end());
    damaged[8] = 0; // the TIFF magic number 42
    CHECK_FALSE(kiosk::ParseExifOrientation(damaged).has_value());
    std::vector<uint8_t> zero(payload.begin(), payload.end());
    zero[zero.size() - 8] = 0; // orientation 0 does not exist
    CHECK_FALSE(kiosk::ParseExifOrientation(zero).has_value());
    CHECK_FALSE(kiosk::ParseExifOrientation(std::span<const uint8_t>(payload.data(), 10)));
}

// [SECTION] 12: camera files of any size current cameras make -------------------

TEST_CASE("a 108-megapixel camera photo is accepted and scaled within bounded memory") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    WriteBytes(src / "images/photo.jpg", CameraJpeg(12000, 9000));
    const long before = PeakRssMb();
    const Built b = BuildAndRead(src, tmp);
    CHECK(b.screen.width == 1440);
    CHECK(b.screen.height == 1080);
    // Decoded whole it would take 432 MB (RGBA) before any scaling; the
    // DCT-scaled decode holds a 1/4-size picture (27 MB).
    INFO("peak RSS before " << before << " MB, after " << PeakRssMb() << " MB");
    CHECK(PeakRssMb() - before < 200);
}

TEST_CASE("a CMYK JPEG from a print workflow is converted to screen colours") {
    // A CMYK JPEG through libjpeg: cyan 0, magenta 255, yellow 255, black 0 -> red.
    jpeg_compress_struct c{};
    jpeg_error_mgr err{};
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    unsigned char* buf = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&c, &buf, &size);
    c.image_width = 32;
    c.image_height = 32;
    c.input_components = 4;
    c.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&c);
    jpeg_start_compress(&c, TRUE);
    // Adobe-style (inverted) values, as Photoshop writes them.
    std::vector<unsigned char> row(32 * 4);
    for (int x = 0; x < 32; ++x) {
        row[static_cast<size_t>(x) * 4 + 0] = 255; // C 0 %
        row[static_cast<size_t>(x) * 4 + 1] = 0;   // M 100 %
        row[static_cast<size_t>(x) * 4 + 2] = 0;   // Y 100 %
        row[static_cast<size_t>(x) * 4 + 3] = 255; // K 0 %
    }
    while (c.next_scanline < 32) {
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    std::vector<uint8_t> jpg(buf, buf + size);
    std::free(buf);
    const kiosk::SourceImage s = kiosk::DecodeSourceImage(jpg, 1920, 1080);
    CHECK(s.cmyk);
    CHECK(IsRed(PixelAt(s.image, 16, 16)));
    // The same in B, G, R, A order, as the kiosk's picture path takes it.
    kiosk::SourceLimits bgra;
    bgra.jpeg_bgra = true;
    const kiosk::SourceImage b = kiosk::DecodeSourceImage(jpg, 1920, 1080, bgra);
    CHECK(b.image.bgra);
    const uint8_t* p = PixelAt(b.image, 16, 16);
    CHECK(p[2] > 200);
    CHECK(p[0] < 60);
    CHECK(p[1] < 60);
    CHECK(p[3] == 255);
}

// [SECTION] 6 and 11: transparency, photo-like PNGs, tiny images -----------------

TEST_CASE("a transparent PNG keeps its transparency in its thumbnail instead of black") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    RgbaImage logo = Upright(200, 100);
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 200; ++x)
            if (x >= 100 || y >= 50) {
                auto* p = const_cast<uint8_t*>(PixelAt(logo, x, y));
                p[0] = p[1] = p[2] = p[3] = 0; // transparent black, as editors save it
            }
    WriteBytes(src / "images/logo.png", kiosk::EncodePng(logo));
    UseImage(src, "logo.png");
    const Built b = BuildAndRead(src, tmp);
    CHECK(b.screen_format == "png");
    CHECK(b.thumb_format == "png");
    CHECK(PixelAt(b.thumb, b.thumb.width - 2, b.thumb.height - 2)[3] == 0);
    CHECK(PixelAt(b.thumb, 4, 4)[3] == 255);
}

TEST_CASE("a photograph saved as PNG is stored as JPEG, with a note") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    RgbaImage photo = kiosk::test::MakeImage(600, 400);
    std::minstd_rand rng(3);
    for (size_t i = 0; i < photo.pixels.size(); ++i)
        if (i % 4 != 3) photo.pixels[i] = static_cast<uint8_t>(photo.pixels[i] / 2 + rng() % 100);
    WriteBytes(src / "images/scan.png", kiosk::EncodePng(photo));
    UseImage(src, "scan.png");
    const Built b = BuildAndRead(src, tmp);
    CHECK(b.screen_format == "jpeg");
    CHECK_THAT(Joined(b.result.notes),
               Contains("image 'images/scan.png' is a photograph saved as PNG; it is stored as "
                        "JPEG"));
}

TEST_CASE("a drawing saved as PNG stays PNG") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    WriteBytes(src / "images/map.png", kiosk::EncodePng(Upright(600, 400)));
    UseImage(src, "map.png");
    const Built b = BuildAndRead(src, tmp);
    CHECK(b.screen_format == "png");
    CHECK(b.result.notes.empty());
}

TEST_CASE("a 1x1 image is accepted with a warning naming it") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    WriteBytes(src / "images/photo.jpg", kiosk::test::JpegOf(1, 1));
    const Built b = BuildAndRead(src, tmp);
    CHECK_THAT(Joined(b.result.notes),
               Contains("line 13: image 'images/photo.jpg' is only 1x1 pixels; on the screen it "
                        "will be a blur or an empty square"));
}

TEST_CASE("16-bit, palette and interlaced PNGs are read") {
    // stb_image_write makes none of these; tiny files written byte by byte
    // would test stb more than us, so the generated exhibit (tests/exhibit/)
    // carries ImageMagick-made ones and this checks the decoder's path.
    const RgbaImage img = Upright(40, 30);
    const kiosk::SourceImage s = kiosk::DecodeSourceImage(kiosk::EncodePng(img), 1920, 1080);
    CHECK(s.format == kiosk::ImageFormat::Png);
    CHECK(s.image.width == 40);
}

// [SECTION] 13: what kiosk-pack says ----------------------------------------------

TEST_CASE("an image in a format the kiosk does not read is named by its format") {
    struct Case {
        std::string bytes, says;
    };
    const std::vector<Case> cases{
        {std::string("RIFF\x24\0\0\0WEBPVP8 ", 16), "this is a WebP file, which the kiosk does "
                                                    "not show; save it as JPEG (photographs) or "
                                                    "PNG (drawings, maps)"},
        {std::string("\0\0\0\x18"
                     "ftypheic\0\0\0\0",
                     16),
         "this is a HEIC (an iPhone photo) file"},
        {"GIF89a\x01\x00\x01\x00", "this is a GIF file"},
        {std::string("II*\0\x08\0\0\0", 8), "this is a TIFF (or camera raw) file"},
        {"%PDF-1.7\n", "this is a PDF document file"},
    };
    for (const auto& c : cases) {
        TempDir tmp;
        const fs::path src = MinimalSource(tmp);
        WriteFile(src / "images/photo.jpg", c.bytes);
        const BuildResult r = BuildPackage(src.string(), tmp / "x.kiosk");
        INFO(Joined(r.problems));
        CHECK_FALSE(r.ok);
        CHECK_THAT(Joined(r.problems), Contains("image 'images/photo.jpg': " + c.says));
    }
}

TEST_CASE("a quote left open in exhibit.toml is explained as that, on its line") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    ReplaceInFile(src / "exhibit.toml", "en = \"Minimal\"\n", "en = \"Minimal\n");
    const BuildResult r = BuildPackage(src.string(), tmp / "x.kiosk");
    REQUIRE(r.problems.size() == 1);
    CHECK_THAT(r.problems[0], Contains("exhibit.toml line 6: a quote is not closed on this line"));
    CHECK_THAT(r.problems[0], !Contains("control character"));
}

TEST_CASE("text without quotes in exhibit.toml is explained in a curator's words") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    ReplaceInFile(src / "exhibit.toml", "en = \"Minimal\"\n", "en = Minimal\n");
    const BuildResult r = BuildPackage(src.string(), tmp / "x.kiosk");
    REQUIRE(r.problems.size() == 1);
    CHECK_THAT(r.problems[0], Contains("line 6: after '=' comes a value: text in quotes"));
}

TEST_CASE("a text saved as .txt in a text folder is named, not ignored in silence") {
    TempDir tmp;
    const fs::path src = MinimalSource(tmp);
    WriteFile(src / "text/en/notes.txt", "# Notes\n\nSome words.\n");
    const BuildResult r = BuildPackage(src.string(), tmp / "x.kiosk");
    REQUIRE(r.ok);
    CHECK_THAT(Joined(r.notes),
               Contains("notes.txt: not used; kiosk-pack reads only texts named PANEL-ID.md"));

    // And when the panel's own text is the .txt one, the missing .md says so.
    fs::rename(src / "text/en/only.md", src / "text/en/only.txt");
    const BuildResult missing = BuildPackage(src.string(), tmp / "y.kiosk");
    CHECK_FALSE(missing.ok);
    CHECK_THAT(Joined(missing.problems),
               Contains("only.md: missing (there is only.txt: rename it to only.md)"));
}
