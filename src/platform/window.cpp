#include "platform/window.h"

#include "core/error.h"
#include "core/layout.h"
#include "platform/picture_renderer.h"

#include <backends/imgui_impl_opengl2.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#define GLFW_INCLUDE_NONE
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace kiosk {

namespace {

std::string g_glfw_error; // set by GLFW's error callback, read right after a failing call
// A window is open: Wake() may post to it (threads that start before it, such
// as the start's decoding, must not call GLFW before it is initialised).
std::atomic<bool> g_window_open{false};

void OnGlfwError(int, const char* description) {
    g_glfw_error = description ? description : "";
}

const char* GlString(GLenum name) {
    const auto* s = reinterpret_cast<const char*>(glGetString(name));
    return s ? s : "?";
}

// Texture swizzles (core in OpenGL 3.3): a one-channel texture can then be
// sampled as white with its value as alpha, as ImGui's shader expects.
bool HasTextureSwizzle() {
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    if (major > 3 || (major == 3 && minor >= 3)) return true;
    GLint count = 0;
    glGetIntegerv(GL_NUM_EXTENSIONS, &count);
    for (GLint i = 0; i < count; ++i) {
        const auto* name =
            reinterpret_cast<const char*>(glGetStringi(GL_EXTENSIONS, static_cast<GLuint>(i)));
        if (name && (std::strcmp(name, "GL_ARB_texture_swizzle") == 0 ||
                     std::strcmp(name, "GL_EXT_texture_swizzle") == 0))
            return true;
    }
    return false;
}

// The first connected screen's EDID under /sys/class/drm (what the kernel
// read over HDMI or DSI), for when X gives no physical size.
SizeMm EdidSizeOfConnectedScreen() {
    std::error_code ec;
    for (const auto& dir : std::filesystem::directory_iterator("/sys/class/drm", ec)) {
        std::ifstream status(dir.path() / "status");
        std::string st;
        if (!(status >> st) || st != "connected") continue;
        std::ifstream in(dir.path() / "edid", std::ios::binary);
        std::vector<unsigned char> edid((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
        if (const SizeMm s = PhysicalSizeFromEdid(edid.data(), edid.size()); s.w > 0) return s;
    }
    return {};
}

} // namespace

Window::Window(const WindowOptions& options) : m_options(options) {
    if (!m_options.clock)
        m_options.clock = [] {
            return static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now().time_since_epoch())
                                            .count());
        };
    m_last_read_ms = m_options.clock();
    // GLFW opens X's input method, whose local fallback reads the locale's
    // whole Compose table a character at a time (thousands of dead-key
    // sequences): 15 % of the start's main-thread CPU here. The kiosk takes
    // keys by name (a technician's keyboard), never composed text, so it asks
    // for an empty table unless the environment names one.
    setenv("XCOMPOSEFILE", "/dev/null", 0);
    glfwSetErrorCallback(OnGlfwError);
    if (!glfwInit())
        throw ConfigError("cannot open the display (" + g_glfw_error +
                          "); is X running and DISPLAY set?");
    GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    int w = options.width, h = options.height;
    int refresh = GLFW_DONT_CARE;
    if (monitor) {
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        w = mode->width;
        h = mode->height;
        refresh = mode->refreshRate;
        // The size XRandR reports for the output (from its EDID); when it is
        // missing, the EDID the kernel read from the connected screen. X
        // makes up a 96-dpi size for screens without one, so a result of
        // exactly 96 is checked against the EDID as well.
        int mm_w = 0, mm_h = 0;
        glfwGetMonitorPhysicalSize(monitor, &mm_w, &mm_h);
        float dpi = DpiFromPhysicalSize(w, h, mm_w, mm_h);
        m_dpi_source =
            "XRandR output size " + std::to_string(mm_w) + "x" + std::to_string(mm_h) + " mm";
        if (dpi == 0 || std::abs(dpi - 96.0f) < 0.5f) {
            if (const SizeMm e = EdidSizeOfConnectedScreen(); e.w > 0) {
                // A portrait rotation turns the pixels, not the EDID.
                const bool turned = (w > h) != (e.w > e.h);
                const float from_edid =
                    DpiFromPhysicalSize(w, h, turned ? e.h : e.w, turned ? e.w : e.h);
                if (from_edid > 0) {
                    dpi = from_edid;
                    m_dpi_source =
                        "EDID size " + std::to_string(e.w) + "x" + std::to_string(e.h) + " mm";
                }
            }
        }
        m_dpi = dpi > 0 ? dpi : 96.0f;
        if (dpi == 0) m_dpi_source = "unknown physical size, taken as 96 dpi";
    }
    if (options.on_size) options.on_size(w, h, m_dpi);

    // One attempt at a context of this version through this API, every
    // hint set afresh.
    auto create = [&](int api, int major, int minor) {
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_CONTEXT_CREATION_API, api);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, major);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, minor);
        glfwWindowHint(GLFW_RESIZABLE, options.fullscreen ? GLFW_FALSE : GLFW_TRUE);
        glfwWindowHint(GLFW_REFRESH_RATE, refresh);
        // Nothing draws with depth or stencil: without those buffers the
        // window holds 8 MB less at 1920x1080 (PSS 97 -> 89 MiB in attract
        // mode here; on a Pi it is the GPU's memory).
        glfwWindowHint(GLFW_DEPTH_BITS, 0);
        glfwWindowHint(GLFW_STENCIL_BITS, 0);
        return glfwCreateWindow(w, h, "Exhibit", monitor, nullptr);
    };
    // GLX first, EGL where GLX is missing or refuses (an X server without
    // the GLX extension, no GLX driver for the GPU); [display] gl_context
    // chooses one. Measured here (Xvfb, llvmpipe, the bench's exhibit), EGL
    // made the context about 30 ms sooner (GLFW's GLX path reads every
    // attribute of every framebuffer configuration) and its first swap
    // returned sooner, but the picture reached the screen later (Mesa's
    // software EGL sends each frame through the X socket; GLX shares memory
    // with the server): 453 against 427 ms to the exhibit on screen, PSS
    // 87.1 against 83.7 MiB, the X server's CPU in attract mode 1.2 against
    // 0.6 % of a core. A board's GPU swaps through DRI3 either way. Within
    // each, OpenGL 3 first, OpenGL 2.1 as the fallback (Pi 3, Zero 2 W).
    std::string why;
    for (const auto& [api, name] :
         {std::pair{GLFW_NATIVE_CONTEXT_API, "GLX"}, std::pair{GLFW_EGL_CONTEXT_API, "EGL"}}) {
        if (options.context != "auto" &&
            options.context != (api == GLFW_EGL_CONTEXT_API ? "egl" : "glx"))
            continue;
        g_glfw_error.clear();
        if (options.renderer != "gl2") {
            m_window = create(api, 3, 0);
            m_renderer = Renderer::OpenGL3;
        }
        if (!m_window && options.renderer != "gl3") {
            m_window = create(api, 2, 1);
            m_renderer = Renderer::OpenGL2;
        }
        if (m_window) {
            m_context_api = name;
            break;
        }
        // GLFW's own words start with the API's name ("EGL: ...") where it knows it.
        const std::string said = g_glfw_error.empty() ? "no reason given" : g_glfw_error;
        why += (why.empty() ? "" : "; ") +
               (said.rfind(name, 0) == 0 ? said : std::string(name) + ": " + said);
    }
    if (!m_window) {
        glfwTerminate();
        throw ConfigError("cannot create an OpenGL window (" + why + ")");
    }
    glfwMakeContextCurrent(m_window);
    g_window_open = true;
    glfwSwapInterval(options.vsync ? 1 : 0);
    glfwSetWindowUserPointer(m_window, this);
    glfwSetMouseButtonCallback(m_window, OnMouseButton);
    glfwSetCursorPosCallback(m_window, OnCursor);
    glfwSetKeyCallback(m_window, OnKey);
    glfwSetWindowCloseCallback(m_window, OnClose);
    // The size as X said it, kept: asking GLFW is a round trip to the X
    // server each time (XGetWindowAttributes), and a frame asked 8 times.
    glfwGetFramebufferSize(m_window, &m_fb_width, &m_fb_height);
    glfwSetFramebufferSizeCallback(m_window, OnFramebufferSize);
    if (options.fullscreen) glfwSetInputMode(m_window, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    const std::string gl_renderer = GlString(GL_RENDERER);
    m_gl_description = std::string(m_renderer == Renderer::OpenGL3 ? "OpenGL 3" : "OpenGL 2") +
                       " renderer: " + gl_renderer + ", " + GlString(GL_VERSION) + " (through " +
                       m_context_api + ")";
    m_pictures_wanted =
        m_renderer == Renderer::OpenGL3 && gl_renderer.find("llvmpipe") != std::string::npos;
    m_alpha_fonts = m_renderer == Renderer::OpenGL2 || HasTextureSwizzle();

    if (options.before_imgui) options.before_imgui();
    // Setup Dear ImGui: drawing only; input is ours (see OnMouseButton).
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // a kiosk keeps no ImGui settings file
    io.LogFilename = nullptr;
    if (m_renderer == Renderer::OpenGL3)
        ImGui_ImplOpenGL3_Init("#version 130");
    else
        ImGui_ImplOpenGL2_Init();
}

