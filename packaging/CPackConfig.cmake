# Packages: a .deb and an .rpm holding the commands, the man pages, the
# shell completions, the license and the declared run-time dependencies.
# Included from the top CMakeLists.txt.  After a build:
#
#   cpack --config build/release/CPackConfig.cmake -G DEB   # xipc_VERSION-1_ARCH.deb
#   cpack --config build/release/CPackConfig.cmake -G RPM   # xipc-VERSION-1.ARCH.rpm
#
# Packages install under /usr; `cmake --install` keeps CMAKE_INSTALL_PREFIX.

set(XIPC_MAINTAINER "The xipc authors <xipc@example.org>"
    CACHE STRING "Package maintainer, as 'Name <email>'")
# The date of the release the changelog describes (RFC 2822).  Fixed, not
# the build time, so that the packages are reproducible.
set(XIPC_RELEASE_DATE "Sun, 22 Nov 2026 00:00:00 +0000")
set(XIPC_PACKAGE_RELEASE 1)

# What Debian wants in /usr/share/doc/xipc beside README.md: the license as
# `copyright`, and a gzip -9n compressed changelog.Debian.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
set(XIPC_DEBIAN_VERSION "${PROJECT_VERSION}-${XIPC_PACKAGE_RELEASE}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/changelog.Debian.in
               ${PROJECT_BINARY_DIR}/packaging/changelog.Debian @ONLY)
find_program(GZIP gzip REQUIRED)
add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz
  COMMAND ${GZIP} -9nc ${PROJECT_BINARY_DIR}/packaging/changelog.Debian
          > ${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz
  DEPENDS ${PROJECT_BINARY_DIR}/packaging/changelog.Debian VERBATIM)
add_custom_target(changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz)
install(FILES ${PROJECT_BINARY_DIR}/packaging/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
# lintian's one warning, initial-upload-closes-no-bugs, is for Debian uploads.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME xipc)

# Common to both packages.
set(CPACK_PACKAGE_NAME xipc)
set(CPACK_PACKAGE_VENDOR "The xipc authors")
set(CPACK_PACKAGE_CONTACT "${XIPC_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "command suite for Linux System V and POSIX IPC objects")
set(CPACK_PACKAGE_DESCRIPTION [=[
xipc creates, lists, inspects and removes every kind of local IPC object:
System V shared memory, message queues and semaphore sets, POSIX shared
memory, message queues and named semaphores, and FIFOs.

xipcs, xipcmk and xipcrm speak the language of util-linux ipcs, lsipc,
ipcmk and ipcrm (same options, byte-identical System V output) and add
POSIX objects, typed JSON, the processes behind each object and orphan
audits. shmcat, mqsend, mqrecv and fifo-tee move data through shared
memory, message queues and FIFOs from the shell; semop takes, posts and
sets semaphores of both families and runs a command while holding one.]=])
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_GENERATOR "DEB;RPM")

# .deb: dependencies come from dpkg-shlibdeps (libc6 and libsmartcols1;
# libstdc++6 and libgcc-s1 as well with XIPC_STATIC_RUNTIME=OFF).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${XIPC_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# .rpm: dependencies come from rpmbuild's automatic requires.  Directories
# other packages own (filesystem, man-db, the shells) are not claimed.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE ${XIPC_PACKAGE_RELEASE})
set(CPACK_RPM_PACKAGE_LICENSE MIT)
set(CPACK_RPM_PACKAGE_GROUP "Applications/System")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/man /usr/share/man/man1 /usr/share/man/man7
    /usr/share/bash-completion /usr/share/bash-completion/completions
    /usr/share/zsh /usr/share/zsh/vendor-completions
    /usr/share/fish /usr/share/fish/vendor_completions.d
    /usr/share/lintian /usr/share/lintian/overrides)

include(CPack)
