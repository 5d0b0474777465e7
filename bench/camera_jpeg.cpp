// Writes a camera-size test photograph (a soft gradient with sensor-like
// noise) as a baseline JPEG, one row at a time, so that a 200-megapixel file
// is made with the memory of one row. For bench/pack-photos.sh.
//   camera-jpeg WIDTH HEIGHT OUT.jpg

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include <jpeglib.h>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: camera-jpeg WIDTH HEIGHT OUT.jpg\n");
        return 2;
    }
    const int w = std::atoi(argv[1]), h = std::atoi(argv[2]);
    if (w < 1 || h < 1 || w > 65500 || h > 65500) {
        std::fprintf(stderr, "camera-jpeg: sides must be 1 to 65500 pixels\n");
        return 2;
    }
    FILE* out = std::fopen(argv[3], "wb");
    if (!out) {
        std::perror(argv[3]);
        return 1;
    }
    jpeg_compress_struct c{};
    jpeg_error_mgr err{};
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, out);
    c.image_width = static_cast<JDIMENSION>(w);
    c.image_height = static_cast<JDIMENSION>(h);
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 88, TRUE);
    jpeg_start_compress(&c, TRUE);
    std::vector<unsigned char> row(static_cast<size_t>(w) * 3);
    std::minstd_rand rng(42);
    while (c.next_scanline < c.image_height) {
        const long y = static_cast<long>(c.next_scanline);
        for (long x = 0; x < w; ++x) {
            const int n = static_cast<int>(rng() % 7) - 3;
            const size_t i = static_cast<size_t>(x) * 3;
            row[i] = static_cast<unsigned char>(std::clamp<long>(40 + x * 170 / w + n, 0, 255));
            row[i + 1] = static_cast<unsigned char>(std::clamp<long>(60 + y * 150 / h + n, 0, 255));
            row[i + 2] =
                static_cast<unsigned char>(std::clamp<long>(120 + ((x ^ y) & 31) + n, 0, 255));
        }
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return std::fclose(out) == 0 ? 0 : 1;
}
