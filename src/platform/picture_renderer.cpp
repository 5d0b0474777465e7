#include "platform/picture_renderer.h"

#include "core/error.h"

#include <imgui.h>

#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>

#include <cstdint>

namespace kiosk {

namespace {

// GLSL 1.30, as ImGui's own OpenGL 3 shaders.
constexpr const char* kVertex = R"(#version 130
in vec2 Position;
in vec2 UV;
out vec2 Frag_UV;
void main() {
    Frag_UV = UV;
    gl_Position = vec4(Position, 0.0, 1.0);
}
)";

// Nothing but the sample: the strength is the blend's constant alpha.
constexpr const char* kFragment = R"(#version 130
uniform sampler2D Texture;
in vec2 Frag_UV;
out vec4 Out_Color;
void main() {
    Out_Color = texture(Texture, Frag_UV);
}
)";

std::string ShaderLog(GLuint object, bool program) {
    GLint length = 0;
    if (program)
        glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
    else
        glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
    std::string text(static_cast<size_t>(length > 0 ? length : 1), '\0');
    if (program)
        glGetProgramInfoLog(object, length, nullptr, text.data());
    else
        glGetShaderInfoLog(object, length, nullptr, text.data());
    return text.c_str();
}

GLuint Compile(GLenum kind, const char* source) {
    const GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        const std::string log = ShaderLog(shader, false);
        glDeleteShader(shader);
        throw ConfigError("the picture shader does not compile: " + log);
    }
    return shader;
}

} // namespace

PictureRenderer::PictureRenderer() {
    const GLuint vs = Compile(GL_VERTEX_SHADER, kVertex);
    GLuint fs = 0;
    try {
        fs = Compile(GL_FRAGMENT_SHADER, kFragment);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    m_program = glCreateProgram();
    glAttachShader(m_program, vs);
    glAttachShader(m_program, fs);
    glBindAttribLocation(m_program, 0, "Position");
    glBindAttribLocation(m_program, 1, "UV");
    glLinkProgram(m_program);
    glDeleteShader(vs); // the program keeps them
    glDeleteShader(fs);
    GLint ok = GL_FALSE;
    glGetProgramiv(m_program, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        const std::string log = ShaderLog(m_program, true);
        glDeleteProgram(m_program);
        throw ConfigError("the picture shader does not link: " + log);
    }
    GLint program_before = 0, vao_before = 0, buffer_before = 0;
    glGetIntegerv(GL_CURRENT_PROGRAM, &program_before);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &vao_before);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &buffer_before);
    glUseProgram(m_program);
    glUniform1i(glGetUniformLocation(m_program, "Texture"), 0);
    glGenVertexArrays(1, &m_vao);
    glGenBuffers(1, &m_vbo);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float),
                          reinterpret_cast<const void*>(2 * sizeof(float)));
    glUseProgram(static_cast<GLuint>(program_before));
    glBindVertexArray(static_cast<GLuint>(vao_before));
    glBindBuffer(GL_ARRAY_BUFFER, static_cast<GLuint>(buffer_before));
}

PictureRenderer::~PictureRenderer() {
    glDeleteBuffers(1, &m_vbo);
    glDeleteVertexArrays(1, &m_vao);
    glDeleteProgram(m_program);
}

void PictureRenderer::Add(ImDrawList* list, const PictureDraw& picture) {
    m_queued.push_back({this, picture});
    list->AddCallback(&PictureRenderer::Callback, &m_queued.back());
    // ImGui's renderer sets its program, buffers and blending again.
    list->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

void PictureRenderer::Callback(const ImDrawList*, const ImDrawCmd* cmd) {
    const auto* q = static_cast<const Queued*>(cmd->UserCallbackData);
    q->self->Draw(*cmd, q->picture);
}

void PictureRenderer::Draw(const ImDrawCmd& cmd, const PictureDraw& d) const {
    const ImDrawData* dd = ImGui::GetDrawData();
    if (!dd || dd->DisplaySize.x <= 0 || dd->DisplaySize.y <= 0) return;
    const ImVec2 pos = dd->DisplayPos, size = dd->DisplaySize, scale = dd->FramebufferScale;
    // The command's clip rectangle, as ImGui's renderer sets it for its own.
    const float fb_h = size.y * scale.y;
    const ImVec2 clip_min((cmd.ClipRect.x - pos.x) * scale.x, (cmd.ClipRect.y - pos.y) * scale.y);
    const ImVec2 clip_max((cmd.ClipRect.z - pos.x) * scale.x, (cmd.ClipRect.w - pos.y) * scale.y);
    if (clip_max.x <= clip_min.x || clip_max.y <= clip_min.y) return;
    glScissor(static_cast<GLint>(clip_min.x), static_cast<GLint>(fb_h - clip_max.y),
              static_cast<GLsizei>(clip_max.x - clip_min.x),
              static_cast<GLsizei>(clip_max.y - clip_min.y));
    const float x0 = (d.p0.x - pos.x) / size.x * 2 - 1, x1 = (d.p1.x - pos.x) / size.x * 2 - 1;
    const float y0 = 1 - (d.p0.y - pos.y) / size.y * 2, y1 = 1 - (d.p1.y - pos.y) / size.y * 2;
    // Two triangles, as ImGui draws a rectangle.
    const float v[24] = {x0, y0, d.uv0.x, d.uv0.y, x1, y0, d.uv1.x, d.uv0.y,
                         x1, y1, d.uv1.x, d.uv1.y, x0, y0, d.uv0.x, d.uv0.y,
                         x1, y1, d.uv1.x, d.uv1.y, x0, y1, d.uv0.x, d.uv1.y};
    glUseProgram(m_program);
    glBindVertexArray(m_vao);
    glBindBuffer(GL_ARRAY_BUFFER, m_vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof v, v, GL_STREAM_DRAW);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<intptr_t>(d.texture)));
    if (d.alpha >= 1.0f) {
        glDisable(GL_BLEND);
    } else {
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        glBlendColor(0, 0, 0, d.alpha);
        glBlendFunc(GL_CONSTANT_ALPHA, GL_ONE_MINUS_CONSTANT_ALPHA);
    }
    glDrawArrays(GL_TRIANGLES, 0, 6);
}

} // namespace kiosk
