#pragma once
// The pieces of the ipcs face, as pure functions of data already read: one
// section (title, header, rows) per kind and format, the -i/-N detail
// layouts, the limits and usage blocks.  ipcs_text.cpp reads the kernel and
// strings these together; unit tests feed them recorded data.
//
// System V text follows util-linux 2.38.1 ipcs byte for byte: its printf
// widths, the `%-10.10s` owner truncation, ctime(3) times, and its
// size_to_human_string() for --human.

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "libipcutil/core/model.hpp"
#include "libipcutil/core/users.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"
#include "libipcutil/list/ipcs_text.hpp"

namespace ipcutil::ipcs {

/// How sizes are shown: ipcs's default (bytes in listings, kbytes for some
/// limits), -b, --human.  `kbytes` is only used inside the limits blocks.
enum class Unit { standard, bytes, kbytes, human };

using Format = IpcsRequest::Format;

/// util-linux ipc_print_size(): "LABEL (bytes) = N", "LABEL (kbytes) = N",
/// "LABEL = 4K" (or "LABEL=N" when the label ends in '='), then `end`.
/// A null label prints the value only, padded to `width` (negative: left
/// justified, as printf's "%-10ju").
void append_size(std::string& out, Unit unit, const char* label, std::uint64_t size, std::string_view end, int width);

/// ipcs -l's "max total shared memory": shmall pages in `unit_bytes` units
/// (1024 for kbytes, 1 for bytes), clamped as ipcs clamps an overflowing
/// product (UINT64_MAX rounded down to a multiple of the factor).
[[nodiscard]] std::uint64_t shm_total(std::uint64_t shmall_pages, std::uint64_t page_size, std::uint64_t unit_bytes);

/// ctime(3) without the newline: "Sun Nov 22 22:25:42 2026" (local time).
/// Remembers the last time converted: listings repeat the same seconds.
class TimeText {
  public:
    [[nodiscard]] std::string_view ctime(std::time_t t);

  private:
    std::time_t last_ = 0;
    bool have_ = false;
    char text_[64] = {};
    std::size_t size_ = 0;
};

/// One System V section for -m/-q/-s with `format` (normal, time, pid,
/// creator): the title line, the header line, one line per object.
/// (-l and -u have their own functions below.)  The -p section of
/// semaphores is empty, as in ipcs.
void sysv_section(std::string& out, Kind kind, Format format, Unit unit, std::span<const Object> objects,
                  NameCache& names, TimeText& times);

/// The same in pieces, for listings streamed row by row: the title and
/// header lines, then one line per object.
void sysv_header(std::string& out, Kind kind, Format format, Unit unit);
void sysv_row(std::string& out, const Object& object, Format format, Unit unit, NameCache& names, TimeText& times);

/// -i ID: one object in detail.  `elements` is used for semaphore sets.
void sysv_detail(std::string& out, const Object& object, std::span<const SemElement> elements, Unit unit,
                 TimeText& times);

/// -l: one kind's limits block.
void sysv_limits_section(std::string& out, Kind kind, const SysvLimits& limits, Unit unit, std::uint64_t page_size);

/// -u: one kind's status block.
void sysv_usage_section(std::string& out, Kind kind, const SysvUsage& usage, Unit unit);

/// POSIX sections in the same style (-M/-Q/-S, or none): normal, time,
/// creator and pid formats; the kernel keeps no creator or last-operator
/// pids for POSIX objects, so their -p section shows the holders' pids
/// (Object::holders).  Names are escaped (printable()); the name column
/// grows to the longest.
void posix_section(std::string& out, Kind kind, Format format, Unit unit, std::span<const Object> objects,
                   NameCache& names, TimeText& times);

/// The FIFO section (-F), one form whatever the format: path, owner,
/// perms, then the pids holding it for reading and for writing ("-" for
/// none), comma-separated.  Paths are escaped; the column grows as POSIX
/// names do.
void fifo_section(std::string& out, std::span<const Object> objects, NameCache& names);

/// -N NAME: one POSIX object in detail.
void posix_detail(std::string& out, const Object& object, Unit unit, TimeText& times);

/// What the POSIX -l blocks show; an absent part prints "unable to fetch".
struct PosixLimits {
    struct Shm {
        std::uint64_t bytes = 0;  ///< size of the /dev/shm file system
        std::uint64_t inodes = 0; ///< files it can hold
    };
    std::optional<Shm> shm;
    std::optional<MqLimits> mq; ///< /proc/sys/fs/mqueue/*
    std::uint64_t sem_value_max = 0;
};
void posix_limits_section(std::string& out, Kind kind, const PosixLimits& limits, Unit unit);

/// -u for POSIX: counts and sums over the objects of `kind`.
void posix_usage_section(std::string& out, Kind kind, std::span<const Object> objects, Unit unit);

} // namespace ipcutil::ipcs
