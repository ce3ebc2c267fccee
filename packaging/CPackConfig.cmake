# The .rpm, holding the commands, the man pages, the shell completions, the
# systemd units, the license and the declared run-time dependencies.
# Included from the top CMakeLists.txt.  After a build:
#
#   cpack --config build/release/CPackConfig.cmake -G RPM   # xipc-VERSION-1.ARCH.rpm
#
# The .deb is built the Debian way instead, by dpkg-buildpackage from
# debian/ (packaging/build-deb, ./dev package).  Packages install under
# /usr; `cmake --install` keeps CMAKE_INSTALL_PREFIX.

set(XIPC_MAINTAINER "The xipc authors <xipc@example.org>"
    CACHE STRING "Package maintainer, as 'Name <email>'")
set(XIPC_PACKAGE_RELEASE 1)

# The license beside README.md (debian/copyright carries it in the .deb).
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})

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
set(CPACK_GENERATOR RPM)

# .rpm: dependencies come from rpmbuild's automatic requires.  Directories
# other packages own (filesystem, man-db, the shells, systemd) are not claimed.
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
    /usr/lib/systemd /usr/lib/systemd/system)

include(CPack)
