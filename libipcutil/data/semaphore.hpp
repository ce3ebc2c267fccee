#pragma once
// Semaphores of both families behind one interface, for taking, releasing,
// reading and setting them from the shell: a POSIX named semaphore (/NAME,
// sem_*) is a set of one member, a System V set (id or 0x key, sem*) has
// nsems.  A wait ends when it is done, at a deadline, at once (non-blocking)
// or when a signal interrupts it, and says which: the caller decides
// whether to wait again.

#include <semaphore.h>
#include <sys/types.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/select.hpp"

namespace ipcutil {

/// The largest value a POSIX semaphore holds (SEM_VALUE_MAX).
inline constexpr std::uint64_t posix_sem_value_max = SEM_VALUE_MAX;

/// The largest value a semaphore of the family holds: SEM_VALUE_MAX for
/// POSIX, SEMVMX (from the system's limits) for System V.
[[nodiscard]] std::uint64_t sem_value_max(bool posix);

/// One operation of an atomic System V list: `delta` added to member `num`.
/// A negative delta waits until the member can give that much; 0 waits
/// until the member is zero.
struct SemOp {
    unsigned num = 0;
    int delta = 0;
    bool operator==(const SemOp&) const = default;
};

/// Parse an operation list, "0:-1,1:+1": comma-separated MEMBER:DELTA
/// pairs, the member a decimal number, the delta one with an optional sign.
/// Each |delta| is at most `value_max` (SEMVMX) and the list holds at most
/// `max_ops` operations (SEMOPM).  Usage errors name the bad piece.
[[nodiscard]] Result<std::vector<SemOp>> parse_sem_ops(std::string_view text, std::uint64_t value_max,
                                                       std::uint64_t max_ops);

/// Every member `members` names must be below `nsems`: otherwise a failure
/// about `description` naming the first that is not.
[[nodiscard]] Result<void> check_members(std::span<const unsigned> members, unsigned nsems,
                                         std::string_view description);

/// How a wait ended when nothing failed.
enum class SemWait {
    done,        ///< the operation went through
    timed_out,   ///< the deadline passed first
    would_block, ///< non-blocking, and it could not go through at once
    interrupted, ///< a signal interrupted the wait (nothing was done)
};

/// When a wait gives up.
struct SemWaitLimit {
    bool nonblock = false;
    /// On CLOCK_MONOTONIC (steady_clock); unset waits for ever.
    std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// One member as `ipcs -s -i` shows it.  A POSIX semaphore has one, with
/// only its value: no counts, no pid.
struct SemMember {
    unsigned num = 0;
    long value = 0;
    int ncount = 0;
    int zcount = 0;
    pid_t pid = 0; ///< the last process that operated on it; 0 for none
};

/// How to open: create if missing (a POSIX name or a System V key), and how.
struct SemOpenOptions {
    bool create = false;
    bool exclusive = false; ///< with create: refuse an existing one
    mode_t mode = 0600;
    unsigned value = 0; ///< the initial value of every member of a new semaphore
    unsigned nsems = 1; ///< System V: the members of a new set
    /// POSIX: only read the value (read permission suffices; no sem_open).
    bool read_only = false;
};

class SemObject;

/// The members as text: a POSIX semaphore's value alone on a line; for a
/// System V set a header line, then one line per member with its number,
/// value, ncount, zcount and pid, right-aligned.
[[nodiscard]] std::string sem_members_text(const SemObject& sem, std::span<const SemMember> members);

/// The members as one JSON object on a line: {"name": "/x", "value": 1} for
/// POSIX; {"id": 3, "key": "0x...", "members": [{"num": 0, "value": 1,
/// "ncount": 0, "zcount": 0, "pid": 42}, ...]} for System V.
[[nodiscard]] std::string sem_members_json(const SemObject& sem, std::span<const SemMember> members);

class SemObject {
  public:
    /// Open the semaphore `selector` names, or create it.  A POSIX one is
    /// checked under /dev/shm first: a symbolic link, anything but a regular
    /// file or a file too small to be a semaphore is refused (Error::usage).
    /// A /dev/mqueue selector is a usage error.
    [[nodiscard]] static Result<SemObject> open(const Selector& selector, const SemOpenOptions& options = {});

    SemObject(SemObject&&) noexcept = default;
    SemObject& operator=(SemObject&&) noexcept = default;
    SemObject(const SemObject&) = delete;
    SemObject& operator=(const SemObject&) = delete;
    ~SemObject() = default;

    [[nodiscard]] bool posix() const { return posix_; }
    /// POSIX: "/NAME".
    [[nodiscard]] const std::string& name() const { return name_; }
    /// System V: the id and the key (0 for IPC_PRIVATE).
    [[nodiscard]] int id() const { return id_; }
    [[nodiscard]] key_t key() const { return key_; }
    /// The members: 1 for POSIX; unset for a System V set this process may
    /// not read (IPC_STAT refused), where the kernel checks each member.
    [[nodiscard]] std::optional<unsigned> nsems() const { return nsems_; }
    /// For messages: "POSIX semaphore /x", "semaphore set id 3".
    [[nodiscard]] const std::string& description() const { return description_; }
    /// Whether open() created it.
    [[nodiscard]] bool created() const { return created_; }

    /// P: take one from member `num` (POSIX: 0), waiting as `limit` says.
    /// `undo`: System V SEM_UNDO.
    [[nodiscard]] Result<SemWait> take(unsigned num, bool undo, const SemWaitLimit& limit);

    /// V: give `count` to member `num`; never waits.  A count that would take
    /// the value above its family's maximum fails with nothing changed.
    [[nodiscard]] Result<void> post(unsigned num, std::uint64_t count, bool undo);

    /// System V: apply `ops` atomically (all or none), waiting as `limit` says.
    [[nodiscard]] Result<SemWait> apply(std::span<const SemOp> ops, bool undo, const SemWaitLimit& limit);

    /// System V: set member `num` to `value` (SETVAL).
    [[nodiscard]] Result<void> set_value(unsigned num, unsigned value);

    /// Every member, in order.
    [[nodiscard]] Result<std::vector<SemMember>> members() const;

  private:
    SemObject() = default;
    Result<void> open_posix(const Selector& selector, const SemOpenOptions& options);
    Result<void> open_sysv(const Selector& selector, const SemOpenOptions& options);
    Result<long> posix_value() const;
    Result<SemWait> take_posix(const SemWaitLimit& limit);

    bool posix_ = true;
    bool created_ = false;
    std::string name_;
    int id_ = -1;
    key_t key_ = 0;
    std::optional<unsigned> nsems_;
    std::string description_;
    Semaphore sem_; // POSIX, unless opened read-only
};

} // namespace ipcutil
