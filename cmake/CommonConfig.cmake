# One INTERFACE target carries warnings and Qt defines; every Crossvault target links it.
add_library(crossvault_common INTERFACE)
target_compile_features(crossvault_common INTERFACE cxx_std_20)
target_compile_options(crossvault_common INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual)
target_compile_definitions(crossvault_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    CROSSVAULT_VERSION="${PROJECT_VERSION}")
target_include_directories(crossvault_common INTERFACE ${PROJECT_SOURCE_DIR})
