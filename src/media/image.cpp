#include "media/image.h"

#include "core/error.h"
#include "media/source_image.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

namespace kiosk {

namespace {

ImageFormat SniffFormat(std::span<const uint8_t> d) {
    if (d.size() >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return ImageFormat::Jpeg;
    static constexpr uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (d.size() >= 8 && std::equal(kPng, kPng + 8, d.begin())) return ImageFormat::Png;
    return ImageFormat::Unknown;
}

void AppendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

} // namespace

const char* ImageFormatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Jpeg:
        return "jpeg";
    case ImageFormat::Png:
        return "png";
    case ImageFormat::Unknown:
        break;
    }
    return "unknown";
}

ImageInfo ProbeImage(std::span<const uint8_t> data, const ImageLimits& limits) {
    if (data.empty()) throw MediaError("the image file is empty");
    if (data.size() > limits.max_file_bytes)
        throw MediaError("the image file is too large (" + std::to_string(data.size() >> 20) +
                         " MB; at most " + std::to_string(limits.max_file_bytes >> 20) + " MB)");
    ImageInfo info;
    info.format = SniffFormat(data);
    if (info.format == ImageFormat::Unknown)
        throw MediaError("the file is not a JPEG or PNG image");
    // stb refuses very large PNGs as "unknown image type" before we could say
    // why, so read the size from the PNG header ourselves first.
    if (info.format == ImageFormat::Png && data.size() >= 24 &&
        std::equal(data.begin() + 12, data.begin() + 16, "IHDR")) {
        auto be32 = [&](size_t at) {
            return (uint32_t{data[at]} << 24) | (uint32_t{data[at + 1]} << 16) |
                   (uint32_t{data[at + 2]} << 8) | data[at + 3];
        };
        const uint32_t w = be32(16), h = be32(20);
        if (w > static_cast<uint32_t>(limits.max_side) ||
            h > static_cast<uint32_t>(limits.max_side))
            throw MediaError("the image is " + std::to_string(w) + "x" + std::to_string(h) +
                             " pixels, larger than the kiosk accepts (at most " +
                             std::to_string(limits.max_side) + " pixels a side and " +
                             std::to_string(limits.max_pixels / 1'000'000) +
                             " megapixels); scale it down first");
    }
    int comp = 0;
    if (!stbi_info_from_memory(data.data(), static_cast<int>(data.size()), &info.width,
                               &info.height, &comp))
        throw MediaError(std::string("the ") + ImageFormatName(info.format) +
                         " image is damaged and cannot be read (" + stbi_failure_reason() + ")");
    if (info.width <= 0 || info.height <= 0) throw MediaError("the image has no pixels");
    if (info.width > limits.max_side || info.height > limits.max_side ||
        static_cast<int64_t>(info.width) * info.height > limits.max_pixels)
        throw MediaError(
            "the image is " + std::to_string(info.width) + "x" + std::to_string(info.height) +
            " pixels, larger than the kiosk accepts (at most " + std::to_string(limits.max_side) +
            " pixels a side and " + std::to_string(limits.max_pixels / 1'000'000) +
            " megapixels); scale it down first");
    return info;
}

namespace {

uint32_t Be16(std::span<const uint8_t> d, size_t at) {
    return (uint32_t{d[at]} << 8) | d[at + 1];
}

uint32_t Be32(std::span<const uint8_t> d, size_t at) {
    return (uint32_t{d[at]} << 24) | (uint32_t{d[at + 1]} << 16) | (uint32_t{d[at + 2]} << 8) |
           d[at + 3];
}

// CRC-32 as PNG uses it (ISO 3309, reflected 0xEDB88320), eight bytes a step
// so that checking every chunk of a package's drawings costs little beside
// reading them.
using CrcTables = std::array<std::array<uint32_t, 256>, 8>;

constexpr CrcTables MakeCrcTables() {
    CrcTables t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[0][i] = c;
    }
    for (size_t k = 1; k < 8; ++k)
        for (size_t i = 0; i < 256; ++i)
            t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFF];
    return t;
}

constexpr CrcTables kCrc = MakeCrcTables();

