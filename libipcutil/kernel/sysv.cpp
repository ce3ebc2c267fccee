#include "libipcutil/kernel/sysv.hpp"

#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/parse.hpp"

namespace ipcutil {
namespace {

std::string_view proc_path(Kind kind)
{
    switch (kind) {
    case Kind::sysv_shm: return "/proc/sysvipc/shm";
    case Kind::sysv_msg: return "/proc/sysvipc/msg";
    default: return "/proc/sysvipc/sem";
    }
}

std::vector<std::string_view> split_ws(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n'; };
    while (i < line.size()) {
        while (i < line.size() && space(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !space(line[i]))
            ++i;
        if (i > start)
            out.push_back(line.substr(start, i - start));
    }
    return out;
}

template <class T> bool number(std::string_view s, T& out, int base = 10)
{
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc{} && end == s.data() + s.size();
}

std::optional<std::time_t> time_or_unset(std::int64_t t)
{
    if (t == 0)
        return std::nullopt;
    return static_cast<std::time_t>(t);
}

// The /proc columns a row is read from, by header name, so kernels that add
// or move columns still parse.  Resolved once per file: a listing has tens
// of thousands of rows, each read in one pass.
// f_t1..f_t3: atime/dtime/ctime, stime/rtime/ctime, otime/-/ctime.
// f_count: nattch, qnum, nsems.  f_cpid/f_lpid: cpid/lpid, lspid/lrpid.
enum Field : std::uint8_t {
    f_key,
    f_id,
    f_perms,
    f_uid,
    f_gid,
    f_cuid,
    f_cgid,
    f_t1,
    f_t2,
    f_t3,
    f_size,
    f_cpid,
    f_lpid,
    f_count,
    f_rss,
    f_swap,
    field_count
};

constexpr std::uint8_t no_field = 0xff;
constexpr std::size_t max_columns = 64;

struct Layout {
    std::array<std::uint8_t, max_columns> field_at; ///< column -> Field, or no_field
    std::uint32_t required = 0;                     ///< fields every row must have
};

constexpr std::uint32_t bit(Field f)
{
    return std::uint32_t{1} << f;
}

Layout find_layout(Kind kind, std::string_view header_line)
{
    // Header names per field; "" where the kind has no such field.
    static constexpr std::array<std::string_view, field_count> shm = {
        "key",   "shmid", "perms", "uid",  "gid",  "cuid",   "cgid", "atime",
        "dtime", "ctime", "size",  "cpid", "lpid", "nattch", "rss",  "swap"};
    static constexpr std::array<std::string_view, field_count> msg = {
        "key",   "msqid", "perms",  "uid",   "gid",   "cuid", "cgid", "stime",
        "rtime", "ctime", "cbytes", "lspid", "lrpid", "qnum", "",     ""};
    static constexpr std::array<std::string_view, field_count> sem = {
        "key", "semid", "perms", "uid", "gid", "cuid", "cgid", "otime", "", "ctime", "", "", "", "nsems", "", ""};
    const auto& names = kind == Kind::sysv_shm ? shm : kind == Kind::sysv_msg ? msg : sem;
    Layout l;
    l.field_at.fill(no_field);
    std::uint32_t found = 0;
    const auto header = split_ws(header_line);
    for (std::size_t i = 0; i < header.size() && i < max_columns; ++i)
        for (std::uint8_t f = 0; f < field_count; ++f)
            if (!names[f].empty() && header[i] == names[f] && (found & bit(Field(f))) == 0) {
                l.field_at[i] = f;
                found |= bit(Field(f));
            }
    // Every named field is required, except shm rss and swap, which older
    // kernels lack: those only when the header has them.
    for (std::uint8_t f = 0; f < field_count; ++f)
        if (!names[f].empty() && f != f_rss && f != f_swap)
            l.required |= bit(Field(f));
    l.required |= found & (bit(f_rss) | bit(f_swap));
    return l;
}

// One row, in one pass: each wanted field is parsed where it is found.
bool parse_row(Kind kind, const Layout& layout, std::string_view line, Object& o)
{
    std::array<std::uint64_t, field_count> v{};
    std::uint32_t seen = 0;
    std::uint32_t negative = 0;
    const char* p = line.data();
    const char* const end = p + line.size();
    for (std::size_t c = 0; c < max_columns; ++c) {
        while (p < end && (*p == ' ' || *p == '\t'))
            ++p;
        if (p == end)
            break;
        const char* start = p;
        while (p < end && *p != ' ' && *p != '\t')
            ++p;
        const std::uint8_t f = layout.field_at[c];
        if (f == no_field)
            continue;
        const char* q = start;
        if (*q == '-') {
            negative |= bit(Field(f));
            ++q;
        }
        if (q == p)
            return false;
        const unsigned base = f == f_perms ? 8 : 10;
        std::uint64_t x = 0;
        // Up to 19 digits cannot overflow 64 bits; only longer ones are checked.
        const bool short_number = p - q <= 19;
        for (; q < p; ++q) {
            const auto d = static_cast<unsigned>(*q - '0');
            if (d >= base)
                return false;
            if (short_number)
                x = x * base + d;
            else if (__builtin_mul_overflow(x, base, &x) || __builtin_add_overflow(x, d, &x))
                return false;
        }
        v[f] = x;
        seen |= bit(Field(f));
    }
    // Only keys and times may be negative.
    constexpr std::uint32_t may_be_negative = bit(f_key) | bit(f_t1) | bit(f_t2) | bit(f_t3);
    if ((seen & layout.required) != layout.required || (negative & ~may_be_negative) != 0)
        return false;
    const auto signed_value = [&](Field f) {
        return (negative & bit(f)) != 0 ? -static_cast<std::int64_t>(v[f]) : static_cast<std::int64_t>(v[f]);
    };
    constexpr std::uint64_t max_int = std::numeric_limits<int>::max();
    constexpr std::uint64_t max_uid = std::numeric_limits<uid_t>::max();
    if (v[f_id] > max_int || v[f_cpid] > max_int || v[f_lpid] > max_int || v[f_uid] > max_uid || v[f_gid] > max_uid
        || v[f_cuid] > max_uid || v[f_cgid] > max_uid)
        return false;
    o.kind = kind;
    o.key = static_cast<key_t>(signed_value(f_key));
    o.id = static_cast<int>(v[f_id]);
    const auto perms = static_cast<unsigned>(v[f_perms]);
    o.mode = perms & 0777;
    o.uid = static_cast<uid_t>(v[f_uid]);
    o.gid = static_cast<gid_t>(v[f_gid]);
    o.cuid = static_cast<uid_t>(v[f_cuid]);
    o.cgid = static_cast<gid_t>(v[f_cgid]);
    o.atime = time_or_unset(signed_value(f_t1));
    o.dtime = time_or_unset(signed_value(f_t2));
    o.ctime = time_or_unset(signed_value(f_t3));
    switch (kind) {
    case Kind::sysv_shm:
        o.size = v[f_size];
        o.cpid = static_cast<pid_t>(v[f_cpid]);
        o.lpid = static_cast<pid_t>(v[f_lpid]);
        o.nattch = v[f_count];
        o.rss = v[f_rss];
        o.swap = v[f_swap];
        o.dest = (perms & SHM_DEST) != 0;
        o.locked = (perms & SHM_LOCKED) != 0;
        break;
    case Kind::sysv_msg:
        o.size = v[f_size];
        o.messages = v[f_count];
        o.cpid = static_cast<pid_t>(v[f_cpid]);
        o.lpid = static_cast<pid_t>(v[f_lpid]);
        break;
    default: o.nsems = v[f_count]; break;
    }
    return true;
}

std::string id_words(Kind kind, int id)
{
    return fmt::format("{} id {}", kind_words(kind), id);
}

Error not_found(Kind kind, int id)
{
    return sys_error("find", id_words(kind, id), ENOENT);
}

Object from_shmid_ds(int id, const shmid_ds& ds)
{
    Object o;
    o.kind = Kind::sysv_shm;
    o.id = id;
    o.key = ds.shm_perm.__key;
    o.uid = ds.shm_perm.uid;
    o.gid = ds.shm_perm.gid;
    o.cuid = ds.shm_perm.cuid;
    o.cgid = ds.shm_perm.cgid;
    o.mode = ds.shm_perm.mode & 0777;
    o.dest = (ds.shm_perm.mode & SHM_DEST) != 0;
    o.locked = (ds.shm_perm.mode & SHM_LOCKED) != 0;
    o.size = ds.shm_segsz;
    o.nattch = ds.shm_nattch;
    o.cpid = ds.shm_cpid;
    o.lpid = ds.shm_lpid;
    o.atime = time_or_unset(ds.shm_atime);
    o.dtime = time_or_unset(ds.shm_dtime);
    o.ctime = time_or_unset(ds.shm_ctime);
    return o;
}

Object from_msqid_ds(int id, const msqid_ds& ds)
{
    Object o;
    o.kind = Kind::sysv_msg;
    o.id = id;
    o.key = ds.msg_perm.__key;
    o.uid = ds.msg_perm.uid;
    o.gid = ds.msg_perm.gid;
    o.cuid = ds.msg_perm.cuid;
    o.cgid = ds.msg_perm.cgid;
    o.mode = ds.msg_perm.mode & 0777;
    o.size = ds.__msg_cbytes;
    o.messages = ds.msg_qnum;
    o.qbytes = ds.msg_qbytes;
    o.cpid = ds.msg_lspid;
    o.lpid = ds.msg_lrpid;
    o.atime = time_or_unset(ds.msg_stime);
    o.dtime = time_or_unset(ds.msg_rtime);
    o.ctime = time_or_unset(ds.msg_ctime);
    return o;
}

Object from_semid_ds(int id, const semid_ds& ds)
{
    Object o;
    o.kind = Kind::sysv_sem;
    o.id = id;
    o.key = ds.sem_perm.__key;
    o.uid = ds.sem_perm.uid;
    o.gid = ds.sem_perm.gid;
    o.cuid = ds.sem_perm.cuid;
    o.cgid = ds.sem_perm.cgid;
    o.mode = ds.sem_perm.mode & 0777;
    o.nsems = ds.sem_nsems;
    o.atime = time_or_unset(ds.sem_otime);
    o.ctime = time_or_unset(ds.sem_ctime);
    return o;
}

// One *_STAT call by index (the fallback walks indexes 0..maxidx), or
// IPC_STAT by id: the id, or the errno.
SysResult<int> stat_index(Sys& sys, Kind kind, int index, Object& out, int cmd_shm, int cmd_msg, int cmd_sem)
{
    switch (kind) {
    case Kind::sysv_shm: {
        shmid_ds ds{};
        auto id = sys.shmctl(index, cmd_shm, &ds);
        if (id)
            out = from_shmid_ds(cmd_shm == IPC_STAT ? index : *id, ds);
        return id;
    }
    case Kind::sysv_msg: {
        msqid_ds ds{};
        auto id = sys.msgctl(index, cmd_msg, &ds);
        if (id)
            out = from_msqid_ds(cmd_msg == IPC_STAT ? index : *id, ds);
        return id;
    }
    default: {
        semid_ds ds{};
        SemArg arg{};
        arg.buf = &ds;
        auto id = sys.semctl(index, 0, cmd_sem, arg);
        if (id)
            out = from_semid_ds(cmd_sem == IPC_STAT ? index : *id, ds);
        return id;
    }
    }
}

Result<std::string> read_text(Sys& sys, const std::string& path)
{
    std::string text;
    if (auto done = sys.read_file(AT_FDCWD, path, text); !done)
        return std::unexpected(sys_error("read", path, done.error()));
    return text;
}

Result<std::uint64_t> read_number(Sys& sys, const std::string& path)
{
    auto text = read_text(sys, path);
    if (!text)
        return std::unexpected(text.error());
    std::uint64_t v = 0;
    auto s = std::string_view(*text);
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.remove_suffix(1);
    if (!number(s, v))
        return std::unexpected(failure("read", path, "unexpected contents"));
    return v;
}

int create_flags(mode_t mode, bool exclusive)
{
    return IPC_CREAT | static_cast<int>(mode & 0777) | (exclusive ? IPC_EXCL : 0);
}

std::string key_words(Kind kind, key_t key)
{
    if (key == IPC_PRIVATE)
        return std::string(kind_words(kind));
    return fmt::format("{} key {}", kind_words(kind), format_key(key));
}

// "the limit kernel.msgmni (32000 message queues) is reached; raise it
// with: sysctl -w kernel.msgmni=64000"
std::string count_limit(std::string_view sysctl, std::uint64_t limit, std::string_view things)
{
    return fmt::format("the limit kernel.{} ({} {}) is reached; raise it with: sysctl -w kernel.{}={}", sysctl, limit,
                       things, sysctl, limit * 2);
}

// Why the kernel refused to create: the limit that stood in the way, and
// the sysctl that raises it, when the limits can be read.
Error explain_create(Sys& sys, Kind kind, std::uint64_t amount, Error e)
{
    if (e.err == EEXIST) {
        e.detail = "already exists";
        return e;
    }
    if (e.err != EINVAL && e.err != ENOSPC)
        return e;
    const auto limits = sysv_limits(sys);
    if (!limits)
        return e;
    const SysvLimits& l = *limits;
    switch (kind) {
    case Kind::sysv_shm:
        if (e.err == EINVAL && amount > l.shmmax)
            e.detail = fmt::format("size {} is above the limit kernel.shmmax ({} bytes); raise it with: "
                                   "sysctl -w kernel.shmmax={}",
                                   amount, l.shmmax, amount);
        else if (e.err == EINVAL)
            e.detail = "invalid size (too large for the kernel to map)";
        else if (auto u = sysv_usage(sys); u && u->shm_segments >= l.shmmni)
            e.detail = count_limit("shmmni", l.shmmni, "segments");
        else
            e.detail = fmt::format("the limit kernel.shmall ({} pages of shared memory in all) would be passed; "
                                   "raise it with: sysctl -w kernel.shmall={}",
                                   l.shmall, l.shmall * 2);
        break;
    case Kind::sysv_msg:
        if (e.err == ENOSPC)
            e.detail = count_limit("msgmni", l.msgmni, "message queues");
        break;
    default:
        if (e.err == EINVAL && amount > l.semmsl)
            e.detail = fmt::format("{} semaphores is above the limit of {} per set (SEMMSL, the first field of "
                                   "kernel.sem); raise it with: sysctl -w kernel.sem=\"{} {} {} {}\"",
                                   amount, l.semmsl, amount, std::max(l.semmns, amount * l.semmni), l.semopm, l.semmni);
        else if (e.err == EINVAL)
            e.detail = "invalid number of semaphores (more than the existing set holds)";
        else if (auto u = sysv_usage(sys); u && u->sem_sets >= l.semmni)
            e.detail = fmt::format("the limit of {} semaphore sets (SEMMNI, the fourth field of kernel.sem) is "
                                   "reached; raise it with: sysctl -w kernel.sem=\"{} {} {} {}\"",
                                   l.semmni, l.semmsl, l.semmns, l.semopm, l.semmni * 2);
        else
            e.detail = fmt::format("the limit of {} semaphores in all (SEMMNS, the second field of kernel.sem) "
                                   "would be passed; raise it with: sysctl -w kernel.sem=\"{} {} {} {}\"",
                                   l.semmns, l.semmsl, l.semmns * 2, l.semopm, l.semmni);
        break;
    }
    return e;
}

} // namespace

std::vector<Object> parse_proc_sysvipc(Kind kind, std::string_view text, std::size_t* malformed)
{
    std::vector<Object> out;
    std::size_t bad = 0;
    const std::size_t nl = text.find('\n');
    const Layout layout = find_layout(kind, text.substr(0, nl));
    std::size_t pos = nl == std::string_view::npos ? text.size() : nl + 1;
    // Rows are about the same length: size the vector once.
    if (const std::size_t next = text.find('\n', pos); next != std::string_view::npos && next > pos)
        out.reserve(text.size() / (next - pos + 1) + 1);
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        Object& o = out.emplace_back();
        if (!parse_row(kind, layout, line, o)) {
            out.pop_back();
            ++bad;
        }
    }
    if (malformed != nullptr)
        *malformed = bad;
    return out;
}

Result<void> for_each_sysv(Kind kind, const std::function<void(const Object&)>& each, Sys& sys)
{
    const std::string path(proc_path(kind));
    auto fd = sys.open(AT_FDCWD, path, O_RDONLY);
    if (!fd) {
        auto all = list_sysv_stat(kind, sys);
        if (!all)
            return std::unexpected(all.error());
        for (const Object& o : *all)
            each(o);
        return {};
    }
    // One fixed buffer: complete lines are parsed, a partial one is moved
    // to the front and completed by the next read.
    std::string buf(128 * 1024, '\0');
    std::size_t used = 0;
    std::optional<Layout> layout;
    Object o;
    for (bool eof = false; !eof;) {
        auto n = sys.read(fd->get(), buf.data() + used, buf.size() - used);
        if (!n)
            return std::unexpected(sys_error("read", path, n.error()));
        used += *n;
        eof = *n == 0;
        if (eof && used > 0 && buf[used - 1] != '\n')
            buf[used++] = '\n'; // a last line without its newline (there is room: the read returned 0)
        std::string_view text(buf.data(), used);
        std::size_t pos = 0;
        for (std::size_t end; (end = text.find('\n', pos)) != std::string_view::npos; pos = end + 1) {
            const std::string_view line = text.substr(pos, end - pos);
            if (!layout) {
                layout = find_layout(kind, line);
                continue;
            }
            if (parse_row(kind, *layout, line, o))
                each(o);
        }
        // A line longer than the buffer: grow it.
        if (pos == 0 && used == buf.size())
            buf.resize(buf.size() * 2);
        std::memmove(buf.data(), buf.data() + pos, used - pos);
        used -= pos;
    }
    return {};
}

Result<std::vector<Object>> list_sysv(Kind kind, Sys& sys)
{
    std::string text;
    if (!sys.read_file(AT_FDCWD, std::string(proc_path(kind)), text))
        return list_sysv_stat(kind, sys);
    auto objects = parse_proc_sysvipc(kind, text);
    std::sort(objects.begin(), objects.end(), [](const Object& a, const Object& b) { return a.id < b.id; });
    return objects;
}

Result<std::vector<Object>> list_sysv_stat(Kind kind, Sys& sys)
{
    // *_INFO returns the highest used index; *_STAT takes an index.
    SysResult<int> maxidx = std::unexpected(EINVAL);
    switch (kind) {
    case Kind::sysv_shm: {
        shm_info info{};
        maxidx = sys.shmctl(0, SHM_INFO, reinterpret_cast<shmid_ds*>(&info));
        break;
    }
    case Kind::sysv_msg: {
        msginfo info{};
        maxidx = sys.msgctl(0, MSG_INFO, reinterpret_cast<msqid_ds*>(&info));
        break;
    }
    default: {
        seminfo info{};
        SemArg arg{};
        arg.info = &info;
        maxidx = sys.semctl(0, 0, SEM_INFO, arg);
        break;
    }
    }
    if (!maxidx)
        return std::unexpected(sys_error("list", std::string(kind_words(kind)), maxidx.error()));
    std::vector<Object> out;
    for (int index = 0; index <= *maxidx; ++index) {
        Object o;
        if (stat_index(sys, kind, index, o, SHM_STAT, MSG_STAT, SEM_STAT))
            out.push_back(std::move(o));
    }
    return out;
}

Result<Object> stat_sysv(Kind kind, int id, Sys& sys)
{
    Object o;
    if (auto done = stat_index(sys, kind, id, o, IPC_STAT, IPC_STAT, IPC_STAT); !done) {
        if (done.error() == EINVAL || done.error() == EIDRM)
            return std::unexpected(not_found(kind, id));
        return std::unexpected(sys_error("stat", id_words(kind, id), done.error()));
    }
    return o;
}

void fill_shm_memory(Object& o, Sys& sys)
{
    if (o.kind != Kind::sysv_shm)
        return;
    std::string text;
    if (sys.read_file(AT_FDCWD, "/proc/sysvipc/shm", text))
        for (const auto& p : parse_proc_sysvipc(Kind::sysv_shm, text))
            if (p.id == o.id) {
                o.rss = p.rss;
                o.swap = p.swap;
            }
}

Result<int> sysv_id_for_key(Kind kind, key_t key, Sys& sys)
{
    SysResult<int> id = std::unexpected(EINVAL);
    switch (kind) {
    case Kind::sysv_shm: id = sys.shmget(key, 0, 0); break;
    case Kind::sysv_msg: id = sys.msgget(key, 0); break;
    default: id = sys.semget(key, 0, 0); break;
    }
    if (!id) {
        const std::string what =
            fmt::format("{} key {}", kind_words(kind), fmt::format("0x{:08x}", static_cast<std::uint32_t>(key)));
        return std::unexpected(sys_error("find", what, id.error()));
    }
    return *id;
}

Result<std::vector<SemElement>> sem_elements(int semid, std::uint64_t nsems, Sys& sys)
{
    std::vector<SemElement> out(nsems);
    for (std::uint64_t i = 0; i < nsems; ++i) {
        const int n = static_cast<int>(i);
        const auto v = sys.semctl(semid, n, GETVAL, SemArg{});
        const auto nc = sys.semctl(semid, n, GETNCNT, SemArg{});
        const auto zc = sys.semctl(semid, n, GETZCNT, SemArg{});
        const auto pid = sys.semctl(semid, n, GETPID, SemArg{});
        for (const auto* r : {&v, &nc, &zc, &pid})
            if (!*r)
                return std::unexpected(sys_error("read", fmt::format("semaphore set id {}", semid), r->error()));
        out[i] = SemElement{*v, *nc, *zc, *pid};
    }
    return out;
}

Result<SysvLimits> sysv_limits(Sys& sys)
{
    SysvLimits l;
    auto shmmax = read_number(sys, "/proc/sys/kernel/shmmax");
    auto shmall = read_number(sys, "/proc/sys/kernel/shmall");
    auto shmmni = read_number(sys, "/proc/sys/kernel/shmmni");
    auto msgmni = read_number(sys, "/proc/sys/kernel/msgmni");
    auto msgmax = read_number(sys, "/proc/sys/kernel/msgmax");
    auto msgmnb = read_number(sys, "/proc/sys/kernel/msgmnb");
    auto sem = read_text(sys, "/proc/sys/kernel/sem");
    if (shmmax && shmall && shmmni && msgmni && msgmax && msgmnb && sem) {
        l.shmmax = *shmmax;
        l.shmall = *shmall;
        l.shmmni = *shmmni;
        l.msgmni = *msgmni;
        l.msgmax = *msgmax;
        l.msgmnb = *msgmnb;
        const auto f = split_ws(*sem);
        if (f.size() >= 4 && number(f[0], l.semmsl) && number(f[1], l.semmns) && number(f[2], l.semopm)
            && number(f[3], l.semmni))
            return l;
    }
    // The IPC_INFO fallback.
    shminfo si{};
    msginfo mi{};
    seminfo se{};
    SemArg arg{};
    arg.info = &se;
    for (const auto& r : {sys.shmctl(0, IPC_INFO, reinterpret_cast<shmid_ds*>(&si)),
                          sys.msgctl(0, IPC_INFO, reinterpret_cast<msqid_ds*>(&mi)), sys.semctl(0, 0, IPC_INFO, arg)})
        if (!r)
            return std::unexpected(sys_error("read", "System V limits", r.error()));
    l.shmmax = si.shmmax;
    l.shmall = si.shmall;
    l.shmmni = si.shmmni;
    l.shmmin = si.shmmin;
    l.msgmni = static_cast<std::uint64_t>(mi.msgmni);
    l.msgmax = static_cast<std::uint64_t>(mi.msgmax);
    l.msgmnb = static_cast<std::uint64_t>(mi.msgmnb);
    l.semmsl = static_cast<std::uint64_t>(se.semmsl);
    l.semmns = static_cast<std::uint64_t>(se.semmns);
    l.semopm = static_cast<std::uint64_t>(se.semopm);
    l.semmni = static_cast<std::uint64_t>(se.semmni);
    l.semvmx = static_cast<std::uint64_t>(se.semvmx);
    return l;
}

Result<SysvUsage> sysv_usage(Sys& sys)
{
    SysvUsage u;
    shm_info si{};
    msginfo mi{};
    seminfo se{};
    SemArg arg{};
    arg.info = &se;
    for (const auto& r : {sys.shmctl(0, SHM_INFO, reinterpret_cast<shmid_ds*>(&si)),
                          sys.msgctl(0, MSG_INFO, reinterpret_cast<msqid_ds*>(&mi)), sys.semctl(0, 0, SEM_INFO, arg)})
        if (!r)
            return std::unexpected(sys_error("read", "System V usage", r.error()));
    u.shm_segments = static_cast<std::uint64_t>(si.used_ids);
    u.shm_pages = si.shm_tot;
    u.shm_resident = si.shm_rss;
    u.shm_swapped = si.shm_swp;
    u.shm_swap_attempts = si.swap_attempts;
    u.shm_swap_successes = si.swap_successes;
    u.msg_queues = static_cast<std::uint64_t>(mi.msgpool);
    u.msg_headers = static_cast<std::uint64_t>(mi.msgmap);
    u.msg_space = static_cast<std::uint64_t>(mi.msgtql);
    u.sem_sets = static_cast<std::uint64_t>(se.semusz);
    u.sem_semaphores = static_cast<std::uint64_t>(se.semaem);
    return u;
}

Result<int> create_sysv_shm(key_t key, std::uint64_t size, mode_t mode, bool exclusive, Sys& sys)
{
    auto id = sys.shmget(key, size, create_flags(mode, exclusive));
    if (!id)
        return std::unexpected(
            explain_create(sys, Kind::sysv_shm, size, sys_error("create", key_words(Kind::sysv_shm, key), id.error())));
    return *id;
}

Result<int> create_sysv_msg(key_t key, mode_t mode, bool exclusive, Sys& sys)
{
    auto id = sys.msgget(key, create_flags(mode, exclusive));
    if (!id)
        return std::unexpected(
            explain_create(sys, Kind::sysv_msg, 0, sys_error("create", key_words(Kind::sysv_msg, key), id.error())));
    return *id;
}

Result<int> create_sysv_sem(key_t key, std::uint64_t nsems, mode_t mode, bool exclusive, Sys& sys)
{
    const std::string what = key_words(Kind::sysv_sem, key);
    if (nsems > static_cast<std::uint64_t>(INT32_MAX))
        return std::unexpected(explain_create(sys, Kind::sysv_sem, nsems, sys_error("create", what, EINVAL)));
    auto id = sys.semget(key, static_cast<int>(nsems), create_flags(mode, exclusive));
    if (!id)
        return std::unexpected(explain_create(sys, Kind::sysv_sem, nsems, sys_error("create", what, id.error())));
    return *id;
}

key_t random_key(Kind kind, Sys& sys)
{
    std::random_device rd;
    std::mt19937 gen(rd());
    std::uniform_int_distribution<std::uint32_t> dist(1, 0x7fffffff);
    for (;;) {
        const auto key = static_cast<key_t>(dist(gen));
        if (!sysv_id_for_key(kind, key, sys))
            return key;
    }
}

Result<void> remove_sysv(Kind kind, int id, Sys& sys)
{
    SysResult<int> done = std::unexpected(EINVAL);
    switch (kind) {
    case Kind::sysv_shm: done = sys.shmctl(id, IPC_RMID, nullptr); break;
    case Kind::sysv_msg: done = sys.msgctl(id, IPC_RMID, nullptr); break;
    default: done = sys.semctl(id, 0, IPC_RMID, SemArg{}); break;
    }
    if (!done)
        return std::unexpected(sys_error("remove", id_words(kind, id), done.error() == EINVAL ? ENOENT : done.error()));
    return {};
}

bool may_remove_sysv(const Object& object, Sys& sys)
{
    const Identity who = sys.identity();
    return who.euid == object.uid || who.euid == object.cuid || capable(who, cap_sys_admin);
}

Result<Object> restat_sysv(const Object& listed, Sys& sys)
{
    auto now = stat_sysv(listed.kind, listed.id, sys);
    if (!now && (now.error().err == EACCES || now.error().err == EPERM)) {
        // Unreadable (IPC_STAT needs read permission).  Unless we may remove
        // it anyway (its owner without read permission), the kernel will
        // refuse: nothing to re-check.  The owner gets its /proc row.
        if (!may_remove_sysv(listed, sys))
            return listed;
        auto all = list_sysv(listed.kind, sys);
        if (!all)
            return std::unexpected(all.error());
        const auto it = std::find_if(all->begin(), all->end(), [&](const Object& o) { return o.id == listed.id; });
        if (it == all->end())
            return std::unexpected(sys_error("check", describe(listed), ENOENT));
        now = *it;
    }
    if (!now && now.error().err == ENOENT)
        return std::unexpected(sys_error("check", describe(listed), ENOENT));
    if (!now)
        return std::unexpected(sys_error("check", describe(listed), now.error().err));
    if (now->key != listed.key)
        return std::unexpected(failure("check", describe(listed), "replaced by another object since it was listed"));
    // What a re-check knows of memory comes from the listing (IPC_STAT has
    // no rss or swap).
    now->rss = listed.rss;
    now->swap = listed.swap;
    return now;
}

} // namespace ipcutil
