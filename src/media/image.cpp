#include "media/image.h"

#include "core/error.h"

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

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

RgbaImage DecodeImage(std::span<const uint8_t> data, const ImageLimits& limits) {
    const ImageInfo info = ProbeImage(data, limits);
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

} // namespace kiosk