uint32_t Crc32(const uint8_t* p, size_t n) {
    uint32_t crc = 0xFFFFFFFFu;
    for (; n >= 8; p += 8, n -= 8) {
        const uint32_t lo =
            (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24) ^
            crc;
        const uint32_t hi =
            uint32_t{p[4]} | uint32_t{p[5]} << 8 | uint32_t{p[6]} << 16 | uint32_t{p[7]} << 24;
        crc = kCrc[7][lo & 0xFF] ^ kCrc[6][(lo >> 8) & 0xFF] ^ kCrc[5][(lo >> 16) & 0xFF] ^
              kCrc[4][lo >> 24] ^ kCrc[3][hi & 0xFF] ^ kCrc[2][(hi >> 8) & 0xFF] ^
              kCrc[1][(hi >> 16) & 0xFF] ^ kCrc[0][hi >> 24];
    }
    for (; n > 0; --n)
        crc = kCrc[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

std::string Size(int64_t w, int64_t h) {
    return std::to_string(w) + "x" + std::to_string(h);
}

// A header claiming more pixels than the data can hold: what a decoder would
// make up (stb fills a JPEG's missing data with grey) is not the picture.
MediaError TooLittleData(const char* format, const ImageInfo& info) {
    return MediaError(std::string("the ") + format + " image says it is " +
                      Size(info.width, info.height) +
                      " pixels, but it holds too little data for that many (its header does not "
                      "belong to its data)");
}

void CheckJpegLayout(std::span<const uint8_t> d, const ImageInfo& info) {
    const MediaError cut("the jpeg image is cut short (its data ends before its end marker)");
    auto damaged = [](const std::string& why) {
        return MediaError("the jpeg image is damaged (" + why + ")");
    };
    bool frame = false, huffman = false, quant = false, baseline = false;
    int scans = 0;
    uint64_t coded_bytes = 0, min_blocks = 0;
    size_t pos = 2; // after the start marker, which SniffFormat saw
    for (;;) {
        if (pos >= d.size()) throw cut;
        if (d[pos] != 0xFF) throw damaged("a segment does not start where the one before ends");
        while (pos < d.size() && d[pos] == 0xFF)
            ++pos; // fill bytes before a marker
        if (pos >= d.size()) throw cut;
        const uint8_t m = d[pos++];
        if (m == 0xD9) break;                                // end of image
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) continue; // markers without a length
        if (m == 0xD8 || m == 0x00) throw damaged("a second start marker");
        if (pos + 2 > d.size()) throw cut;
        const size_t len = Be16(d, pos);
        if (len < 2) throw damaged("a segment of impossible length");
        if (len > d.size() - pos) throw cut;
        const size_t body = pos + 2;
        pos += len;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (frame) throw damaged("two frame headers");
            if (m > 0xC2)
                throw MediaError("the jpeg image uses a kind of JPEG coding (lossless, "
                                 "hierarchical or arithmetic) the kiosk cannot show; save it "
                                 "again as an ordinary JPEG");
            const size_t comps = len >= 8 ? d[body + 5] : 0;
            if (comps == 0 || len != 8 + 3 * comps) throw damaged("a malformed frame header");
            const uint32_t h = Be16(d, body + 1), w = Be16(d, body + 3);
            if (static_cast<int>(w) != info.width || static_cast<int>(h) != info.height)
                throw damaged("its frame header says " + Size(w, h) + " pixels, its first " +
                              Size(info.width, info.height));
            uint32_t hmax = 1, vmax = 1;
            for (size_t c = 0; c < comps; ++c) {
                const uint8_t f = d[body + 6 + 3 * c + 1];
                if ((f >> 4) < 1 || (f >> 4) > 4 || (f & 15) < 1 || (f & 15) > 4)
                    throw damaged("a malformed frame header");
                hmax = std::max<uint32_t>(hmax, f >> 4);
                vmax = std::max<uint32_t>(vmax, f & 15);
            }
            // Each 8x8 block of each component takes at least two bits in a
            // baseline scan (its DC difference and an end-of-block code).
            for (size_t c = 0; c < comps; ++c) {
                const uint8_t f = d[body + 6 + 3 * c + 1];
                const uint64_t cw = (uint64_t{w} * (f >> 4) + hmax - 1) / hmax;
                const uint64_t ch = (uint64_t{h} * (f & 15) + vmax - 1) / vmax;
                min_blocks += ((cw + 7) / 8) * ((ch + 7) / 8);
            }
            baseline = m != 0xC2;
            frame = true;
        } else if (m == 0xC4) {
            huffman = true;
        } else if (m == 0xDB) {
            quant = true;
        } else if (m == 0xDA) {
            if (!frame || !huffman || !quant)
                throw damaged("its pixel data comes before the tables needed to read it");
            ++scans;
            // The coded data runs to the next marker that is neither a
            // stuffed 0xFF byte nor a restart marker.
            size_t p = pos;
            for (;;) {
                const auto* ff =
                    static_cast<const uint8_t*>(std::memchr(d.data() + p, 0xFF, d.size() - p));
                if (!ff || ff + 1 >= d.data() + d.size()) throw cut;
                p = static_cast<size_t>(ff - d.data());
                const uint8_t next = d[p + 1];
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7))
                    p += 2;
                else if (next == 0xFF)
                    p += 1;
                else
                    break;
            }
            coded_bytes += p - pos;
            pos = p;
        }
    }
    if (scans == 0) throw damaged("it holds no pixel data");
    if (baseline && coded_bytes * 8 < 2 * min_blocks) throw TooLittleData("jpeg", info);
}

