# [bench] The benchmarks' smoke run (bench/run.sh --quick on a 4-panel exhibit,
# no Chromium): the bench code runs and writes a well-formed table. It asserts
# no timing: benchmarks report, tests never time.
if(KIOSK_BUILD_GUI)
  add_test(NAME "bench: smoke run on a small exhibit"
    COMMAND ${CMAKE_SOURCE_DIR}/bench/smoke.sh ${CMAKE_BINARY_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke)
  set_tests_properties("bench: smoke run on a small exhibit" PROPERTIES
    TIMEOUT 900 RESOURCE_LOCK xvfb_cpu)
endif()
# The soak benchmark's smoke run (bench/soak.py for three 10-second "minutes",
# one visit, no Chromium) and its verdict on made-up runs; no figure judged.
if(KIOSK_BUILD_GUI)
  add_test(NAME "bench: soak smoke run samples, visits, plots and tells flat from growing"
    COMMAND ${CMAKE_SOURCE_DIR}/bench/soak-smoke.sh ${CMAKE_BINARY_DIR}
            ${CMAKE_CURRENT_BINARY_DIR}/soak-smoke)
  set_tests_properties("bench: soak smoke run samples, visits, plots and tells flat from growing"
    PROPERTIES TIMEOUT 600 RESOURCE_LOCK xvfb_cpu)
endif()
