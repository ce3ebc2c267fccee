#pragma once
// Removing objects of every kind the way a careful remover does: predict
// whether the kernel will allow it (for --dry-run), look again right before
// acting so an object that changed since it was listed is left alone, then
// remove.

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"

namespace ipcutil {

/// Remove what `object` names: System V by id, POSIX by name, a FIFO by path.
/// Errors name the object as describe() does; a System V id that does not
/// exist (EINVAL) reads "not found".
[[nodiscard]] Result<void> remove_object(const Object& object);

/// Whether the kernel would let this process remove `object`.  System V: the
/// owner, the creator, or CAP_SYS_ADMIN.  POSIX objects and FIFOs: write
/// permission on the folder (or CAP_DAC_OVERRIDE) and, in a sticky folder
/// such as /dev/shm, owning the file or the folder (or CAP_FOWNER).
[[nodiscard]] bool may_remove(const Object& object);

/// `listed` as it is now, if it is still the same object: the same key for a
/// System V id (ids are reused), the same inode for a POSIX name.  An object
/// gone since is an error with ENOENT; one replaced by another is an error
/// whose detail says so.  Where the caller may not read a System V object
/// (IPC_STAT needs read permission) and may_remove() says the kernel will
/// refuse anyway, `listed` comes back unchanged; an owner without read
/// permission gets its /proc/sysvipc row.
[[nodiscard]] Result<Object> restat(const Object& listed);

} // namespace ipcutil
