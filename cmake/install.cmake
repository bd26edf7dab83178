# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The tally authors
#
# Install rules for tally (included from the top-level CMakeLists.txt when
# TALLY_INSTALL is ON). Installs the headers, an exported tally::tally target,
# a config package with an architecture-independent version file, a
# relocatable pkg-config file and the licence. Nothing here depends on the
# compiler or the build type, so one install serves every consumer.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The version comes from this header: reconfigure when it changes.
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
                                                               "${PROJECT_SOURCE_DIR}/include/tally/version.hpp")

set(TALLY_INSTALL_CMAKEDIR
    "${CMAKE_INSTALL_DATADIR}/cmake/tally"
    CACHE STRING "Where tallyConfig.cmake is installed (relative to the prefix)")
set(TALLY_INSTALL_PKGCONFIGDIR
    "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where tally.pc is installed (relative to the prefix)")
mark_as_advanced(TALLY_INSTALL_CMAKEDIR TALLY_INSTALL_PKGCONFIGDIR)

# Headers: include/tally.hpp and include/tally/ (with its .ipp fragments), as
# laid out in the source tree.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

# The target and its export set (tally::tally for find_package users).
install(TARGETS tally EXPORT tallyTargets)
install(
  EXPORT tallyTargets
  NAMESPACE tally::
  DESTINATION "${TALLY_INSTALL_CMAKEDIR}")

# Also usable straight from a build tree: -Dtally_DIR=<build dir>.
export(
  EXPORT tallyTargets
  NAMESPACE tally::
  FILE "${PROJECT_BINARY_DIR}/tallyTargets.cmake")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/tallyConfig.cmake.in" "${PROJECT_BINARY_DIR}/tallyConfig.cmake"
  INSTALL_DESTINATION "${TALLY_INSTALL_CMAKEDIR}")

# SemVer 0.x promises nothing across minor versions; from 1.0 on, the major
# version is the compatibility line.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(_tally_compatibility SameMinorVersion)
else()
  set(_tally_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/tallyConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY ${_tally_compatibility} ARCH_INDEPENDENT)
unset(_tally_compatibility)

install(FILES "${PROJECT_BINARY_DIR}/tallyConfig.cmake"
              "${PROJECT_BINARY_DIR}/tallyConfigVersion.cmake"
        DESTINATION "${TALLY_INSTALL_CMAKEDIR}")

# pkg-config: the prefix is found relative to the .pc file itself, so the
# installed tree can be moved anywhere.
if(IS_ABSOLUTE "${TALLY_INSTALL_PKGCONFIGDIR}")
  set(TALLY_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _tally_pc_up "/tally-prefix/${TALLY_INSTALL_PKGCONFIGDIR}" "/tally-prefix")
  string(REGEX REPLACE "/$" "" _tally_pc_up "${_tally_pc_up}")
  set(TALLY_PC_PREFIX "\${pcfiledir}/${_tally_pc_up}")
  unset(_tally_pc_up)
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/tally.pc.in" "${PROJECT_BINARY_DIR}/tally.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/tally.pc" DESTINATION "${TALLY_INSTALL_PKGCONFIGDIR}")

install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/tally")