bool Window::EnablePictures(std::string& why) {
    if (m_pictures) return true;
    if (!m_pictures_wanted) {
        why = "the picture path is for OpenGL 3 on llvmpipe";
        return false;
    }
    try {
        m_pictures = std::make_unique<PictureRenderer>();
    } catch (const ConfigError& e) {
        why = e.what();
        return false;
    }
    return true;
}

Window::~Window() {
    // Teardown in reverse order.
    m_pictures.reset();
    if (m_font_texture) glDeleteTextures(1, &m_font_texture);
    if (m_renderer == Renderer::OpenGL3)
        ImGui_ImplOpenGL3_Shutdown();
    else
        ImGui_ImplOpenGL2_Shutdown();
    ImGui::DestroyContext();
    g_window_open = false;
    glfwDestroyWindow(m_window);
    glfwTerminate();
}

void Window::OnFramebufferSize(GLFWwindow* w, int width, int height) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
    self->m_fb_width = width;
    self->m_fb_height = height;
}

void Window::Wait(double timeout_s) {
    // Events read at once waited in the queue while the last frame was drawn
    // (see PointerStream::BeginRead).
    m_pointer.BeginRead(m_options.clock(), m_last_read_ms);
    if (timeout_s <= 0)
        glfwPollEvents();
    else
        glfwWaitEventsTimeout(timeout_s);
    m_last_read_ms = m_options.clock();
}

