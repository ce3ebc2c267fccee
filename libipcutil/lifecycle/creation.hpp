#pragma once
// Carrying out a creation plan (xipcmk), one kind at a time, and the lines
// that say what was made: ipcmk's text, --quiet's id or name, --json.  The
// system calls go through a Sys (kernel/sys.hpp), so tests can make any call
// fail (EEXIST on a random key, EINVAL, an unreadable object) without a
// kernel.

#include <span>
#include <string>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"
#include "libipcutil/kernel/sys.hpp"
#include "libipcutil/lifecycle/creation_plan.hpp"

namespace ipcutil {

/// Create the object of `kind` that `plan` asks for (one of plan.kinds()):
/// - System V under plan.key, or under fresh random keys with IPC_EXCL
///   (a random key never lands on someone's object; 16 more tries when one
///   is taken, and a failure then names the kind, not a key never shown);
/// - an object that exists already (plan.exclusive refuses it: "already
///   exists") is reused only if it is what was asked for: a size, nsems,
///   maxmsg, msgsize, --mode or --value that differs is a failure naming each
///   attribute ("exists with size 4096 (not 1024); left as it is"), and
///   nothing is changed (POSIX shared memory is never resized: shrinking
///   memory another process maps kills it); with nothing asked beyond the
///   name or key, reuse is quiet;
/// - the Object says what was made: with plan.read_back (--json) System V
///   objects as the kernel has them, POSIX ones from their descriptor (the
///   queue's attributes), semaphores as stat'ed; otherwise what was asked.
/// A failure reads in words that say what to change ("already exists", the
/// system limit in the way and the sysctl that raises it).
[[nodiscard]] Result<Object> create_object(Kind kind, const CreationPlan& plan, Sys& sys = real_sys());

/// The line ipcmk prints for a created object, with newline: "Shared memory
/// id: 5", "POSIX message queue name: /jobs", "FIFO path: /run/x" (names
/// and paths escaped, printable()).
[[nodiscard]] std::string creation_line(const Object& object);

/// --quiet's line, with newline: the id, /NAME or the FIFO's path (escaped:
/// one object, one line).
[[nodiscard]] std::string creation_quiet_line(const Object& object);

/// One created object as a one-line JSON object: kind, id and key or name
/// and path, mode, and the kind's size, nsems, maxmsg/msgsize or value.
[[nodiscard]] std::string creation_json_object(const Object& object);

/// --json's whole document, with newline: {"created": [...]}, one object a
/// line.
[[nodiscard]] std::string creation_json(std::span<const Object> objects);

} // namespace ipcutil
