# Inside a checkout of tally (--overlay-ports=ports) the port builds that
# checkout; from a registry it downloads the tagged release.
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../../include/tally/version.hpp")
    get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
else()
    vcpkg_from_github(
        OUT_SOURCE_PATH SOURCE_PATH
        REPO tally-metrics/tally
        REF "v${VERSION}"
        SHA512 0
        HEAD_REF main
    )
endif()

set(VCPKG_BUILD_TYPE release) # header-only

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DTALLY_BUILD_TESTS=OFF
        -DTALLY_BUILD_EXAMPLES=OFF
        -DTALLY_BUILD_BENCHMARKS=OFF
        -DTALLY_INSTALL=ON
        -DTALLY_INSTALL_CMAKEDIR=share/tally
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup()
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/share/doc")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
