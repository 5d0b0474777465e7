# [stats] Visit statistics (issue 7): kiosk-stats and the library it shares
# with kiosk-import (the report on the USB stick). The visit tracker (core)
# and visits.db (storage) are in their rooms' libraries already.
file(GLOB STATS_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/tools/stats/*.cpp)
add_library(kiosk_stats_lib STATIC ${STATS_SOURCES})
target_link_libraries(kiosk_stats_lib PUBLIC kiosk_storage)

add_executable(kiosk-stats ${CMAKE_SOURCE_DIR}/src/tools/kiosk_stats_main.cpp)
target_link_libraries(kiosk-stats PRIVATE kiosk_stats_lib)

# In the .deb beside kiosk-pack: technicians run it on the board.
install(TARGETS kiosk-stats RUNTIME DESTINATION bin)
