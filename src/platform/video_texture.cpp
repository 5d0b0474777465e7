#include "platform/video_texture.h"

#include "core/error.h"
#include "media/media_module.h"

#include <GL/gl.h>
#include <mpv/render.h>
#include <mpv/render_gl.h>

namespace kiosk {

namespace {

class MpvVideoTexture final : public VideoTexture {
  public:
    MpvVideoTexture(mpv_handle* mpv, GetProcAddress get_proc_address, std::function<void()> wake);
    ~MpvVideoTexture() override;
    MpvVideoTexture(const MpvVideoTexture&) = delete;
    MpvVideoTexture& operator=(const MpvVideoTexture&) = delete;

    bool Update(int width, int height) override;
    unsigned texture() const override { return m_texture; }
    int width() const override { return m_width; }
    int height() const override { return m_height; }
    bool has_frame() const override { return m_has_frame; }

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

} // namespace

// Framebuffer objects are GL 3.0 / ARB_framebuffer_object: not in GL 1.x's
// <GL/gl.h> prototypes, so they come through the context's loader.
struct MpvVideoTexture::Gl {
    using GenFramebuffers = void (*)(int, unsigned*);
    using DeleteFramebuffers = void (*)(int, const unsigned*);
    using BindFramebuffer = void (*)(unsigned, unsigned);
    using FramebufferTexture2D = void (*)(unsigned, unsigned, unsigned, unsigned, int);
    GenFramebuffers gen = nullptr;
    DeleteFramebuffers del = nullptr;
    BindFramebuffer bind = nullptr;
    FramebufferTexture2D attach = nullptr;
};

namespace {

constexpr unsigned kFramebuffer = 0x8D40;        // GL_FRAMEBUFFER
constexpr unsigned kColorAttachment0 = 0x8CE0;   // GL_COLOR_ATTACHMENT0
constexpr unsigned kFramebufferBinding = 0x8CA6; // GL_FRAMEBUFFER_BINDING

void* ProcAddress(void* ctx, const char* name) {
    return reinterpret_cast<void*>(reinterpret_cast<VideoTexture::GetProcAddress>(ctx)(name));
}

void OnUpdate(void* ctx) {
    const auto& wake = *static_cast<std::function<void()>*>(ctx);
    if (wake) wake();
}

} // namespace

MpvVideoTexture::MpvVideoTexture(mpv_handle* mpv, GetProcAddress get_proc_address,
                                 std::function<void()> wake)
    : m_wake(std::move(wake)), m_gl(new Gl) {
    m_gl->gen = reinterpret_cast<Gl::GenFramebuffers>(get_proc_address("glGenFramebuffers"));
    m_gl->del = reinterpret_cast<Gl::DeleteFramebuffers>(get_proc_address("glDeleteFramebuffers"));
    m_gl->bind = reinterpret_cast<Gl::BindFramebuffer>(get_proc_address("glBindFramebuffer"));
    m_gl->attach =
        reinterpret_cast<Gl::FramebufferTexture2D>(get_proc_address("glFramebufferTexture2D"));
    if (!m_gl->gen || !m_gl->del || !m_gl->bind || !m_gl->attach) {
        delete m_gl;
        throw MediaError("this graphics driver has no framebuffer objects; video cannot be shown");
    }
    mpv_opengl_init_params gl_init{ProcAddress, reinterpret_cast<void*>(get_proc_address)};
    int advanced = 1; // mpv's thread may call back while the loop sleeps
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_API_TYPE, const_cast<char*>(MPV_RENDER_API_TYPE_OPENGL)},
        {MPV_RENDER_PARAM_OPENGL_INIT_PARAMS, &gl_init},
        {MPV_RENDER_PARAM_ADVANCED_CONTROL, &advanced},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    if (const int err = mpv_render_context_create(&m_ctx, mpv, params); err < 0) {
        delete m_gl;
        throw MediaError(std::string("video cannot be drawn with this graphics driver (") +
                         mpv_error_string(err) + ")");
    }
    mpv_render_context_set_update_callback(m_ctx, OnUpdate, &m_wake);
}

MpvVideoTexture::~MpvVideoTexture() {
    // Before the player's core goes: mpv's own rule for render contexts.
    mpv_render_context_free(m_ctx);
    if (m_fbo) m_gl->del(1, &m_fbo);
    if (m_texture) glDeleteTextures(1, &m_texture);
    delete m_gl;
}

void MpvVideoTexture::Resize(int width, int height) {
    if (!m_texture) glGenTextures(1, &m_texture);
    if (!m_fbo) m_gl->gen(1, &m_fbo);
    GLint bound_texture = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound_texture);
    glBindTexture(GL_TEXTURE_2D, m_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound_texture));
    GLint bound_fbo = 0;
    glGetIntegerv(kFramebufferBinding, &bound_fbo);
    m_gl->bind(kFramebuffer, m_fbo);
    m_gl->attach(kFramebuffer, kColorAttachment0, GL_TEXTURE_2D, m_texture, 0);
    m_gl->bind(kFramebuffer, static_cast<unsigned>(bound_fbo));
    m_width = width;
    m_height = height;
}

bool MpvVideoTexture::Update(int width, int height) {
    if (width <= 0 || height <= 0) return false;
    const bool resized = width != m_width || height != m_height;
    if (resized) Resize(width, height);
    // Only a frame of mpv's counts: a resized texture waits for the next
    // one (the app shows the poster until has_frame()).
    const bool frame = (mpv_render_context_update(m_ctx) & MPV_RENDER_UPDATE_FRAME) != 0;
    if (!frame && !(resized && m_has_frame)) return false;
    mpv_opengl_fbo fbo{static_cast<int>(m_fbo), width, height, GL_RGBA8};
    int flip = 0;  // a texture's rows start at the top, as ImGui draws it
    int block = 0; // never wait for the frame's display time
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_OPENGL_FBO, &fbo},
        {MPV_RENDER_PARAM_FLIP_Y, &flip},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    GLint bound_fbo = 0;
    glGetIntegerv(kFramebufferBinding, &bound_fbo);
    mpv_render_context_render(m_ctx, params);
    m_gl->bind(kFramebuffer, static_cast<unsigned>(bound_fbo));
    m_has_frame = true;
    return true;
}

std::unique_ptr<VideoTexture> media_module::NewVideoTexture(Player& player,
                                                            void* (*get_proc_address)(const char*),
                                                            std::function<void()> wake) {
    return std::make_unique<MpvVideoTexture>(player.handle(), get_proc_address, std::move(wake));
}

} // namespace kiosk
