# Console translations (English, Simplified Chinese), embedded in the crossvault executable as
# :/i18n/crossvault_<lang>.qm and loaded at start (ui/Translator).
# lupdate scans every layer, libraries included, so backend messages shown in the console get
# translated too. Update the .ts files after changing user-visible strings:
#   cmake --build <build> --target update_translations      (or crossvault_lupdate)
if(TARGET crossvault)
    file(GLOB_RECURSE crossvault_translated_sources CONFIGURE_DEPENDS
        ${PROJECT_SOURCE_DIR}/ui/*.cpp ${PROJECT_SOURCE_DIR}/ui/*.h ${PROJECT_SOURCE_DIR}/ui/*.ui
        ${PROJECT_SOURCE_DIR}/models/*.cpp ${PROJECT_SOURCE_DIR}/models/*.h
        ${PROJECT_SOURCE_DIR}/backend/*.cpp ${PROJECT_SOURCE_DIR}/backend/*.h
        ${PROJECT_SOURCE_DIR}/app/*.cpp ${PROJECT_SOURCE_DIR}/app/*.h)
    qt_add_translations(crossvault
        TS_FILES
            ${PROJECT_SOURCE_DIR}/translations/crossvault_en.ts
            ${PROJECT_SOURCE_DIR}/translations/crossvault_zh_CN.ts
        SOURCES ${crossvault_translated_sources}
        INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}
        LUPDATE_OPTIONS -no-obsolete -locations none)
endif()