void* Window::GlProcAddress(const char* name) {
    return reinterpret_cast<void*>(glfwGetProcAddress(name));
}

void Window::BlendOff(const ImDrawList*, const ImDrawCmd*) {
    glDisable(GL_BLEND);
}

void Window::Wake() {
    if (g_window_open) glfwPostEmptyEvent();
}

std::vector<PointerEvent> Window::TakePointerEvents() {
    return m_pointer.Take();
}

std::vector<std::string> Window::TakeKeys() {
    std::vector<std::string> out;
    out.swap(m_keys);
    return out;
}

bool Window::CloseRequested() const {
    return m_close;
}
void Window::RequestClose() {
    m_close = true;
}

void Window::OnMouseButton(GLFWwindow* w, int button, int action, int) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
    if (button != GLFW_MOUSE_BUTTON_LEFT) return;
    // The press is placed by the cursor events before it (see PointerStream);
    // only a press before any cursor event asks where the pointer is.
    if (!self->m_pointer.seeded()) {
        double x = 0, y = 0;
        glfwGetCursorPos(w, &x, &y);
        self->m_pointer.Seed(x, y);
    }
    self->m_pointer.Button(action == GLFW_PRESS, self->m_options.clock());
}

void Window::OnCursor(GLFWwindow* w, double x, double y) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
    self->m_pointer.Cursor(x, y, self->m_options.clock());
}

void Window::OnKey(GLFWwindow* w, int key, int scancode, int action, int) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
    if (action != GLFW_PRESS) return;
    const char* name = glfwGetKeyName(key, scancode);
    std::string n = name ? name : "";
    if (key == GLFW_KEY_ESCAPE)
        n = "Escape";
    else if (key == GLFW_KEY_F4)
        n = "F4";
    else if (key == GLFW_KEY_TAB)
        n = "Tab";
    if (!n.empty()) self->m_keys.push_back(n);
}

void Window::OnClose(GLFWwindow* w) {
    auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
    // Lockdown: in kiosk mode nothing closes the window but the service manager.
    if (self->m_options.fullscreen)
        glfwSetWindowShouldClose(w, GLFW_FALSE);
    else
        self->m_close = true;
}

PictureSink* Window::pictures() const {
    return m_pictures.get();
}

