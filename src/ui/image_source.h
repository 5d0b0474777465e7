// What the UI needs from the texture cache: a texture for an image if it is
// resident, else whether it is still loading or cannot be shown at all.
#pragma once

#include "media/decode_queue.h"

#include <imgui.h>

namespace kiosk {

enum class ImageStatus { Loading, Ready, Failed };

struct TextureRef {
    ImTextureID id = nullptr;
    int width = 0;
    int height = 0;
    bool opaque = false; // no pixel is see-through: may be drawn without blending
    // Stored in B, G, R, A order for the renderer's picture path: drawn only
    // through DrawContext::pictures (llvmpipe 22.3 draws such a texture
    // wrong with ImGui's colour-times-texture shader).
    bool picture = false;
};

class ImageSource {
  public:
    virtual ~ImageSource() = default;
    // Marks `key` as used this frame; fills `out` when Ready.
    virtual ImageStatus Get(const ImageKey& key, TextureRef& out) = 0;
    // Asks for `key` ahead of need (the next attract panel).
    virtual void Prefetch(const ImageKey& key) = 0;
};

} // namespace kiosk
