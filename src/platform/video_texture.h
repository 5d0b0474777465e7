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
#include <memory>

namespace kiosk {

class Player;

class VideoTexture {
  public:
    using GetProcAddress = void* (*)(const char* name);
    virtual ~VideoTexture() = default;

    // Renders the player's next frame at `width` x `height` when it has one;
    // true when the texture changed. Cheap when there is nothing new.
    // (A new size re-renders the last frame; before the first frame nothing.)
    virtual bool Update(int width, int height) = 0;
    // The GL texture name (0 until the first frame) and its size.
    virtual unsigned texture() const = 0;
    virtual int width() const = 0;
    virtual int height() const = 0;
    // A frame of the video is in the texture (until then it is undefined).
    virtual bool has_frame() const = 0;
};

// `wake` is called on mpv's thread when a new frame is ready (it should only
// post an empty event to the loop). Loads the media module (media_module.h)
// if it is not loaded yet. Throws MediaError when mpv cannot render into this
// GL context, or the module cannot be loaded.
std::unique_ptr<VideoTexture> MakeVideoTexture(Player& player,
                                               VideoTexture::GetProcAddress get_proc_address,
                                               std::function<void()> wake);

} // namespace kiosk
