// How many requests the process has sent the X server on GLFW's connection
// (the one GLX, and so Mesa, shares). Its own file: Xlib's macros (None,
// Bool, Status) clash with Catch's names.
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3.h>
#include <GLFW/glfw3native.h>

namespace kiosk_test {

// Xlib's number for the next request: each request sent raises it by one.
unsigned long NextXRequest() {
    Display* display = glfwGetX11Display();
    return display ? XNextRequest(display) : 0;
}

} // namespace kiosk_test
