// The renderer's picture path (OpenGL 3 on Mesa's llvmpipe): photographs
// drawn as a textured rectangle with a shader that does nothing but sample,
// unblended at full strength, else mixed by a constant alpha (glBlendColor).
// llvmpipe takes its linear path for exactly this (a B, G, R, A texture into a
// frame buffer of the same order, no depth buffer): it copies and filters rows
// instead of running a shader per pixel, about a third of the CPU of ImGui's
// colour-times-texture shader for the same picture (4.4 against 12.6 ms for
// 1111x740 here). A board with a GPU does not use it (Window::pictures_wanted).
#pragma once

#include "ui/screens.h"

#include <deque>
#include <string>

namespace kiosk {

class PictureRenderer final : public PictureSink {
  public:
    // Needs the current OpenGL 3 context. Throws ConfigError with the
    // driver's words when the shader cannot be built.
    PictureRenderer();
    ~PictureRenderer() override;
    PictureRenderer(const PictureRenderer&) = delete;
    PictureRenderer& operator=(const PictureRenderer&) = delete;

    // Queues `picture` and puts its callback, then ImGui's render-state reset,
    // into `list`. Valid until NewFrame().
    void Add(ImDrawList* list, const PictureDraw& picture) override;
    // Forgets the last frame's pictures (call before drawing a new frame).
    void NewFrame() { m_queued.clear(); }

  private:
    struct Queued {
        const PictureRenderer* self;
        PictureDraw picture;
    };
    static void Callback(const ImDrawList* list, const ImDrawCmd* cmd);
    void Draw(const ImDrawCmd& cmd, const PictureDraw& picture) const;

    std::deque<Queued> m_queued; // stable addresses: the draw list points at them
    unsigned int m_program = 0;
    unsigned int m_vao = 0;
    unsigned int m_vbo = 0;
};

} // namespace kiosk