void CheckPngLayout(std::span<const uint8_t> d, const ImageInfo& info) {
    const MediaError cut("the png image is cut short (its data ends before its end chunk)");
    auto damaged = [](const std::string& why) {
        return MediaError("the png image is damaged (" + why + ")");
    };
    bool header = false, palette = false;
    int depth = 0, colour = 0;
    uint64_t coded_bytes = 0, chunks_of_pixels = 0;
    size_t pos = 8; // after the signature, which SniffFormat saw
    for (;;) {
        if (d.size() - pos < 12) throw cut;
        const size_t len = Be32(d, pos);
        if (len > d.size() - pos - 12) throw cut;
        const uint8_t* type = d.data() + pos + 4;
        if (Crc32(type, len + 4) != Be32(d, pos + 8 + len))
            throw damaged("a checksum does not match: part of it was changed");
        auto is = [&](const char* name) { return std::memcmp(type, name, 4) == 0; };
        if (!header) {
            if (!is("IHDR") || len != 13) throw damaged("it does not start with its header");
            depth = d[pos + 16];
            colour = d[pos + 17];
            header = true;
        } else if (is("IHDR")) {
            throw damaged("two headers");
        } else if (is("PLTE")) {
            palette = true;
        } else if (is("IDAT")) {
            coded_bytes += len;
            ++chunks_of_pixels;
        } else if (is("IEND")) {
            break;
        }
        pos += 12 + len;
    }
    if (chunks_of_pixels == 0) throw damaged("it holds no pixel data");
    const int channels = colour == 0   ? 1
                         : colour == 2 ? 3
                         : colour == 3 ? 1
                         : colour == 4 ? 2
                         : colour == 6 ? 4
                                       : 0;
    if (channels == 0 || depth < 1 || depth > 16) throw damaged("an unknown colour type");
    if (colour == 3 && !palette) throw damaged("its colours need a palette it lacks");
    // Deflate packs at most 1032 bytes into one (a 258-byte match in two
    // one-bit codes), so the pixels' bytes bound the compressed size below.
    const uint64_t pixel_bytes =
        (static_cast<uint64_t>(info.width) * info.height * channels * static_cast<uint64_t>(depth) +
         7) /
        8;
    if ((coded_bytes + 16) * 1032 < pixel_bytes) throw TooLittleData("png", info);
}

} // namespace

ImageInfo CheckImageLayout(std::span<const uint8_t> data, const ImageLimits& limits) {
    const ImageInfo info = ProbeImage(data, limits);
    if (info.format == ImageFormat::Jpeg)
        CheckJpegLayout(data, info);
    else
        CheckPngLayout(data, info);
    return info;
}

