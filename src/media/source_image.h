// The curator's own image files, as kiosk-pack reads them on the curator's
// computer: camera JPEGs of any size current cameras and phones make (decoded
// by libjpeg-turbo at a DCT scale close to the screen size, so a 200 MP photo
// never exists at full size in memory), turned upright by their EXIF
// orientation; PNGs through stb_image. The kiosk itself never sees these
// files: it reads the scaled copies inside the package (media/image.h).
#pragma once

#include "media/image.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace kiosk {

// What kiosk-pack accepts. JPEGs stream through the decoder row by row, so
// their limit is the format's own side limit and a pixel count far above any
// camera; PNGs are decoded whole by stb_image, so theirs stays lower.
struct SourceLimits {
    int64_t max_jpeg_pixels = 1'000'000'000; // 1 gigapixel
    int max_jpeg_side = 65500;               // the JPEG format's own limit
    int64_t max_png_pixels = 50'000'000;     // stb_image holds the whole image
    int max_png_side = 30000;
    size_t max_file_bytes = 512u << 20;
    size_t max_decoder_memory = 768u << 20; // libjpeg's working memory (progressive files)
    // A damaged JPEG is an error, never a picture partly grey (the kiosk's
    // own decode); kiosk-pack reads what a camera wrote as best it can.
    bool strict = false;
    // Opaque pixels in B, G, R, A order (RgbaImage::bgra): libjpeg-turbo
    // writes them so directly. PNG images always come in R, G, B, A.
    bool jpeg_bgra = false;
    // Turn a JPEG upright by its EXIF orientation (a camera's photo). The
    // kiosk shows a package's pictures as stored: kiosk-pack stored them
    // upright, and a tag in a package is not the curator's.
    bool apply_exif = true;
};

struct SourceImage {
    RgbaImage image; // upright, at least as large as the box asked for (or the source)
    ImageFormat format = ImageFormat::Unknown;
    int source_width = 0; // as stored in the file, before orientation
    int source_height = 0;
    int orientation = 1; // EXIF orientation 1..8 that was applied
    bool cmyk = false;
};

// Decodes `data` for a box of box_w x box_h (the upright image will be scaled
// to fit it later). Throws MediaError with a sentence for the curator; for a
// format the kiosk does not read it names the format ("this is a WebP image;
// save it as JPEG or PNG").
SourceImage DecodeSourceImage(std::span<const uint8_t> data, int box_w, int box_h,
                              const SourceLimits& limits = {});

// "WebP", "GIF", "HEIC" ... for a file that is an image the kiosk does not
// read, empty when the bytes are not recognised.
std::string RecogniseOtherFormat(std::span<const uint8_t> data);

// The orientation (1..8) in a JPEG APP1 "Exif" segment's payload (starting at
// "Exif\0\0"); nullopt when there is none or it is damaged.
std::optional<int> ParseExifOrientation(std::span<const uint8_t> app1);

// Turns pixels stored with EXIF orientation `o` upright (2, 4: mirrored; 3:
// turned 180°; 5, 7: mirrored across a diagonal; 6, 8: turned 90°).
RgbaImage ApplyExifOrientation(const RgbaImage& image, int o);

// True for a picture with the colour variety of a photograph (many distinct
// colours, no transparency), which is far smaller as a JPEG than as a PNG.
bool LooksLikePhoto(const RgbaImage& image);

} // namespace kiosk
