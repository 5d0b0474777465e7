// The kiosk's window: GLFW on X11, an OpenGL 3 context where the board has
// one and OpenGL 2 where it does not, through GLX or else EGL (chosen at
// start-up and logged), the ImGui renderer for it, pointer input (X turns
// touches into a mouse), lockdown, and screenshots for the scripted mode.
#pragma once

#include "core/gesture.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct ImDrawList;
struct ImDrawCmd;

struct GLFWwindow;

namespace kiosk {

class PictureSink;
class PictureRenderer;

struct WindowOptions {
    bool fullscreen = true; // kiosk mode: fullscreen, cursor hidden, no way out
    int width = 1920;       // windowed size
    int height = 1080;
    std::string renderer = "auto"; // auto | gl3 | gl2
    // How the GL context is made: "auto" tries GLX, then EGL; "glx" or
    // "egl" only that one ([display] gl_context).
    std::string context = "auto";
    bool vsync = true;
    std::function<int64_t()> clock; // timestamps for pointer events (ms)
    // Called once the window's size and the screen's dpi are known, before
    // the window and its GL context are created (the longest part of a
    // start): the caller may prepare the first frame on another thread.
    std::function<void(int width, int height, float dpi)> on_size;
    // Called when the GL context is ready, before the ImGui context exists
    // (a font atlas built on another thread must be finished by then).
    std::function<void()> before_imgui;
};

enum class Renderer { OpenGL3, OpenGL2 };

class Window {
  public:
    // Opens the window and the ImGui context. Throws ConfigError with a plain
    // sentence when no display or no usable OpenGL is available.
    explicit Window(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    Renderer renderer() const { return m_renderer; }
    const std::string& gl_description() const { return m_gl_description; }
    // The frame buffer's size, as the last events said (no X round trip).
    int width() const { return m_fb_width; }
    int height() const { return m_fb_height; }
    float dpi() const { return m_dpi; }
    // Where dpi() came from, for the log ("EDID size 155x86 mm").
    const std::string& dpi_source() const { return m_dpi_source; }
    bool kiosk_mode() const { return m_options.fullscreen; }
    // The renderer's own path for opaque photographs in B, G, R, A order
    // (see PictureRenderer), cleared by BeginFrame. nullptr: not enabled
    // (yet, or not wanted), and every texture goes through ImGui's renderer.
    PictureSink* pictures() const;
    // The picture path pays where Mesa's llvmpipe draws (its linear path,
    // about a third of the CPU of ImGui's shader for a photograph); a GPU
    // draws ImGui's quads as cheaply, and a board keeps the path it always had.
    bool pictures_wanted() const { return m_pictures_wanted; }
    // Builds the picture path (its shader: a few ms, so after the first
    // frame). False, with the reason in `why`, when there is none.
    bool EnablePictures(std::string& why);

    // Sleeps until an event arrives or `timeout_s` passes.
    void Wait(double timeout_s);
    // Wakes Wait() from another thread; nothing before the window is open.
    static void Wake();
    // The GL context's function loader (libmpv's render API draws video with it).
    static void* GlProcAddress(const char* name);
    // An ImDrawList callback: blending off until ImDrawCallback_ResetRenderState
    // (DrawContext::blend_off). Both renderers (GL3, GL2) honour the reset.
    static void BlendOff(const ImDrawList*, const ImDrawCmd*);
    std::vector<PointerEvent> TakePointerEvents();
    // Keys pressed since the last call, by GLFW name ("Escape", "F4", ...).
    std::vector<std::string> TakeKeys();
    bool CloseRequested() const;
    void RequestClose();

    void BeginFrame(double delta_s);
    // Clears to the colour (0..1 RGB) and renders ImGui's draw data into the back buffer.
    void EndFrame(float r, float g, float b);
    void Present(); // swaps
    // Writes the back buffer (after EndFrame) as PNG. Returns false on failure.
    bool SaveScreenshot(const std::string& path) const;
    // Uploads the font atlas after it was (re)built and frees its CPU copy.
    // The atlas stays one byte a pixel (alpha_fonts()): GL_R8 with a swizzle
    // on OpenGL 3.3 or ARB/EXT_texture_swizzle, GL_ALPHA on OpenGL 2; else
    // ImGui's backends expand it to R, G, B, A first (4 MB for a 2048x512
    // atlas, on the start's critical path).
    void RebuildFontTexture();
    bool alpha_fonts() const { return m_alpha_fonts; }

  private:
    static void OnMouseButton(GLFWwindow* w, int button, int action, int mods);
    static void OnCursor(GLFWwindow* w, double x, double y);
    static void OnKey(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void OnClose(GLFWwindow* w);
    static void OnFramebufferSize(GLFWwindow* w, int width, int height);

    WindowOptions m_options;
    GLFWwindow* m_window = nullptr;
    Renderer m_renderer = Renderer::OpenGL3;
    std::string m_gl_description;
    std::string m_context_api; // "GLX" or "EGL", in gl_description()
    float m_dpi = 96;
    std::string m_dpi_source = "windowed: 96 dpi unless --dpi or [display] dpi is given";
    int m_fb_width = 0, m_fb_height = 0;
    bool m_close = false;
    bool m_device_objects = false; // the backend's shaders, buffers and own font texture exist
    bool m_alpha_fonts = false;    // the atlas is uploaded by us, one channel
    unsigned m_font_texture = 0;   // that texture (GLuint)
    PointerStream m_pointer;
    int64_t m_last_read_ms = 0; // when Wait last finished reading events
    std::unique_ptr<PictureRenderer> m_pictures;
    bool m_pictures_wanted = false; // OpenGL 3 on llvmpipe
    std::vector<std::string> m_keys;
};

} // namespace kiosk