namespace {

// Decodes at the size closest above fit_w x fit_h (the header's size fit
// into box_w x box_h) the format allows: a JPEG's DCT scales, a PNG whole.
RgbaImage DecodeWhole(std::span<const uint8_t> data, const ImageInfo& info,
                      const DecodeTarget& target, int box_w, int box_h, int fit_w, int fit_h) {
    if (info.format == ImageFormat::Jpeg) {
        // libjpeg-turbo's SIMD decoder: about twice stb_image's speed. In
        // attract mode every picture is decoded again on each pass (the
        // slideshow keeps only what it shows), so this is most of the
        // decode worker's CPU; decoding at the box's DCT scale cuts it.
        SourceLimits strict;
        strict.strict = true;
        strict.jpeg_bgra = target.opaque_bgra;
        // As stored: kiosk-pack stored it upright, so an EXIF tag in a
        // package is not the curator's and is not followed.
        strict.apply_exif = false;
        // The same box, not the fitted size: fitting that again may round a
        // side down (1920x48 into 1208x31 fits as 1208x30, and 1208x30
        // again as 1200x30).
        SourceImage src = DecodeSourceImage(data, box_w, box_h, strict);
        if (src.source_width != info.width || src.source_height != info.height ||
            src.image.width < fit_w || src.image.height < fit_h)
            throw MediaError("the image header and its pixels disagree about its size");
        src.image.opaque = true; // JPEG has no alpha
        return std::move(src.image);
    }
    int w = 0, h = 0, comp = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> px(
        stbi_load_from_memory(data.data(), static_cast<int>(data.size()), &w, &h, &comp, 4),
        stbi_image_free);
    if (!px)
        throw MediaError(std::string("the ") + ImageFormatName(info.format) +
                         " image is damaged and cannot be decoded (" + stbi_failure_reason() + ")");
    if (w != info.width || h != info.height)
        throw MediaError("the image header and its pixels disagree about its size");
    RgbaImage img;
    img.width = w;
    img.height = h;
    img.pixels.assign(px.get(), px.get() + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    img.opaque = true;
    for (size_t i = 3; img.opaque && i < img.pixels.size(); i += 4)
        img.opaque = img.pixels[i] == 255;
    return img;
}

} // namespace

RgbaImage DecodeImage(std::span<const uint8_t> data, const ImageLimits& limits,
                      const DecodeTarget& target) {
    const ImageInfo info = ProbeImage(data, limits);
    const bool boxed = target.max_w > 0 && target.max_h > 0;
    const int box_w = boxed ? target.max_w : info.width;
    const int box_h = boxed ? target.max_h : info.height;
    int fit_w = 0, fit_h = 0;
    FitInside(info.width, info.height, box_w, box_h, fit_w, fit_h);
    RgbaImage img = DecodeWhole(data, info, target, box_w, box_h, fit_w, fit_h);
    if (img.width != fit_w || img.height != fit_h) img = ResizeImage(img, fit_w, fit_h);
    if (target.opaque_bgra && img.opaque && !img.bgra) SwapRedBlue(img);
    return img;
}

void FitInside(int w, int h, int max_w, int max_h, int& out_w, int& out_h) {
    out_w = w;
    out_h = h;
    if (w <= 0 || h <= 0) {
        out_w = out_h = 1;
        return;
    }
    if (w > max_w || h > max_h) {
        const double s = std::min(static_cast<double>(max_w) / w, static_cast<double>(max_h) / h);
        out_w = std::max(1, static_cast<int>(w * s + 0.5));
        out_h = std::max(1, static_cast<int>(h * s + 0.5));
    }
}

RgbaImage ResizeImage(const RgbaImage& image, int w, int h) {
    if (w == image.width && h == image.height) return image;
    RgbaImage out;
    out.width = w;
    out.height = h;
    out.opaque = image.opaque; // alpha 255 everywhere stays 255
    out.bgra = image.bgra;     // every channel is scaled alike
    out.pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    if (!stbir_resize_uint8_srgb(image.pixels.data(), image.width, image.height, 0,
                                 out.pixels.data(), w, h, 0, 4, 3, 0))
        throw MediaError("the image could not be scaled");
    return out;
}

bool HasAlpha(const RgbaImage& image) {
    for (size_t i = 3; i < image.pixels.size(); i += 4)
        if (image.pixels[i] != 255) return true;
    return false;
}

std::vector<uint8_t> EncodeJpeg(const RgbaImage& image, int quality) {
    std::vector<uint8_t> out;
    if (!stbi_write_jpg_to_func(AppendBytes, &out, image.width, image.height, 4,
                                image.pixels.data(), quality))
        throw MediaError("the image could not be encoded as JPEG");
    return out;
}

std::vector<uint8_t> EncodePng(const RgbaImage& image) {
    std::vector<uint8_t> out;
    // Opaque images are written as RGB: a quarter smaller, and most are opaque.
    const bool alpha = HasAlpha(image);
    std::vector<uint8_t> rgb;
    if (!alpha) {
        rgb.reserve(image.pixels.size() / 4 * 3);
        for (size_t i = 0; i < image.pixels.size(); i += 4)
            rgb.insert(rgb.end(), image.pixels.begin() + static_cast<long>(i),
                       image.pixels.begin() + static_cast<long>(i) + 3);
    }
    const int comp = alpha ? 4 : 3;
    if (!stbi_write_png_to_func(AppendBytes, &out, image.width, image.height, comp,
                                alpha ? image.pixels.data() : rgb.data(), image.width * comp))
        throw MediaError("the image could not be encoded as PNG");
    return out;
}

void SwapRedBlue(RgbaImage& image) {
    uint8_t* p = image.pixels.data();
    for (size_t i = 0; i + 3 < image.pixels.size(); i += 4)
        std::swap(p[i], p[i + 2]);
    image.bgra = !image.bgra;
}

} // namespace kiosk
