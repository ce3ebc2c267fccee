#include "libipcutil/list/ipcs_sections.hpp"

#include <sys/shm.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

#include "libipcutil/core/format.hpp"

namespace ipcutil::ipcs {
namespace {

// printf-style columns without printf: these run once per field of every
// object, and a listing holds tens of thousands of objects.

void pad(std::string& out, std::size_t used, std::size_t width)
{
    if (used < width)
        out.append(width - used, ' ');
}

// "%-Ns"
void left(std::string& out, std::string_view s, std::size_t width)
{
    out += s;
    pad(out, s.size(), width);
}

// "%-N.Ns": ipcs cuts owner names to the column, byte-wise, as printf does.
void left_cut(std::string& out, std::string_view s, std::size_t width)
{
    left(out, s.substr(0, width), width);
}

// "%Ns"
void right(std::string& out, std::string_view s, std::size_t width)
{
    pad(out, s.size(), width);
    out += s;
}

struct Digits {
    char buf[32];
    std::size_t size;
    [[nodiscard]] std::string_view view() const { return {buf, size}; }
};

template <class T> Digits digits(T value, int base = 10)
{
    Digits d{};
    const auto r = std::to_chars(d.buf, d.buf + sizeof d.buf, value, base);
    d.size = static_cast<std::size_t>(r.ptr - d.buf);
    return d;
}

template <class T> void left_num(std::string& out, T value, std::size_t width)
{
    left(out, digits(value).view(), width);
}

template <class T> void right_num(std::string& out, T value, std::size_t width)
{
    right(out, digits(value).view(), width);
}

template <class T> void num(std::string& out, T value)
{
    out += digits(value).view();
}

// "%-No" of the permission bits.
void left_perms(std::string& out, mode_t mode, std::size_t width)
{
    left(out, digits(static_cast<unsigned>(mode & 0777), 8).view(), width);
}

// "%#o"
void alt_octal(std::string& out, unsigned value)
{
    if (value != 0)
        out += '0';
    out += digits(value, 8).view();
}

// "0x%08x"
void hex_key(std::string& out, key_t key)
{
    static constexpr char hex[] = "0123456789abcdef";
    auto v = static_cast<std::uint32_t>(key);
    char buf[10] = {'0', 'x'};
    for (std::size_t i = 9; i >= 2; --i) {
        buf[i] = hex[v & 0xfU];
        v >>= 4;
    }
    out.append(buf, sizeof buf);
}

constexpr std::string_view not_set = "Not set";

// " %-20.16s" of ctime(t) + 4, or "Not set": the short times of -t.
void short_time(std::string& out, const std::optional<std::time_t>& t, TimeText& times)
{
    out += ' ';
    if (!t)
        left(out, not_set, 20);
    else
        left(out, times.ctime(*t).substr(4, 16), 20);
}

// "%-26.24s" of ctime(t), or "Not set".
void long_time(std::string& out, const std::optional<std::time_t>& t, TimeText& times)
{
    left(out, t ? times.ctime(*t).substr(0, 24) : not_set, 26);
}

// The same where ipcs never says "Not set" (it prints the epoch).
void long_time_always(std::string& out, const std::optional<std::time_t>& t, TimeText& times)
{
    left(out, times.ctime(t.value_or(0)).substr(0, 24), 26);
}

// Header lines: each name in its "%-Ns" column, separated by one space.
struct Col {
    std::string_view name;
    std::size_t width;
};

void header(std::string& out, std::initializer_list<Col> cols)
{
    bool first = true;
    for (const auto& c : cols) {
        if (!first)
            out += ' ';
        first = false;
        left(out, c.name, c.width);
    }
    out += '\n';
}

void title(std::string& out, std::string_view what)
{
    out += "------ ";
    out += what;
    out += " --------\n";
}

// A size column of the normal listing: "%-Nju", or with --human "%6s"
// followed by the rest of the column in spaces.
void size_column(std::string& out, Unit unit, std::uint64_t size, std::size_t width)
{
    if (unit == Unit::human) {
        right(out, human_size(size), 6);
        out.append(width - 6, ' ');
    } else {
        left_num(out, size, width);
    }
}

// ipcs -c rows: id, perms, then creator and owner names, uncut.
void creator_row(std::string& out, int id, const Object& o, NameCache& names)
{
    left_num(out, id, 10);
    out += ' ';
    left_perms(out, o.mode, 10);
    out += ' ';
    left(out, names.user(o.cuid), 10);
    out += ' ';
    left(out, names.group(o.cgid), 10);
    out += ' ';
    left(out, names.user(o.uid), 10);
    out += ' ';
    left(out, names.group(o.gid), 10);
    out += '\n';
}

// "%-Nd %-10.10s": the id and owner that start most rows.
void id_owner(std::string& out, int id, std::size_t id_width, uid_t uid, NameCache& names)
{
    left_num(out, id, id_width);
    out += ' ';
    left_cut(out, names.user(uid), 10);
}

std::string_view id_name(Kind kind)
{
    switch (kind) {
    case Kind::sysv_msg: return "msqid";
    case Kind::sysv_sem: return "semid";
    default: return "shmid";
    }
}

} // namespace

void sysv_header(std::string& out, Kind kind, Format format, Unit unit)
{
    const bool human = unit == Unit::human;
    const std::string_view id = id_name(kind);
    if (format == Format::creator) {
        title(out, kind == Kind::sysv_msg   ? "Message Queues Creators/Owners"
                   : kind == Kind::sysv_shm ? "Shared Memory Segment Creators/Owners"
                                            : "Semaphore Arrays Creators/Owners");
        header(out, {{id, 10}, {"perms", 10}, {"cuid", 10}, {"cgid", 10}, {"uid", 10}, {"gid", 10}});
        return;
    }
    switch (kind) {
    case Kind::sysv_msg:
        if (format == Format::time) {
            title(out, "Message Queues Send/Recv/Change Times");
            header(out, {{id, 8}, {"owner", 10}, {"send", 20}, {"recv", 20}, {"change", 20}});
        } else if (format == Format::pid) {
            title(out, "Message Queues PIDs");
            header(out, {{id, 10}, {"owner", 10}, {"lspid", 10}, {"lrpid", 10}});
        } else {
            title(out, "Message Queues");
            header(out, {{"key", 10},
                         {id, 10},
                         {"owner", 10},
                         {"perms", 10},
                         {human ? "size" : "used-bytes", 12},
                         {"messages", 12}});
        }
        break;
    case Kind::sysv_shm:
        if (format == Format::time) {
            title(out, "Shared Memory Attach/Detach/Change Times");
            header(out, {{id, 10}, {"owner", 10}, {"attached", 20}, {"detached", 20}, {"changed", 20}});
        } else if (format == Format::pid) {
            title(out, "Shared Memory Creator/Last-op PIDs");
            header(out, {{id, 10}, {"owner", 10}, {"cpid", 10}, {"lpid", 10}});
        } else {
            title(out, "Shared Memory Segments");
            header(out, {{"key", 10},
                         {id, 10},
                         {"owner", 10},
                         {"perms", 10},
                         {human ? "size" : "bytes", 10},
                         {"nattch", 10},
                         {"status", 12}});
        }
        break;
    default:
        if (format == Format::time) {
            title(out, "Semaphore Operation/Change Times");
            header(out, {{id, 8}, {"owner", 10}, {"last-op", 26}, {"last-changed", 26}});
        } else if (format == Format::pid) {
            // ipcs shows nothing at all for semaphores with -p.
        } else {
            title(out, "Semaphore Arrays");
            header(out, {{"key", 10}, {id, 10}, {"owner", 10}, {"perms", 10}, {"nsems", 10}});
        }
        break;
    }
}

namespace {

void msg_row(std::string& out, const Object& o, Format format, Unit unit, NameCache& names, TimeText& times)
{
    switch (format) {
    case Format::time:
        id_owner(out, o.id, 8, o.uid, names);
        short_time(out, o.atime, times);
        short_time(out, o.dtime, times);
        short_time(out, o.ctime, times);
        break;
    case Format::pid:
        id_owner(out, o.id, 8, o.uid, names);
        out += "  ";
        right_num(out, o.cpid, 5);
        out += "     ";
        right_num(out, o.lpid, 5);
        break;
    default:
        hex_key(out, o.key);
        out += ' ';
        id_owner(out, o.id, 10, o.uid, names);
        out += ' ';
        left_perms(out, o.mode, 10);
        out += ' ';
        size_column(out, unit, o.size, 12);
        out += ' ';
        left_num(out, o.messages, 12);
        break;
    }
    out += '\n';
}

void shm_row(std::string& out, const Object& o, Format format, Unit unit, NameCache& names, TimeText& times)
{
    switch (format) {
    case Format::time:
        id_owner(out, o.id, 10, o.uid, names);
        short_time(out, o.atime, times);
        short_time(out, o.dtime, times);
        short_time(out, o.ctime, times);
        break;
    case Format::pid:
        id_owner(out, o.id, 10, o.uid, names);
        out += ' ';
        left_num(out, static_cast<unsigned>(o.cpid), 10);
        out += ' ';
        left_num(out, static_cast<unsigned>(o.lpid), 10);
        break;
    default:
        hex_key(out, o.key);
        out += ' ';
        id_owner(out, o.id, 10, o.uid, names);
        out += ' ';
        left_perms(out, o.mode, 10);
        out += ' ';
        size_column(out, unit, o.size, 10);
        out += ' ';
        left_num(out, o.nattch, 10);
        out += ' ';
        left(out, o.dest ? "dest" : " ", 6);
        out += ' ';
        left(out, o.locked ? "locked" : " ", 6);
        break;
    }
    out += '\n';
}

void sem_row(std::string& out, const Object& o, Format format, NameCache& names, TimeText& times)
{
    switch (format) {
    case Format::time:
        id_owner(out, o.id, 8, o.uid, names);
        out += "  ";
        long_time(out, o.atime, times);
        out += ' ';
        long_time(out, o.ctime, times);
        break;
    case Format::pid: return;
    default:
        hex_key(out, o.key);
        out += ' ';
        id_owner(out, o.id, 10, o.uid, names);
        out += ' ';
        left_perms(out, o.mode, 10);
        out += ' ';
        left_num(out, o.nsems, 10);
        break;
    }
    out += '\n';
}

// The full ipc_perm mode as ipcs -i shows it: shared memory keeps its
// SHM_DEST and SHM_LOCKED flags above the permission bits.
unsigned full_mode(const Object& o)
{
    unsigned mode = o.mode & 0777;
    if (o.kind == Kind::sysv_shm) {
        if (o.dest)
            mode |= SHM_DEST;
        if (o.locked)
            mode |= SHM_LOCKED;
    }
    return mode;
}

void key_value(std::string& out, std::string_view key, std::uint64_t value, std::string_view end)
{
    out += key;
    num(out, value);
    out += end;
}

} // namespace

void append_size(std::string& out, Unit unit, const char* label, std::uint64_t size, std::string_view end, int width)
{
    if (label != nullptr) {
        const std::string_view l = label;
        out += l;
        if (l.empty() || l.back() != '=')
            out += unit == Unit::bytes ? " (bytes) = " : unit == Unit::kbytes ? " (kbytes) = " : " = ";
    }
    const std::size_t w = static_cast<std::size_t>(width < 0 ? -width : width);
    const auto put = [&](std::string_view text) {
        if (width < 0)
            left(out, text, w);
        else
            right(out, text, w);
    };
    switch (unit) {
    case Unit::standard:
    case Unit::bytes: put(digits(size).view()); break;
    case Unit::kbytes: put(digits(size / 1024).view()); break;
    case Unit::human: put(human_size(size)); break;
    }
    out += end;
}

std::uint64_t shm_total(std::uint64_t shmall_pages, std::uint64_t page_size, std::uint64_t unit_bytes)
{
    const std::uint64_t factor = page_size / unit_bytes;
    const std::uint64_t total = shmall_pages * factor;
    if (shmall_pages != 0 && total / shmall_pages != factor) {
        constexpr auto max = std::numeric_limits<std::uint64_t>::max();
        return max - (max % factor);
    }
    return total;
}

std::string_view TimeText::ctime(std::time_t t)
{
    if (!have_ || t != last_) {
        tm parts{};
        char buf[64];
        if (::localtime_r(&t, &parts) != nullptr && ::asctime_r(&parts, buf) != nullptr) {
            size_ = std::strlen(buf);
            if (size_ > 0 && buf[size_ - 1] == '\n')
                --size_;
            std::memcpy(text_, buf, size_);
        } else {
            // ctime(3) fails only past year 2^31; printf shows "(null)" then.
            size_ = 6;
            std::memcpy(text_, "(null)", size_);
        }
        last_ = t;
        have_ = true;
    }
    return {text_, size_};
}

void sysv_row(std::string& out, const Object& o, Format format, Unit unit, NameCache& names, TimeText& times)
{
    if (format == Format::creator)
        creator_row(out, o.id, o, names);
    else if (o.kind == Kind::sysv_msg)
        msg_row(out, o, format, unit, names, times);
    else if (o.kind == Kind::sysv_shm)
        shm_row(out, o, format, unit, names, times);
    else
        sem_row(out, o, format, names, times);
}

void sysv_section(std::string& out, Kind kind, Format format, Unit unit, std::span<const Object> objects,
                  NameCache& names, TimeText& times)
{
    sysv_header(out, kind, format, unit);
    for (const Object& o : objects)
        sysv_row(out, o, format, unit, names, times);
}

namespace {

// ipcs -m -i, -q -i and -s -i: ipcs's print_shm, print_msg, print_sem.
void shm_detail(std::string& out, const Object& o, bool human, Unit unit, unsigned mode, TimeText& times)
{
    out += "\nShared memory Segment shmid=";
    num(out, o.id);
    key_value(out, "\nuid=", o.uid, "\t");
    key_value(out, "gid=", o.gid, "\t");
    key_value(out, "cuid=", o.cuid, "\t");
    key_value(out, "cgid=", o.cgid, "\n");
    out += "mode=";
    alt_octal(out, mode);
    out += "\taccess_perms=";
    alt_octal(out, mode & 0777);
    out += '\n';
    append_size(out, unit, human ? "size=" : "bytes=", o.size, "\t", 0);
    key_value(out, "lpid=", static_cast<unsigned>(o.lpid), "\t");
    key_value(out, "cpid=", static_cast<unsigned>(o.cpid), "\t");
    key_value(out, "nattch=", o.nattch, "\n");
    out += "att_time=";
    long_time(out, o.atime, times);
    out += "\ndet_time=";
    long_time(out, o.dtime, times);
    out += "\nchange_time=";
    long_time_always(out, o.ctime, times);
    out += "\n\n";
}

void msg_detail(std::string& out, const Object& o, bool human, Unit unit, unsigned mode, TimeText& times)
{
    out += "\nMessage Queue msqid=";
    num(out, o.id);
    key_value(out, "\nuid=", o.uid, "\t");
    key_value(out, "gid=", o.gid, "\t");
    key_value(out, "cuid=", o.cuid, "\t");
    key_value(out, "cgid=", o.cgid, "\tmode=");
    alt_octal(out, mode);
    out += '\n';
    append_size(out, unit, human ? "csize=" : "cbytes=", o.size, "\t", 0);
    append_size(out, unit, human ? "qsize=" : "qbytes=", o.qbytes, "\t", 0);
    key_value(out, "qnum=", o.messages, "\tlspid=");
    num(out, o.cpid);
    out += "\tlrpid=";
    num(out, o.lpid);
    out += "\nsend_time=";
    long_time(out, o.atime, times);
    out += "\nrcv_time=";
    long_time(out, o.dtime, times);
    out += "\nchange_time=";
    long_time(out, o.ctime, times);
    out += "\n\n";
}

void sem_detail(std::string& out, const Object& o, std::span<const SemElement> elements, unsigned mode, TimeText& times)
{
    out += "\nSemaphore Array semid=";
    num(out, o.id);
    key_value(out, "\nuid=", o.uid, "\t ");
    key_value(out, "gid=", o.gid, "\t ");
    key_value(out, "cuid=", o.cuid, "\t ");
    key_value(out, "cgid=", o.cgid, "\n");
    out += "mode=";
    alt_octal(out, mode);
    out += ", access_perms=";
    alt_octal(out, mode & 0777);
    key_value(out, "\nnsems = ", o.nsems, "\notime = ");
    long_time(out, o.atime, times);
    out += "\nctime = ";
    long_time_always(out, o.ctime, times);
    out += '\n';
    header(out, {{"semnum", 10}, {"value", 10}, {"ncount", 10}, {"zcount", 10}, {"pid", 10}});
    for (std::size_t i = 0; i < elements.size(); ++i) {
        const SemElement& e = elements[i];
        left_num(out, i, 10);
        out += ' ';
        left_num(out, e.value, 10);
        out += ' ';
        left_num(out, e.ncount, 10);
        out += ' ';
        left_num(out, e.zcount, 10);
        out += ' ';
        left_num(out, e.pid, 10);
        out += '\n';
    }
    out += '\n';
}

} // namespace

void sysv_detail(std::string& out, const Object& o, std::span<const SemElement> elements, Unit unit, TimeText& times)
{
    const bool human = unit == Unit::human;
    const unsigned mode = full_mode(o);
    if (o.kind == Kind::sysv_shm)
        shm_detail(out, o, human, unit, mode, times);
    else if (o.kind == Kind::sysv_msg)
        msg_detail(out, o, human, unit, mode, times);
    else
        sem_detail(out, o, elements, mode, times);
}

void sysv_limits_section(std::string& out, Kind kind, const SysvLimits& l, Unit unit, std::uint64_t page_size)
{
    const Unit in_bytes = unit == Unit::standard ? Unit::bytes : unit;
    switch (kind) {
    case Kind::sysv_msg:
        title(out, "Messages Limits");
        key_value(out, "max queues system wide = ", l.msgmni, "\n");
        append_size(out, in_bytes, "max size of message", l.msgmax, "\n", 0);
        append_size(out, in_bytes, "default max size of queue", l.msgmnb, "\n", 0);
        break;
    case Kind::sysv_shm:
        title(out, "Shared Memory Limits");
        key_value(out, "max number of segments = ", l.shmmni, "\n");
        append_size(out, unit == Unit::standard ? Unit::kbytes : unit, "max seg size", l.shmmax, "\n", 0);
        if (unit == Unit::standard || unit == Unit::kbytes)
            append_size(out, Unit::standard, "max total shared memory (kbytes)", shm_total(l.shmall, page_size, 1024),
                        "\n", 0);
        else
            append_size(out, unit, "max total shared memory", shm_total(l.shmall, page_size, 1), "\n", 0);
        append_size(out, in_bytes, "min seg size", l.shmmin, "\n", 0);
        break;
    default:
        title(out, "Semaphore Limits");
        key_value(out, "max number of arrays = ", l.semmni, "\n");
        key_value(out, "max semaphores per array = ", l.semmsl, "\n");
        key_value(out, "max semaphores system wide = ", l.semmns, "\n");
        key_value(out, "max ops per semop call = ", l.semopm, "\n");
        key_value(out, "semaphore max value = ", l.semvmx, "\n");
        break;
    }
}

void sysv_usage_section(std::string& out, Kind kind, const SysvUsage& u, Unit unit)
{
    switch (kind) {
    case Kind::sysv_msg:
        title(out, "Messages Status");
        key_value(out, "allocated queues = ", u.msg_queues, "\n");
        key_value(out, "used headers = ", u.msg_headers, "\n");
        append_size(out, unit, "used space", u.msg_space, unit == Unit::standard ? " bytes\n" : "\n", 0);
        break;
    case Kind::sysv_shm:
        // ipcs keeps this block's old layout (no '=') for scripts.
        title(out, "Shared Memory Status");
        key_value(out, "segments allocated ", u.shm_segments, "\n");
        key_value(out, "pages allocated ", u.shm_pages, "\n");
        key_value(out, "pages resident  ", u.shm_resident, "\n");
        key_value(out, "pages swapped   ", u.shm_swapped, "\n");
        key_value(out, "Swap performance: ", u.shm_swap_attempts, " attempts\t ");
        key_value(out, "", u.shm_swap_successes, " successes\n");
        break;
    default:
        title(out, "Semaphore Status");
        key_value(out, "used arrays = ", u.sem_sets, "\n");
        key_value(out, "allocated semaphores = ", u.sem_semaphores, "\n");
        break;
    }
}

// POSIX sections: the same look, a name column instead of key and id.

namespace {

// The name column is at least 20 wide and grows to the longest name, so
// the other columns stay aligned (POSIX names run to 255 bytes).
constexpr std::size_t min_name_width = 20;

// How a name or path is shown: escaped (it was chosen by any local user),
// so one object stays one line and the columns stay aligned.
std::vector<std::string> shown_names(std::span<const Object> objects, bool paths)
{
    std::vector<std::string> shown;
    shown.reserve(objects.size());
    for (const Object& o : objects) {
        std::string& s = shown.emplace_back(paths ? "" : "/");
        s += printable(paths ? o.path : o.name);
    }
    return shown;
}

std::size_t column_width(const std::vector<std::string>& shown, std::size_t min)
{
    std::size_t width = min;
    for (const auto& s : shown)
        width = std::max(width, s.size());
    return width;
}

// Message queue counts are known only when the queue could be opened.
bool mq_known(const Object& o)
{
    return o.maxmsg.has_value();
}

std::string_view posix_title(Kind kind)
{
    switch (kind) {
    case Kind::posix_mq: return "POSIX Message Queues";
    case Kind::posix_sem: return "POSIX Semaphores";
    default: return "POSIX Shared Memory";
    }
}

void posix_header(std::string& out, Kind kind, Format format, Unit unit, std::size_t name_width)
{
    const std::string what(posix_title(kind));
    const bool human = unit == Unit::human;
    switch (format) {
    case Format::pid:
        title(out, what + " Holder PIDs");
        header(out, {{"name", name_width}, {"owner", 10}, {"pids", 10}});
        break;
    case Format::time:
        title(out, what + " Access/Modify/Change Times");
        header(out, {{"name", name_width}, {"owner", 10}, {"accessed", 20}, {"modified", 20}, {"changed", 20}});
        break;
    case Format::creator:
        title(out, what + " Owners");
        header(out, {{"name", name_width}, {"perms", 10}, {"uid", 10}, {"gid", 10}});
        break;
    default:
        title(out, what);
        if (kind == Kind::posix_mq)
            header(out, {{"name", name_width},
                         {"owner", 10},
                         {"perms", 10},
                         {human ? "size" : "used-bytes", 12},
                         {"messages", 12}});
        else if (kind == Kind::posix_sem)
            header(out, {{"name", name_width}, {"owner", 10}, {"perms", 10}, {"value", 10}});
        else
            header(out, {{"name", name_width}, {"owner", 10}, {"perms", 10}, {human ? "size" : "bytes", 10}});
        break;
    }
}

std::string pid_text(const std::vector<pid_t>& pids)
{
    if (pids.empty())
        return "-";
    std::string text;
    for (pid_t p : pids) {
        if (!text.empty())
            text += ',';
        text += std::to_string(p);
    }
    return text;
}

std::vector<pid_t> holder_pids(const Object& o)
{
    std::vector<pid_t> pids;
    for (const Holder& h : o.holders)
        pids.push_back(h.pid);
    return pids;
}

void posix_row(std::string& out, const Object& o, std::string_view name, Format format, Unit unit,
               std::size_t name_width, NameCache& names, TimeText& times)
{
    left(out, name, name_width);
    out += ' ';
    switch (format) {
    case Format::pid:
        left_cut(out, names.user(o.uid), 10);
        out += ' ';
        left(out, pid_text(holder_pids(o)), 10);
        break;
    case Format::time:
        left_cut(out, names.user(o.uid), 10);
        short_time(out, o.atime, times);
        short_time(out, o.dtime, times);
        short_time(out, o.ctime, times);
        break;
    case Format::creator:
        left_perms(out, o.mode, 10);
        out += ' ';
        left(out, names.user(o.uid), 10);
        out += ' ';
        left(out, names.group(o.gid), 10);
        break;
    default:
        left_cut(out, names.user(o.uid), 10);
        out += ' ';
        left_perms(out, o.mode, 10);
        out += ' ';
        if (o.kind == Kind::posix_mq) {
            if (mq_known(o)) {
                size_column(out, unit, o.size, 12);
                out += ' ';
                left_num(out, o.messages, 12);
            } else {
                left(out, "-", 12);
                out += ' ';
                left(out, "-", 12);
            }
        } else if (o.kind == Kind::posix_sem) {
            if (o.value)
                left_num(out, *o.value, 10);
            else
                left(out, "-", 10);
        } else {
            size_column(out, unit, o.size, 10);
        }
        break;
    }
    out += '\n';
}

} // namespace

void posix_section(std::string& out, Kind kind, Format format, Unit unit, std::span<const Object> objects,
                   NameCache& names, TimeText& times)
{
    const auto shown = shown_names(objects, false);
    const std::size_t width = column_width(shown, min_name_width);
    posix_header(out, kind, format, unit, width);
    for (std::size_t i = 0; i < objects.size(); ++i)
        posix_row(out, objects[i], shown[i], format, unit, width, names, times);
}

void fifo_section(std::string& out, std::span<const Object> objects, NameCache& names)
{
    const auto paths = shown_names(objects, true);
    const std::size_t path_width = column_width(paths, min_name_width);
    std::size_t readers_width = 12;
    std::size_t writers_width = 12;
    for (const Object& o : objects) {
        readers_width = std::max(readers_width, pid_text(o.readers).size());
        writers_width = std::max(writers_width, pid_text(o.writers).size());
    }
    title(out, "FIFOs");
    header(
        out,
        {{"path", path_width}, {"owner", 10}, {"perms", 10}, {"readers", readers_width}, {"writers", writers_width}});
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const Object& o = objects[i];
        left(out, paths[i], path_width);
        out += ' ';
        left_cut(out, names.user(o.uid), 10);
        out += ' ';
        left_perms(out, o.mode, 10);
        out += ' ';
        left(out, pid_text(o.readers), readers_width);
        out += ' ';
        left(out, pid_text(o.writers), writers_width);
        out += '\n';
    }
}

