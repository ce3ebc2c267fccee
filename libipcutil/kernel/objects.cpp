#include "libipcutil/kernel/objects.hpp"

#include "libipcutil/kernel/fifos.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

namespace ipcutil {

Result<void> remove_object(const Object& object, Sys& sys)
{
    if (is_sysv(object.kind))
        return remove_sysv(object.kind, object.id, sys);
    if (object.kind == Kind::fifo)
        return remove_fifo(object, sys);
    return remove_posix(object.kind, object.name, sys);
}

bool may_remove(const Object& object, Sys& sys)
{
    if (is_sysv(object.kind))
        return may_remove_sysv(object, sys);
    const std::string path =
        object.path.empty() && object.kind != Kind::fifo ? posix_path(object.kind, object.name) : object.path;
    return may_unlink(path, object.uid, sys);
}

Result<Object> restat(const Object& listed, Sys& sys)
{
    if (is_sysv(listed.kind))
        return restat_sysv(listed, sys);
    return restat_posix(listed, sys);
}

} // namespace ipcutil
