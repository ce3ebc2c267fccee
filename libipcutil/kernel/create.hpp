#pragma once
// Creating objects of every kind.  Modes are applied exactly (the umask does
// not narrow them); `exclusive` refuses to reuse an existing object
// (IPC_EXCL / O_EXCL).

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/core/select.hpp"

namespace ipcutil {

/// The mode created objects get unless told otherwise (ipcmk uses 0644).
inline constexpr mode_t default_create_mode = 0600;

/// System V: returns the id.  `key` 0 (IPC_PRIVATE) always makes a new object.
[[nodiscard]] Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive);
[[nodiscard]] Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive);
[[nodiscard]] Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive);

/// A random key not in use by any System V object of `kind` (as ipcmk).
[[nodiscard]] key_t random_key(Kind kind);

/// POSIX shared memory of `size` bytes; returns the open descriptor (O_RDWR).
[[nodiscard]] Result<Fd> create_posix_shm(const std::string& name, std::uint64_t size, mode_t mode, bool exclusive);
/// POSIX message queue; unset attributes take the system defaults.
[[nodiscard]] Result<MqDescriptor> create_posix_mq(const std::string& name, std::optional<long> maxmsg,
                                                   std::optional<long> msgsize, mode_t mode, bool exclusive,
                                                   int access = O_RDWR);
/// POSIX named semaphore with an initial value.
[[nodiscard]] Result<void> create_posix_sem(const std::string& name, unsigned value, mode_t mode, bool exclusive);
/// A FIFO at `path`.
[[nodiscard]] Result<void> create_fifo(const std::string& path, mode_t mode);

/// The object a selector names: System V ids and keys are looked up among
/// `sysv_kind` objects, names among `posix_kind` objects.
[[nodiscard]] Result<Object> resolve(const Selector& selector, Kind sysv_kind, Kind posix_kind);

} // namespace ipcutil
