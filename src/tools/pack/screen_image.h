// The one way kiosk-pack turns a decoded picture into a stored image and its
// thumbnail: the pictures of exhibit.toml and the poster frames of videos.
#pragma once

#include "media/image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiosk {

struct ScreenImage {
    std::string format, thumb_format; // "jpeg" or "png"
    int w = 0, h = 0, tw = 0, th = 0;
    bool converted_to_jpeg = false; // a PNG photograph stored as JPEG
    std::vector<uint8_t> data, thumb;
};

// Scales `img` to fit the screen box (never up) and a thumbnail to fit the
// thumbnail box. Photographs (`png` false: a JPEG file, a video frame) are
// stored as JPEG; a PNG stays PNG unless it looks like a photograph and JPEG
// makes it at most a quarter the size. Throws MediaError.
ScreenImage PrepareScreenImage(RgbaImage img, bool png, int screen_w, int screen_h, int thumb_w,
                               int thumb_h);

} // namespace kiosk
