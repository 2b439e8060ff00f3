# All feature switches in one place, with a summary at the end of configuration.
option(BUILD_TESTING "Build the QtTest suites and register them with ctest" ON)
option(BUILD_GUI_TESTS "Build the offscreen GUI tests" ON)
option(WITH_KEYCHAIN "Keep managed secrets in the desktop keyring through QtKeychain when one exists" ON)

function(crossvault_feature_summary)
    message(STATUS "Crossvault ${PROJECT_VERSION} features:")
    foreach(opt BUILD_TESTING BUILD_GUI_TESTS WITH_KEYCHAIN)
        message(STATUS "  ${opt}: ${${opt}}")
    endforeach()
endfunction()
