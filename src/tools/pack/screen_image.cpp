#include "tools/pack/screen_image.h"

#include "media/source_image.h"

namespace kiosk {

ScreenImage PrepareScreenImage(RgbaImage img, bool png, int screen_w, int screen_h, int thumb_w,
                               int thumb_h) {
    ScreenImage pr;
    FitInside(img.width, img.height, screen_w, screen_h, pr.w, pr.h);
    RgbaImage screen = ResizeImage(img, pr.w, pr.h);
    img = {};
    // Photographs are stored as JPEG, also when they came as PNG (a tenth of
    // the size); drawings and anything with transparency stay PNG, whose
    // sharp edges JPEG would blur. A PNG counts as a photograph when it has a
    // photograph's colours and JPEG makes it at most a quarter the size (a
    // smooth drawing or map compresses well as PNG too).
    if (png) {
        pr.data = EncodePng(screen);
        if (LooksLikePhoto(screen)) {
            std::vector<uint8_t> jpeg = EncodeJpeg(screen);
            if (jpeg.size() * 4 <= pr.data.size()) {
                pr.data = std::move(jpeg);
                png = false;
                pr.converted_to_jpeg = true;
            }
        }
    } else {
        pr.data = EncodeJpeg(screen);
    }
    pr.format = png ? "png" : "jpeg";
    FitInside(pr.w, pr.h, thumb_w, thumb_h, pr.tw, pr.th);
    // A transparent picture keeps its transparency in the thumbnail too, so
    // the tile's own colour shows through (in either theme) instead of
    // JPEG's black.
    RgbaImage thumb = ResizeImage(screen, pr.tw, pr.th);
    const bool thumb_png = png && HasAlpha(thumb);
    pr.thumb_format = thumb_png ? "png" : "jpeg";
    pr.thumb = thumb_png ? EncodePng(thumb) : EncodeJpeg(thumb, 85);
    return pr;
}

} // namespace kiosk
