// The picture of a Player drawn by libmpv's OpenGL render API into a texture
// of the kiosk's own GL context (GL3/GLES3 or the GL2 fallback), so video
// sits inside the ImGui layout like an image. Lives on the GL thread.
//
// Update() never waits for the decoder: it asks mpv whether a new frame is
// ready and renders only then; mpv's wakeup callback (from its own thread)
// only wakes the loop. Create after the Player, destroy before it.
#pragma once

#include <cstdint>
#include <functional>

struct mpv_handle;
struct mpv_render_context;

namespace kiosk {

class VideoTexture {
  public:
    using GetProcAddress = void* (*)(const char* name);
    // `wake` is called on mpv's thread when a new frame is ready (it should
    // only post an empty event to the loop). Throws MediaError when mpv
    // cannot render into this GL context.
    VideoTexture(mpv_handle* mpv, GetProcAddress get_proc_address, std::function<void()> wake);
    ~VideoTexture();
    VideoTexture(const VideoTexture&) = delete;
    VideoTexture& operator=(const VideoTexture&) = delete;

    // Renders mpv's next frame at `width` x `height` when it has one; true
    // when the texture changed. Cheap when there is nothing new.
    // (A new size re-renders the last frame; before mpv's first frame nothing.)
    bool Update(int width, int height);
    // The GL texture name (0 until the first frame) and its size.
    unsigned texture() const { return m_texture; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    // A frame of the video is in the texture (until then it is undefined).
    bool has_frame() const { return m_has_frame; }

  private:
    void Resize(int width, int height);
    mpv_render_context* m_ctx = nullptr;
    std::function<void()> m_wake;
    unsigned m_texture = 0;
    unsigned m_fbo = 0;
    int m_width = 0;
    int m_height = 0;
    bool m_has_frame = false;
    struct Gl; // framebuffer functions, looked up through GetProcAddress
    Gl* m_gl = nullptr;
};

} // namespace kiosk