void posix_detail(std::string& out, const Object& o, Unit unit, TimeText& times)
{
    const bool human = unit == Unit::human;
    out += '\n';
    out += o.kind == Kind::posix_mq    ? "POSIX Message Queue"
           : o.kind == Kind::posix_sem ? "POSIX Semaphore"
                                       : "POSIX Shared Memory";
    out += " name=/";
    out += printable(o.name);
    key_value(out, "\nuid=", o.uid, "\t");
    key_value(out, "gid=", o.gid, "\tmode=");
    alt_octal(out, o.mode & 0777);
    out += '\n';
    switch (o.kind) {
    case Kind::posix_mq:
        if (mq_known(o)) {
            append_size(out, unit, human ? "csize=" : "cbytes=", o.size, "\t", 0);
            key_value(out, "maxmsg=", static_cast<std::uint64_t>(*o.maxmsg), "\t");
            append_size(out, unit, "msgsize=", static_cast<std::uint64_t>(o.msgsize.value_or(0)), "\t", 0);
            key_value(out, "qnum=", o.messages, "\n");
        } else {
            out += human ? "csize=-\tmaxmsg=-\tmsgsize=-\tqnum=-\n" : "cbytes=-\tmaxmsg=-\tmsgsize=-\tqnum=-\n";
        }
        break;
    case Kind::posix_sem:
        out += "value=";
        if (o.value)
            num(out, *o.value);
        else
            out += '-';
        out += '\n';
        break;
    default: append_size(out, unit, human ? "size=" : "bytes=", o.size, "\n", 0); break;
    }
    out += "access_time=";
    long_time(out, o.atime, times);
    out += "\nmodify_time=";
    long_time(out, o.dtime, times);
    out += "\nchange_time=";
    long_time(out, o.ctime, times);
    out += "\n\n";
}

