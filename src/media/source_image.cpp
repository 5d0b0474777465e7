// [SECTION] Recognising formats
// [SECTION] EXIF orientation
// [SECTION] JPEG through libjpeg-turbo (DCT-scaled, row by row)
// [SECTION] PNG through stb_image
// [SECTION] Photo or drawing

#include "media/source_image.h"

#include "core/error.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <memory>
#include <unordered_set>

#include <jpeglib.h>
#include <stb_image.h>

namespace kiosk {

// [SECTION] Recognising formats ----------------------------------------------

namespace {

bool StartsWith(std::span<const uint8_t> d, size_t at, std::string_view s) {
    return d.size() >= at + s.size() && std::memcmp(d.data() + at, s.data(), s.size()) == 0;
}

std::string MegaPixels(int64_t px) {
    return std::to_string((px + 500'000) / 1'000'000);
}

} // namespace

std::string RecogniseOtherFormat(std::span<const uint8_t> d) {
    if (StartsWith(d, 0, "RIFF") && StartsWith(d, 8, "WEBP")) return "WebP";
    if (StartsWith(d, 0, "GIF8")) return "GIF";
    if (StartsWith(d, 0, "BM")) return "BMP";
    if (StartsWith(d, 0, "II*") || StartsWith(d, 0, "MM\0*")) {
        // Camera raw files are TIFF inside; the extension-free check cannot
        // tell them apart, so name both.
        return "TIFF (or camera raw)";
    }
    if (StartsWith(d, 4, "ftyp")) {
        if (StartsWith(d, 8, "avif") || StartsWith(d, 8, "avis")) return "AVIF";
        if (StartsWith(d, 8, "heic") || StartsWith(d, 8, "heix") || StartsWith(d, 8, "mif1") ||
            StartsWith(d, 8, "msf1") || StartsWith(d, 8, "hevc"))
            return "HEIC (an iPhone photo)";
        if (StartsWith(d, 8, "crx")) return "Canon raw (CR3)";
        return "video or HEIF";
    }
    if (StartsWith(d, 0, "%PDF")) return "PDF document";
    if (StartsWith(d, 0, "8BPS")) return "Photoshop (PSD)";
    if (StartsWith(d, 0, std::string_view("\0\0\0\x0CjP  ", 8))) return "JPEG 2000";
    if (StartsWith(d, 0, std::string_view("\xFF\x0A", 2))) return "JPEG XL";
    if (StartsWith(d, 0, std::string_view("\0\0\0\x0CJXL ", 8))) return "JPEG XL";
    if (StartsWith(d, 0, std::string_view("\0\0\1\0", 4))) return "icon (ICO)";
    // SVG is text: look for its element near the start.
    const std::string_view head(reinterpret_cast<const char*>(d.data()),
                                std::min<size_t>(d.size(), 512));
    if (head.find("<svg") != std::string_view::npos) return "SVG drawing";
    return "";
}

// [SECTION] EXIF orientation ---------------------------------------------------

std::optional<int> ParseExifOrientation(std::span<const uint8_t> a) {
    if (!StartsWith(a, 0, std::string_view("Exif\0\0", 6))) return std::nullopt;
    const std::span<const uint8_t> t = a.subspan(6); // the TIFF structure
    if (t.size() < 8) return std::nullopt;
    bool le;
    if (StartsWith(t, 0, "II"))
        le = true;
    else if (StartsWith(t, 0, "MM"))
        le = false;
    else
        return std::nullopt;
    auto u16 = [&](size_t at) -> uint32_t {
        return le ? (t[at] | (uint32_t{t[at + 1]} << 8)) : ((uint32_t{t[at]} << 8) | t[at + 1]);
    };
    auto u32 = [&](size_t at) -> uint32_t {
        return le ? (u16(at) | (u16(at + 2) << 16)) : ((u16(at) << 16) | u16(at + 2));
    };
    if (u16(2) != 42) return std::nullopt;
    const uint32_t ifd = u32(4);
    if (ifd > t.size() || t.size() - ifd < 2) return std::nullopt;
    const uint32_t count = u16(ifd);
    for (uint32_t i = 0; i < count; ++i) {
        const size_t e = ifd + 2 + size_t{i} * 12;
        if (e + 12 > t.size()) return std::nullopt;
        if (u16(e) != 0x0112) continue;
        if (u16(e + 2) != 3) return std::nullopt; // must be a SHORT
        const uint32_t v = u16(e + 8);
        if (v < 1 || v > 8) return std::nullopt;
        return static_cast<int>(v);
    }
    return std::nullopt;
}

RgbaImage ApplyExifOrientation(const RgbaImage& in, int o) {
    if (o <= 1 || o > 8) return in;
    const int w = in.width, h = in.height;
    RgbaImage out;
    const bool swap = o >= 5;
    out.width = swap ? h : w;
    out.height = swap ? w : h;
    out.opaque = in.opaque;
    out.bgra = in.bgra; // pixels move whole
    out.pixels.resize(in.pixels.size());
    const auto* src = reinterpret_cast<const uint32_t*>(in.pixels.data());
    auto* dst = reinterpret_cast<uint32_t*>(out.pixels.data());
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sx = x, sy = y;
            switch (o) {
            case 2:
                sx = w - 1 - x;
                break;
            case 3:
                sx = w - 1 - x;
                sy = h - 1 - y;
                break;
            case 4:
                sy = h - 1 - y;
                break;
            case 5:
                sx = y;
                sy = x;
                break;
            case 6:
                sx = y;
                sy = h - 1 - x;
                break;
            case 7:
                sx = w - 1 - y;
                sy = h - 1 - x;
                break;
            case 8:
                sx = w - 1 - y;
                sy = x;
                break;
            default:
                break;
            }
            dst[static_cast<size_t>(y) * static_cast<size_t>(out.width) + static_cast<size_t>(x)] =
                src[static_cast<size_t>(sy) * static_cast<size_t>(w) + static_cast<size_t>(sx)];
        }
    }
    return out;
}

// [SECTION] JPEG through libjpeg-turbo ----------------------------------------

namespace {

// libjpeg reports errors by calling error_exit, which must not return: jump
// back to the decode with the library's own message kept for the curator.
struct JpegError {
    jpeg_error_mgr pub;
    std::jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

void OnJpegError(j_common_ptr cinfo) {
    auto* err = reinterpret_cast<JpegError*>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    std::longjmp(err->jump, 1);
}

void IgnoreJpegWarning(j_common_ptr, int) {}

// Strict decoding: a warning (data cut short, a corrupt segment that libjpeg
// would fill with grey) is an error, as stb_image makes it.
void FailOnJpegWarning(j_common_ptr cinfo, int level) {
    if (level < 0) OnJpegError(cinfo);
}

// Everything the decode changes lives on the heap behind one pointer set
// before setjmp, so nothing the jump skips over is left half-written in a
// register.
struct JpegJob {
    jpeg_decompress_struct cinfo{};
    JpegError err{};
    bool created = false;
    int box_w = 0, box_h = 0; // for the upright picture
    SourceImage result;
    std::vector<uint8_t> row;
    std::string limit_problem;
};

void DecodeJpeg(std::span<const uint8_t> data, const SourceLimits& limits, JpegJob& job) {
    jpeg_decompress_struct& c = job.cinfo;
    c.err = jpeg_std_error(&job.err.pub);
    job.err.pub.error_exit = OnJpegError;
    job.err.pub.emit_message = limits.strict ? FailOnJpegWarning : IgnoreJpegWarning;
    if (setjmp(job.err.jump)) {
        if (job.created) jpeg_destroy_decompress(&c);
        job.created = false;
        throw MediaError(std::string("the JPEG image is damaged and cannot be read (") +
                         job.err.message + ")");
    }
    jpeg_create_decompress(&c);
    job.created = true;
    // A progressive file needs the whole image's coefficients in memory;
    // past this the decoder stops with an error instead of swapping.
    c.mem->max_memory_to_use = static_cast<long>(limits.max_decoder_memory);
    jpeg_mem_src(&c, data.data(), static_cast<unsigned long>(data.size()));
    jpeg_save_markers(&c, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&c, TRUE);
    SourceImage& r = job.result;
    r.format = ImageFormat::Jpeg;
    r.source_width = static_cast<int>(c.image_width);
    r.source_height = static_cast<int>(c.image_height);
    const int64_t px = int64_t{r.source_width} * r.source_height;
    if (r.source_width > limits.max_jpeg_side || r.source_height > limits.max_jpeg_side ||
        px > limits.max_jpeg_pixels) {
        job.limit_problem = "the image is " + std::to_string(r.source_width) + "x" +
                            std::to_string(r.source_height) + " pixels (" + MegaPixels(px) +
                            " megapixels), larger than kiosk-pack reads (at most " +
                            MegaPixels(limits.max_jpeg_pixels) +
                            " megapixels); scale it down first";
        jpeg_destroy_decompress(&c);
        job.created = false;
        return;
    }
    for (jpeg_saved_marker_ptr m = c.marker_list; limits.apply_exif && m; m = m->next)
        if (m->marker == JPEG_APP0 + 1)
            if (auto o = ParseExifOrientation({m->data, m->data_length})) {
                r.orientation = *o;
                break;
            }
    // The box is for the upright picture; a quarter-turned file is stored
    // the other way round.
    if (r.orientation >= 5) std::swap(job.box_w, job.box_h);
    int fit_w = 0, fit_h = 0;
    FitInside(r.source_width, r.source_height, job.box_w, job.box_h, fit_w, fit_h);
    // The smallest DCT scale (n/8) that still covers the final size: the
    // resampler then only has a little left to do, and memory stays small.
    c.scale_denom = 8;
    for (unsigned n = 1; n <= 8; ++n) {
        c.scale_num = n;
        jpeg_calc_output_dimensions(&c);
        if (static_cast<int>(c.output_width) >= fit_w && static_cast<int>(c.output_height) >= fit_h)
            break;
    }
    r.cmyk = c.jpeg_color_space == JCS_CMYK || c.jpeg_color_space == JCS_YCCK;
    const bool bgra = limits.jpeg_bgra;
    c.out_color_space = r.cmyk ? JCS_CMYK : bgra ? JCS_EXT_BGRA : JCS_EXT_RGBA;
    r.image.bgra = bgra;
    c.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&c);
    const auto ow = static_cast<size_t>(c.output_width), oh = static_cast<size_t>(c.output_height);
    r.image.width = static_cast<int>(ow);
    r.image.height = static_cast<int>(oh);
    r.image.pixels.resize(ow * oh * 4);
    job.row.resize(ow * static_cast<size_t>(c.output_components));
    while (c.output_scanline < c.output_height) {
        uint8_t* dst = r.image.pixels.data() + static_cast<size_t>(c.output_scanline) * ow * 4;
        if (!r.cmyk) {
            JSAMPROW rows[1] = {dst};
            jpeg_read_scanlines(&c, rows, 1);
            continue;
        }
        JSAMPROW rows[1] = {job.row.data()};
        jpeg_read_scanlines(&c, rows, 1);
        // Photoshop writes CMYK inverted (its Adobe marker says so); a
        // simple conversion without a colour profile, fine for a screen.
        const bool inverted = c.saw_Adobe_marker;
        for (size_t x = 0; x < ow; ++x) {
            const uint8_t* s = &job.row[x * 4];
            const int k = inverted ? s[3] : 255 - s[3];
            for (int ch = 0; ch < 3; ++ch) {
                const int v = inverted ? s[ch] : 255 - s[ch];
                dst[x * 4 + static_cast<size_t>(bgra ? 2 - ch : ch)] =
                    static_cast<uint8_t>(v * k / 255);
            }
            dst[x * 4 + 3] = 255;
        }
    }
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    job.created = false;
}

} // namespace

// [SECTION] PNG through stb_image ---------------------------------------------

SourceImage DecodeSourceImage(std::span<const uint8_t> data, int box_w, int box_h,
                              const SourceLimits& limits) {
    if (data.empty()) throw MediaError("the image file is empty");
    if (data.size() > limits.max_file_bytes)
        throw MediaError("the image file is " + std::to_string(data.size() >> 20) +
                         " MB, more than kiosk-pack reads (" +
                         std::to_string(limits.max_file_bytes >> 20) + " MB); scale it down first");
    const bool jpeg = data.size() >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
    static constexpr uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    const bool png = data.size() >= 8 && std::equal(kPng, kPng + 8, data.begin());
    if (!jpeg && !png) {
        const std::string other = RecogniseOtherFormat(data);
        if (!other.empty())
            throw MediaError("this is a " + other +
                             " file, which the kiosk does not show; save it as JPEG (photographs) "
                             "or PNG (drawings, maps) and name that file here");
        throw MediaError("this file is not an image the kiosk can read; save it as JPEG "
                         "(photographs) or PNG (drawings, maps)");
    }
    if (jpeg) {
        auto job = std::make_unique<JpegJob>();
        job->box_w = box_w;
        job->box_h = box_h;
        DecodeJpeg(data, limits, *job);
        if (!job->limit_problem.empty()) throw MediaError(job->limit_problem);
        SourceImage r = std::move(job->result);
        job.reset();
        if (r.orientation != 1) r.image = ApplyExifOrientation(r.image, r.orientation);
        return r;
    }
    ImageLimits png_limits;
    png_limits.max_side = limits.max_png_side;
    png_limits.max_pixels = limits.max_png_pixels;
    png_limits.max_file_bytes = limits.max_file_bytes;
    SourceImage r;
    r.format = ImageFormat::Png;
    r.image = DecodeImage(data, png_limits); // stb_image: palette, 16-bit, interlaced, alpha
    r.source_width = r.image.width;
    r.source_height = r.image.height;
    return r;
}

// [SECTION] Photo or drawing ---------------------------------------------------

bool LooksLikePhoto(const RgbaImage& image) {
    if (HasAlpha(image)) return false;
    const size_t n = image.pixels.size() / 4;
    if (n < 64 * 64) return false;
    // Count distinct colours over up to ~65 000 evenly spread pixels: a
    // drawing, map or scan of text has a few hundred (its antialiasing), a
    // photograph thousands.
    const size_t step = std::max<size_t>(1, n / 65536);
    std::unordered_set<uint32_t> colours;
    for (size_t i = 0; i < n; i += step) {
        const uint8_t* p = &image.pixels[i * 4];
        colours.insert(uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]);
        if (colours.size() > 8000) return true;
    }
    return false;
}

} // namespace kiosk
