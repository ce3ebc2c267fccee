#pragma once
// The selector syntax every command shares for a positional object argument:
//   /NAME, /dev/shm/NAME, /dev/mqueue/NAME  a POSIX object
//   123                                     a System V id
//   0x1a2b                                  a System V key
// Any other path is refused.

#include <sys/types.h>

#include <string>
#include <string_view>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/model.hpp"

namespace ipcutil {

struct Selector {
    enum class Type { id, key, name };
    Type type = Type::id;
    int id = -1;
    key_t key = 0;
    std::string name; ///< POSIX name without the leading '/'
    /// Where a /dev/shm/ or /dev/mqueue/ prefix was given: which folder.
    enum class Folder { any, shm, mqueue } folder = Folder::any;
    std::string text; ///< what the user typed, for messages
};

/// Guess what `text` names (see above).
[[nodiscard]] Result<Selector> parse_selector(std::string_view text);

/// How an object argument is read: guessed from its form (above), or as the
/// --id, --key or --name flag says whatever it looks like (a decimal key, a
/// POSIX name made of digits).
enum class SelectorForm { guess, id, key, name };

/// Read `text` as `form` says.
[[nodiscard]] Result<Selector> parse_selector(std::string_view text, SelectorForm form);

/// The selector narrowed to one POSIX kind, the "wrong folder" check every
/// command makes before acting: a /dev/mqueue/ path names only a message
/// queue, a /dev/shm/ path only shared memory or, as /dev/shm/sem.NAME, the
/// semaphore NAME (which comes back as the name).  System V ids and keys,
/// and /NAME, pass unchanged.  A usage error says what the path names
/// instead: "invalid object: '/dev/mqueue/q' (not shared memory: /dev/mqueue
/// holds message queues)".
[[nodiscard]] Result<Selector> selector_for(const Selector& selector, Kind posix_kind);

/// Explicit forms that override the guess (--id, --key, --name).
[[nodiscard]] Result<Selector> selector_from_id(std::string_view text);
[[nodiscard]] Result<Selector> selector_from_key(std::string_view text);
[[nodiscard]] Result<Selector> selector_from_name(std::string_view text);

} // namespace ipcutil