void posix_limits_section(std::string& out, Kind kind, const PosixLimits& l, Unit unit)
{
    const Unit in_bytes = unit == Unit::standard ? Unit::bytes : unit;
    switch (kind) {
    case Kind::posix_mq:
        if (!l.mq) {
            out += "unable to fetch POSIX message queue limits\n";
            return;
        }
        title(out, "POSIX Message Queues Limits");
        key_value(out, "max queues system wide = ", l.mq->queues_max, "\n");
        key_value(out, "max messages per queue = ", l.mq->msg_max, "\n");
        append_size(out, in_bytes, "max size of message", l.mq->msgsize_max, "\n", 0);
        key_value(out, "default messages per queue = ", l.mq->msg_default, "\n");
        append_size(out, in_bytes, "default size of message", l.mq->msgsize_default, "\n", 0);
        break;
    case Kind::posix_sem:
        title(out, "POSIX Semaphores Limits");
        key_value(out, "semaphore max value = ", l.sem_value_max, "\n");
        break;
    default:
        if (!l.shm) {
            out += "unable to fetch POSIX shared memory limits\n";
            return;
        }
        title(out, "POSIX Shared Memory Limits");
        key_value(out, "max number of files = ", l.shm->inodes, "\n");
        append_size(out, unit == Unit::standard ? Unit::kbytes : unit, "max total shared memory", l.shm->bytes, "\n",
                    0);
        break;
    }
}

void posix_usage_section(std::string& out, Kind kind, std::span<const Object> objects, Unit unit)
{
    std::uint64_t bytes = 0;
    std::uint64_t messages = 0;
    for (const Object& o : objects) {
        if (o.kind != Kind::posix_mq || mq_known(o)) {
            bytes += o.size;
            messages += o.messages;
        }
    }
    const std::string_view end = unit == Unit::standard ? " bytes\n" : "\n";
    switch (kind) {
    case Kind::posix_mq:
        title(out, "POSIX Message Queues Status");
        key_value(out, "allocated queues = ", objects.size(), "\n");
        key_value(out, "queued messages = ", messages, "\n");
        append_size(out, unit, "used space", bytes, end, 0);
        break;
    case Kind::posix_sem:
        title(out, "POSIX Semaphores Status");
        key_value(out, "allocated semaphores = ", objects.size(), "\n");
        break;
    default:
        title(out, "POSIX Shared Memory Status");
        key_value(out, "allocated segments = ", objects.size(), "\n");
        append_size(out, unit, "used space", bytes, end, 0);
        break;
    }
}

} // namespace ipcutil::ipcs
