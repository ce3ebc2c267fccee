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

#include <fmt/format.h>

#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/procfs.hpp"

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
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
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

Error not_found(Kind kind, int id)
{
    return sys_error("stat", fmt::format("{} id {}", kind_words(kind), id), EINVAL);
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

union semun_arg {
    int val;
    semid_ds* buf;
    unsigned short* array;
    seminfo* info;
};

// One *_STAT call by index (the fallback walks indexes 0..maxidx).
// Returns the id, or -1 with errno set.
int stat_index(Kind kind, int index, Object& out, int cmd_shm, int cmd_msg, int cmd_sem)
{
    switch (kind) {
    case Kind::sysv_shm: {
        shmid_ds ds{};
        const int id = ::shmctl(index, cmd_shm, &ds);
        if (id >= 0)
            out = from_shmid_ds(cmd_shm == IPC_STAT ? index : id, ds);
        return id;
    }
    case Kind::sysv_msg: {
        msqid_ds ds{};
        const int id = ::msgctl(index, cmd_msg, &ds);
        if (id >= 0)
            out = from_msqid_ds(cmd_msg == IPC_STAT ? index : id, ds);
        return id;
    }
    default: {
        semid_ds ds{};
        semun_arg arg{};
        arg.buf = &ds;
        const int id = ::semctl(index, 0, cmd_sem, arg);
        if (id >= 0)
            out = from_semid_ds(cmd_sem == IPC_STAT ? index : id, ds);
        return id;
    }
    }
}

Result<std::uint64_t> read_number(const char* path)
{
    auto text = read_small_file(path);
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

Result<void> for_each_sysv(Kind kind, const std::function<void(const Object&)>& each)
{
    const std::string path(proc_path(kind));
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        auto all = list_sysv_stat(kind);
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
        const ssize_t n = ::read(fd.get(), buf.data() + used, buf.size() - used);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return std::unexpected(sys_error("read", path, errno));
        }
        used += static_cast<std::size_t>(n);
        eof = n == 0;
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

Result<std::vector<Object>> list_sysv(Kind kind)
{
    auto text = read_small_file(std::string(proc_path(kind)));
    if (!text)
        return list_sysv_stat(kind);
    auto objects = parse_proc_sysvipc(kind, *text);
    std::sort(objects.begin(), objects.end(), [](const Object& a, const Object& b) { return a.id < b.id; });
    return objects;
}

Result<std::vector<Object>> list_sysv_stat(Kind kind)
{
    // *_INFO returns the highest used index; *_STAT takes an index.
    int maxidx = -1;
    switch (kind) {
    case Kind::sysv_shm: {
        shm_info info{};
        maxidx = ::shmctl(0, SHM_INFO, reinterpret_cast<shmid_ds*>(&info));
        break;
    }
    case Kind::sysv_msg: {
        msginfo info{};
        maxidx = ::msgctl(0, MSG_INFO, reinterpret_cast<msqid_ds*>(&info));
        break;
    }
    default: {
        seminfo info{};
        semun_arg arg{};
        arg.info = &info;
        maxidx = ::semctl(0, 0, SEM_INFO, arg);
        break;
    }
    }
    if (maxidx < 0)
        return std::unexpected(sys_error("list", std::string(kind_words(kind)), errno));
    std::vector<Object> out;
    for (int index = 0; index <= maxidx; ++index) {
        Object o;
        if (stat_index(kind, index, o, SHM_STAT, MSG_STAT, SEM_STAT) >= 0)
            out.push_back(std::move(o));
    }
    return out;
}

Result<Object> stat_sysv(Kind kind, int id)
{
    Object o;
    if (stat_index(kind, id, o, IPC_STAT, IPC_STAT, IPC_STAT) < 0) {
        const int err = errno;
        if (err == EINVAL || err == EIDRM)
            return std::unexpected(not_found(kind, id));
        return std::unexpected(sys_error("stat", fmt::format("{} id {}", kind_words(kind), id), err));
    }
    return o;
}

void fill_shm_memory(Object& o)
{
    if (o.kind != Kind::sysv_shm)
        return;
    if (auto all = read_small_file("/proc/sysvipc/shm"))
        for (const auto& p : parse_proc_sysvipc(Kind::sysv_shm, *all))
            if (p.id == o.id) {
                o.rss = p.rss;
                o.swap = p.swap;
            }
}

Result<int> sysv_id_for_key(Kind kind, key_t key)
{
    int id = -1;
    switch (kind) {
    case Kind::sysv_shm: id = ::shmget(key, 0, 0); break;
    case Kind::sysv_msg: id = ::msgget(key, 0); break;
    default: id = ::semget(key, 0, 0); break;
    }
    if (id < 0) {
        const int err = errno;
        const std::string what =
            fmt::format("{} key {}", kind_words(kind), fmt::format("0x{:08x}", static_cast<std::uint32_t>(key)));
        return std::unexpected(sys_error("find", what, err));
    }
    return id;
}

Result<std::vector<SemElement>> sem_elements(int semid, std::uint64_t nsems)
{
    std::vector<SemElement> out(nsems);
    for (std::uint64_t i = 0; i < nsems; ++i) {
        const int n = static_cast<int>(i);
        const int v = ::semctl(semid, n, GETVAL);
        const int nc = ::semctl(semid, n, GETNCNT);
        const int zc = ::semctl(semid, n, GETZCNT);
        const int pid = ::semctl(semid, n, GETPID);
        if (v < 0 || nc < 0 || zc < 0 || pid < 0)
            return std::unexpected(sys_error("read", fmt::format("semaphore set id {}", semid), errno));
        out[i] = SemElement{v, nc, zc, pid};
    }
    return out;
}

Result<SysvLimits> sysv_limits()
{
    SysvLimits l;
    auto shmmax = read_number("/proc/sys/kernel/shmmax");
    auto shmall = read_number("/proc/sys/kernel/shmall");
    auto shmmni = read_number("/proc/sys/kernel/shmmni");
    auto msgmni = read_number("/proc/sys/kernel/msgmni");
    auto msgmax = read_number("/proc/sys/kernel/msgmax");
    auto msgmnb = read_number("/proc/sys/kernel/msgmnb");
    auto sem = read_small_file("/proc/sys/kernel/sem");
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
    semun_arg arg{};
    arg.info = &se;
    if (::shmctl(0, IPC_INFO, reinterpret_cast<shmid_ds*>(&si)) < 0
        || ::msgctl(0, IPC_INFO, reinterpret_cast<msqid_ds*>(&mi)) < 0 || ::semctl(0, 0, IPC_INFO, arg) < 0)
        return std::unexpected(sys_error("read", "System V limits", errno));
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

Result<SysvUsage> sysv_usage()
{
    SysvUsage u;
    shm_info si{};
    msginfo mi{};
    seminfo se{};
    semun_arg arg{};
    arg.info = &se;
    if (::shmctl(0, SHM_INFO, reinterpret_cast<shmid_ds*>(&si)) < 0
        || ::msgctl(0, MSG_INFO, reinterpret_cast<msqid_ds*>(&mi)) < 0 || ::semctl(0, 0, SEM_INFO, arg) < 0)
        return std::unexpected(sys_error("read", "System V usage", errno));
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

Result<void> remove_sysv(Kind kind, int id)
{
    int rc = -1;
    switch (kind) {
    case Kind::sysv_shm: rc = ::shmctl(id, IPC_RMID, nullptr); break;
    case Kind::sysv_msg: rc = ::msgctl(id, IPC_RMID, nullptr); break;
    default: rc = ::semctl(id, 0, IPC_RMID); break;
    }
    if (rc < 0)
        return std::unexpected(sys_error("remove", fmt::format("{} id {}", kind_words(kind), id), errno));
    return {};
}

} // namespace ipcutil
