// Decode, scale and encode images on the CPU. Every decode checks the header
// against limits before allocating, so a small file that claims to be a huge
// image (a decompression bomb) is refused, not decoded. No GL here.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kiosk {

struct ImageLimits {
    int max_side = 12000;              // pixels, width or height
    int64_t max_pixels = 40'000'000;   // a 6000x4000 camera photo is 24 MP
    size_t max_file_bytes = 64u << 20; // encoded size
};

enum class ImageFormat { Unknown, Jpeg, Png };

struct ImageInfo {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;
    int height = 0;
};

// 8-bit RGBA pixels, row-major, no padding.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;
    // Every pixel's alpha is 255 (a photograph): drawn without blending.
    bool opaque = false;
    // The channels are in B, G, R, A order (SwapRedBlue), not R, G, B, A.
    bool bgra = false;
};

const char* ImageFormatName(ImageFormat format); // "jpeg", "png", "unknown"

// Reads the header only. Throws MediaError with a plain sentence when the data
// is not a JPEG/PNG or is larger than `limits`.
ImageInfo ProbeImage(std::span<const uint8_t> data, const ImageLimits& limits = {});

// Everything about an image file that can be known without decoding its
// pixels, for checking a package at disk speed: ProbeImage, then the file's
// layout. JPEG: every segment lies inside the data, one frame header of a kind
// the kiosk decodes (baseline, extended or progressive) whose size is the
// header's, tables before the first scan, an end marker, and (baseline)
// enough compressed data for that many pixels. PNG: every chunk lies inside
// the data with its checksum right, a palette where the colour type needs
// one, compressed data, an end chunk, and at least the bytes the header's
// size needs even at the densest compression. So a file cut short, a header
// that claims more pixels than its data holds and a header beyond `limits`
// are refused; damage inside the compressed pixels is not seen here (the
// kiosk draws a placeholder for it). Throws MediaError with a plain sentence.
ImageInfo CheckImageLayout(std::span<const uint8_t> data, const ImageLimits& limits = {});

// What a decode is for: the box the picture is shown in (0: its own size)
// and the channel order a software renderer wants for opaque pictures.
struct DecodeTarget {
    int max_w = 0;
    int max_h = 0;
    bool opaque_bgra = false; // an opaque result comes in B, G, R, A order
};

// Decodes after ProbeImage, scaled (never up) to fit the target's box with
// the aspect of the header's size, so it is the same size however it was
// decoded. A JPEG is decoded at the smallest DCT scale (n/8) that still
// covers the box: a 1920x1280 photograph for a 1111x740 box is decoded at
// 1200x800, not in full, and only that is resampled. Throws MediaError;
// never returns a partial image.
RgbaImage DecodeImage(std::span<const uint8_t> data, const ImageLimits& limits = {},
                      const DecodeTarget& target = {});

// The largest size with the same aspect that fits inside max_w x max_h; never
// scales up. Both sides at least 1.
void FitInside(int w, int h, int max_w, int max_h, int& out_w, int& out_h);

// Resamples (sRGB-aware) to exactly w x h.
RgbaImage ResizeImage(const RgbaImage& image, int w, int h);

// Swaps the red and blue channels in place (R, G, B, A <-> B, G, R, A) and
// flips `bgra`: the order a software renderer's frame buffer has.
void SwapRedBlue(RgbaImage& image);

// True when any pixel is not fully opaque.
bool HasAlpha(const RgbaImage& image);

std::vector<uint8_t> EncodeJpeg(const RgbaImage& image, int quality = 88);
std::vector<uint8_t> EncodePng(const RgbaImage& image);

} // namespace kiosk
