#pragma once
// One object whatever its family: each call below hands `object` to its
// family's module (sysv, posix, fifos), for the code that acts on lists of
// objects of every kind (xipcrm).

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

/// Remove what `object` names: System V by id, POSIX by name, a FIFO by
/// path.  Errors name the object as describe() does; one that is gone reads
/// "not found".
[[nodiscard]] Result<void> remove_object(const Object& object, Sys& sys = real_sys());

/// Whether the kernel would let this process remove `object` (for
/// --dry-run): may_remove_sysv, or may_unlink of the object's file.
[[nodiscard]] bool may_remove(const Object& object, Sys& sys = real_sys());

/// `listed` as it is now, if it is still the same object: the same key for a
/// System V id (ids are reused), the same inode for a POSIX name.  An object
/// gone since is an error with ENOENT; one replaced by another is an error
/// whose detail says so.  Where the caller may not read a System V object
/// (IPC_STAT needs read permission) and may_remove() says the kernel will
/// refuse anyway, `listed` comes back unchanged; an owner without read
/// permission gets its /proc/sysvipc row.
[[nodiscard]] Result<Object> restat(const Object& listed, Sys& sys = real_sys());

} // namespace ipcutil