void Window::BeginFrame(double delta_s) {
    if (m_pictures) m_pictures->NewFrame();
    if (m_renderer == Renderer::OpenGL3)
        ImGui_ImplOpenGL3_NewFrame();
    else
        ImGui_ImplOpenGL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width()), static_cast<float>(height()));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    io.DeltaTime = static_cast<float>(delta_s > 1e-4 ? delta_s : 1e-4);
    ImGui::NewFrame();
}

void Window::EndFrame(float r, float g, float b) {
    ImGui::Render();
    glViewport(0, 0, width(), height());
    glClearColor(r, g, b, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    if (m_renderer == Renderer::OpenGL3)
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    else
        ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
}

void Window::Present() {
    glfwSwapBuffers(m_window);
}

bool Window::SaveScreenshot(const std::string& path) const {
    const int w = width(), h = height();
    std::vector<uint8_t> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    // GL's rows start at the bottom; PNG's at the top. Drop alpha: screens are opaque.
    std::vector<uint8_t> rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
    for (int y = 0; y < h; ++y) {
        const uint8_t* src = &px[static_cast<size_t>(h - 1 - y) * static_cast<size_t>(w) * 4];
        uint8_t* dst = &rgb[static_cast<size_t>(y) * static_cast<size_t>(w) * 3];
        for (int x = 0; x < w; ++x)
            std::memcpy(dst + x * 3, src + x * 4, 3);
    }
    return stbi_write_png(path.c_str(), w, h, 3, rgb.data(), w * 3) != 0;
}

void Window::RebuildFontTexture() {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
    // A colour atlas (colour glyphs) has no one-byte copy: ImGui's path.
    if (!m_alpha_fonts || atlas->TexPixelsUseColors) {
        // ImGui's own R, G, B, A font texture. The GL3 backend creates its
        // shaders on its first NewFrame and the font texture with them, from
        // the atlas's CPU copy, which is gone by then (ClearTexData below):
        // ImGui would build the whole atlas a second time in the first frame
        // and lose the first texture (4 MB for good). So the first upload
        // creates everything at once.
        if (m_renderer == Renderer::OpenGL3) {
            if (!m_device_objects) {
                ImGui_ImplOpenGL3_CreateDeviceObjects();
                m_device_objects = true;
            } else {
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                ImGui_ImplOpenGL3_CreateFontsTexture();
            }
        } else {
            ImGui_ImplOpenGL2_DestroyFontsTexture();
            ImGui_ImplOpenGL2_CreateFontsTexture();
        }
        atlas->ClearTexData();
        return;
    }
    if (!m_device_objects) {
        // The backends make a font texture with their other objects (and
        // the GL2 one makes them all again while it has none): they get one
        // from a white pixel, which nothing draws with.
        ImFontAtlas stand_in;
        stand_in.TexPixelsRGBA32 = static_cast<unsigned int*>(IM_ALLOC(4));
        *stand_in.TexPixelsRGBA32 = 0xFFFFFFFFu;
        stand_in.TexWidth = stand_in.TexHeight = 1;
        io.Fonts = &stand_in;
        // Whatever a frame before the first upload made goes first (nothing,
        // normally); its texture id is cleared on the stand-in.
        if (m_renderer == Renderer::OpenGL3) {
            ImGui_ImplOpenGL3_DestroyDeviceObjects();
            ImGui_ImplOpenGL3_CreateDeviceObjects();
        } else {
            ImGui_ImplOpenGL2_DestroyFontsTexture();
            ImGui_ImplOpenGL2_CreateFontsTexture();
        }
        io.Fonts = atlas;
        m_device_objects = true;
    }
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas->GetTexDataAsAlpha8(&pixels, &w, &h);
    GLint last_texture = 0, last_alignment = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &last_texture);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &last_alignment);
    if (m_font_texture == 0) glGenTextures(1, &m_font_texture);
    glBindTexture(GL_TEXTURE_2D, m_font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    if (m_renderer == Renderer::OpenGL3) {
        // Sampled as (1, 1, 1, coverage): what ImGui's R, G, B, A atlas holds.
        const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    } else {
        // The GL2 backend's fixed function modulates: colour times (1, 1, 1, A).
        glTexImage2D(GL_TEXTURE_2D, 0, GL_ALPHA, w, h, 0, GL_ALPHA, GL_UNSIGNED_BYTE, pixels);
    }
    glPixelStorei(GL_UNPACK_ALIGNMENT, last_alignment);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last_texture));
    atlas->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(m_font_texture)));
    // The atlas lives on in the texture; its CPU copy need not.
    atlas->ClearTexData();
}

} // namespace kiosk
