#include "libipcutil/holders/proc_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/procfs.hpp"
#include "libipcutil/holders/ipc_namespaces.hpp"
#include "libipcutil/kernel/fifos.hpp"
#include "libipcutil/kernel/posix.hpp"

namespace ipcutil {
namespace {

// ---- the maps line parser -------------------------------------------------

template <class T> bool take_number(std::string_view& s, T& out, int base)
{
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    if (ec != std::errc{} || end == s.data())
        return false;
    s.remove_prefix(static_cast<std::size_t>(end - s.data()));
    return true;
}

bool take_char(std::string_view& s, char c)
{
    if (s.empty() || s.front() != c)
        return false;
    s.remove_prefix(1);
    return true;
}

// ---- the index of objects -------------------------------------------------

// The IPC namespace a /proc link names ("ipc:[4026531839]").
std::optional<std::uint64_t> ipc_ns_of(Sys& sys, int dirfd, const std::string& link)
{
    const auto text = sys.readlink(dirfd, link);
    return text ? parse_ns_link(*text, "ipc") : std::nullopt;
}

struct FileKey {
    std::uint64_t dev = 0;
    std::uint64_t ino = 0;
    bool operator==(const FileKey&) const = default;
};

struct FileKeyHash {
    std::size_t operator()(const FileKey& k) const { return std::hash<std::uint64_t>{}(k.ino * 31 + k.dev); }
};

// Lets the path set be probed with a string_view (no allocation per fd).
struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// A System V segment: shmids are per IPC namespace.
struct ShmKey {
    std::uint64_t ns = 0;
    int shmid = 0;
    bool operator==(const ShmKey&) const = default;
};

struct ShmKeyHash {
    std::size_t operator()(const ShmKey& k) const
    {
        return std::hash<std::uint64_t>{}(k.ns * 31 + static_cast<std::uint32_t>(k.shmid));
    }
};

struct Index {
    std::unordered_map<ShmKey, std::size_t, ShmKeyHash> shm; // (namespace, shmid) -> object
    std::unordered_map<FileKey, std::size_t, FileKeyHash> files;
    // What an fd link can read for an indexed file: only these are stat'ed,
    // so a process's other descriptors cost one readlink each.
    std::unordered_set<std::string, PathHash, std::equal_to<>> fd_paths;
};

std::optional<std::uint64_t> dir_dev(Sys& sys, const char* dir)
{
    const auto st = sys.stat(AT_FDCWD, dir, true);
    if (!st)
        return std::nullopt;
    return dev_key(st->st_dev);
}

// An object whose namespace was not looked up (ns 0) is of ours, `own_ns`.
Index build_index(Sys& sys, std::span<Object* const> objects, std::uint64_t own_ns)
{
    Index index;
    const auto shm_dev = dir_dev(sys, shm_dir);
    const auto mq_dev = dir_dev(sys, mqueue_dir);
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const Object& o = *objects[i];
        if (o.kind == Kind::sysv_shm) {
            index.shm.emplace(ShmKey{o.ns != 0 ? o.ns : own_ns, o.id}, i);
            continue;
        }
        if (is_sysv(o.kind))
            continue; // queues and semaphore sets: nothing maps or holds them
        std::string path = o.path;
        if (path.empty() && o.kind != Kind::fifo)
            path = posix_path(o.kind, o.name);
        if (path.empty())
            continue;
        const auto& dir = o.kind == Kind::posix_mq ? mq_dev : shm_dev;
        FileKey key;
        if (o.kind != Kind::fifo && o.inode != 0 && (o.dev != 0 || dir)) {
            key = {o.dev != 0 ? o.dev : *dir, o.inode};
        } else {
            const auto st = sys.stat(AT_FDCWD, path, true);
            if (!st)
                continue; // gone already: nobody can hold it by this name
            key = {dev_key(st->st_dev), st->st_ino};
        }
        index.files.emplace(key, i);
        // A queue opened with mq_open shows as "/NAME" (the mqueue mount's
        // own root); opened through /dev/mqueue, as the full path.
        if (o.kind == Kind::posix_mq)
            index.fd_paths.insert("/" + o.name);
        index.fd_paths.insert(std::move(path));
    }
    return index;
}

// ---- one process -----------------------------------------------------------

enum class Access { ok, denied, vanished };

Access access_of(int err)
{
    return err == EACCES || err == EPERM ? Access::denied : Access::vanished;
}

class Walker {
  public:
    Walker(Sys& sys, std::span<Object* const> objects, const AttributionOptions& options, int procfd)
        : sys_(sys), objects_(objects), own_ipc_ns_(ipc_ns_of(sys, procfd, "self/ns/ipc").value_or(0)),
          index_(build_index(sys, objects, own_ipc_ns_)), procfd_(procfd),
          self_(options.skip_self ? sys.identity().pid : 0), fifos_(options.fifos)
    {
    }

    void process(pid_t pid, const std::string& name, AttributionStats& stats)
    {
        if (pid == self_)
            return;
        auto dir = sys_.open(procfd_, name, O_RDONLY | O_DIRECTORY);
        if (!dir) {
            ++(access_of(dir.error()) == Access::denied ? stats.unreadable : stats.vanished);
            return;
        }
        matches_.clear();
        fifo_seen_.clear();
        const Access maps = scan_maps(dir->get(), stats);
        const Access fds = maps == Access::vanished ? maps : scan_fds(dir->get());
        if (maps == Access::vanished || fds == Access::vanished) {
            ++stats.vanished;
            return;
        }
        if (maps == Access::denied || fds == Access::denied)
            ++stats.unreadable; // what could be read still counts
        ++stats.processes;
        if (matches_.empty() && fifo_seen_.empty())
            return;
        std::sort(matches_.begin(), matches_.end());
        matches_.erase(std::unique(matches_.begin(), matches_.end()), matches_.end());
        std::string comm;
        if (sys_.read_file(dir->get(), "comm", buf_)) {
            comm = buf_;
            while (!comm.empty() && comm.back() == '\n')
                comm.pop_back();
        }
        for (std::size_t i : matches_)
            objects_[i]->holders.push_back(Holder{pid, comm});
        for (FifoSighting& f : fifo_seen_) {
            f.pid = pid;
            f.command = comm;
            fifos_->push_back(std::move(f));
        }
    }

  private:
    Access scan_maps(int dirfd, AttributionStats& stats)
    {
        if (auto read = sys_.read_file(dirfd, "maps", buf_); !read)
            return access_of(read.error());
        std::string_view text = buf_;
        std::optional<std::uint64_t> ns; // unknown until a System V mapping asks
        while (!text.empty()) {
            const std::size_t nl = text.find('\n');
            const std::string_view line = text.substr(0, nl);
            text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
            const auto m = parse_maps_line(line);
            if (!m)
                continue;
            // Segment 0 has inode 0 too, so anonymous memory is told apart
            // by its empty path, not its inode.
            if (m->path.empty())
                continue;
            if (const auto it = index_.files.find({dev_key(m->dev_major, m->dev_minor), m->inode});
                it != index_.files.end()) {
                matches_.push_back(it->second);
                continue;
            }
            if (index_.shm.empty())
                continue;
            const auto sysv = sysv_mapping(*m);
            if (!sysv)
                continue;
            // shmids are per IPC namespace: the same number elsewhere is
            // another segment.  Asked once per process, and only here; an
            // unreadable link counts as ours.
            if (!ns) {
                ns = ipc_ns_of(sys_, dirfd, "ns/ipc").value_or(own_ipc_ns_);
                if (*ns != own_ipc_ns_)
                    ++stats.other_ipc_namespace;
            }
            if (const auto it = index_.shm.find(ShmKey{*ns, sysv->shmid}); it != index_.shm.end())
                matches_.push_back(it->second);
        }
        return Access::ok;
    }

    Access scan_fds(int dirfd)
    {
        if (index_.fd_paths.empty() && fifos_ == nullptr)
            return Access::ok;
        auto fd_dir = sys_.open(dirfd, "fd", O_RDONLY | O_DIRECTORY);
        if (!fd_dir)
            return access_of(fd_dir.error());
        auto entries = sys_.list_dir(fd_dir->get());
        if (!entries)
            return access_of(entries.error());
        for (const DirEntry& e : *entries) {
            if (e.name.empty() || e.name[0] < '0' || e.name[0] > '9')
                continue;
            const auto link = sys_.readlink(fd_dir->get(), e.name);
            if (!link || link->empty() || link->front() != '/')
                continue; // pipe:[..], socket:[..], anon_inode:..
            const bool indexed = index_.fd_paths.contains(*link);
            if (!indexed && fifos_ == nullptr)
                continue;
            // stat follows the link to the inode (never opening it: opening
            // a FIFO changes what its readers and writers see).
            const auto st = sys_.stat(fd_dir->get(), e.name, true);
            if (!st)
                continue;
            if (indexed)
                if (const auto it = index_.files.find({dev_key(st->st_dev), st->st_ino}); it != index_.files.end())
                    matches_.push_back(it->second);
            if (fifos_ != nullptr && S_ISFIFO(st->st_mode))
                note_fifo(dirfd, e.name, *link, *st);
        }
        return Access::ok;
    }

    void note_fifo(int dirfd, const std::string& fd_name, std::string_view path, const struct stat& st)
    {
        std::string fdinfo;
        if (!sys_.read_file(dirfd, "fdinfo/" + fd_name, fdinfo))
            return; // closed meanwhile
        const auto flags = parse_fdinfo_flags(fdinfo);
        if (!flags)
            return;
        FifoSighting f;
        f.dev = dev_key(st.st_dev);
        f.ino = st.st_ino;
        f.path = path;
        f.uid = st.st_uid;
        f.gid = st.st_gid;
        f.mode = st.st_mode & 0777;
        f.atime = st.st_atime;
        f.mtime = st.st_mtime;
        f.ctime = st.st_ctime;
        f.flags = *flags;
        fifo_seen_.push_back(std::move(f));
    }

    Sys& sys_;
    std::span<Object* const> objects_;
    std::uint64_t own_ipc_ns_;
    Index index_;
    int procfd_;
    pid_t self_;
    std::string buf_;
    std::vector<std::size_t> matches_;
    std::vector<FifoSighting>* fifos_;
    std::vector<FifoSighting> fifo_seen_; // this process's, until its comm is read
};

// What /proc at `root` (open as `procfd`) lets us see, but for the
// processes it shows that cannot be read (the walk counts those).
ProcSight look_at_proc(Sys& sys, int procfd, const std::string& root)
{
    constexpr long proc_super_magic = 0x9fa0;
    ProcSight sight;
    const auto type = sys.fs_type(root);
    sight.procfs = type && *type == proc_super_magic;
    if (!sight.procfs)
        return sight;
    // /proc/self resolves to our pid as that proc file system numbers it:
    // only one of our pid namespace or an ancestor's shows us.
    const auto self = sys.readlink(procfd, "self");
    sight.shows_self = self && proc_pid(*self);
    if (!sight.shows_self)
        return sight;
    std::string mountinfo;
    if (sys.read_file(procfd, "self/mountinfo", mountinfo))
        if (const auto options = proc_mount_options(mountinfo, root))
            sight.hidden_by = hidden_by(*options, sys.identity());
    return sight;
}

} // namespace

std::optional<MapsLine> parse_maps_line(std::string_view line)
{
    MapsLine m;
    std::string_view s = line;
    if (!take_number(s, m.start, 16) || !take_char(s, '-') || !take_number(s, m.end, 16) || !take_char(s, ' ')
        || m.start > m.end)
        return std::nullopt;
    if (s.size() < 5 || s[4] != ' ')
        return std::nullopt;
    m.perms = s.substr(0, 4);
    for (std::size_t i = 0; i < 3; ++i)
        if (m.perms[i] != "rwx"[i] && m.perms[i] != '-')
            return std::nullopt;
    if (m.perms[3] != 's' && m.perms[3] != 'p')
        return std::nullopt;
    s.remove_prefix(5);
    if (!take_number(s, m.offset, 16) || !take_char(s, ' ') || !take_number(s, m.dev_major, 16) || !take_char(s, ':')
        || !take_number(s, m.dev_minor, 16) || !take_char(s, ' ') || !take_number(s, m.inode, 10))
        return std::nullopt;
    if (s.empty())
        return m; // anonymous: the kernel may not even pad
    if (s.front() != ' ')
        return std::nullopt;
    const std::size_t path = s.find_first_not_of(' ');
    if (path != std::string_view::npos)
        m.path = s.substr(path);
    return m;
}

std::optional<SysvMapping> sysv_mapping(const MapsLine& line)
{
    constexpr std::string_view prefix = "/SYSV";
    constexpr std::string_view deleted = " (deleted)";
    std::string_view p = line.path;
    if (!p.starts_with(prefix))
        return std::nullopt;
    p.remove_prefix(prefix.size());
    if (p.ends_with(deleted))
        p.remove_suffix(deleted.size());
    std::uint32_t key = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), key, 16);
    if (p.size() != 8 || ec != std::errc{} || end != p.data() + p.size())
        return std::nullopt;
    if (line.inode > static_cast<std::uint64_t>(INT32_MAX))
        return std::nullopt;
    return SysvMapping{static_cast<int>(line.inode), static_cast<key_t>(key)};
}

Result<AttributionStats> attribute_holders(std::span<Object* const> objects, const AttributionOptions& options,
                                           Sys& sys)
{
    for (Object* o : objects)
        o->holders.clear();
    auto procfd = sys.open(AT_FDCWD, options.proc_root, O_RDONLY | O_DIRECTORY);
    if (!procfd)
        return std::unexpected(sys_error("open", options.proc_root, procfd.error()));
    auto entries = sys.list_dir(procfd->get());
    if (!entries)
        return std::unexpected(sys_error("read", options.proc_root, entries.error()));
    AttributionStats stats;
    stats.sight = look_at_proc(sys, procfd->get(), options.proc_root);
    Walker walker(sys, objects, options, procfd->get());
    for (const DirEntry& e : *entries) {
        if (const auto pid = proc_pid(e.name))
            walker.process(*pid, e.name, stats);
    }
    // What even CAP_SYS_PTRACE cannot read is beyond privilege (ProcSight).
    stats.sight.unreadable = capable(sys.identity(), cap_sys_ptrace) ? 0 : stats.unreadable;
    for (Object* o : objects)
        std::sort(o->holders.begin(), o->holders.end(), [](const Holder& a, const Holder& b) { return a.pid < b.pid; });
    return stats;
}

Result<AttributionStats> attribute_holders(std::span<Object> objects, const AttributionOptions& options, Sys& sys)
{
    std::vector<Object*> pointers;
    pointers.reserve(objects.size());
    for (Object& o : objects)
        pointers.push_back(&o);
    return attribute_holders(std::span<Object* const>(pointers), options, sys);
}

std::string ProcSight::why() const
{
    if (!procfs)
        return "/proc is not a proc file system";
    if (!shows_self)
        return "/proc does not show this process (it is another pid namespace's)";
    if (!hidden_by.empty())
        return fmt::format("/proc hides other users' processes ({})", hidden_by);
    if (unreadable > 0)
        return fmt::format("{} process{} could not be read", unreadable, unreadable == 1 ? "" : "es");
    return {};
}

std::optional<std::string> proc_mount_options(std::string_view mountinfo, std::string_view mount_point)
{
    // "36 25 0:20 / /proc rw,relatime shared:12 - proc proc rw,hidepid=invisible"
    std::optional<std::string> found;
    while (!mountinfo.empty()) {
        const std::size_t nl = mountinfo.find('\n');
        const std::string_view line = mountinfo.substr(0, nl);
        mountinfo.remove_prefix(nl == std::string_view::npos ? mountinfo.size() : nl + 1);
        std::vector<std::string_view> fields;
        for (std::size_t i = 0; i < line.size();) {
            const std::size_t end = std::min(line.find(' ', i), line.size());
            if (end > i)
                fields.push_back(line.substr(i, end - i));
            i = end + 1;
        }
        const auto dash = std::find(fields.begin(), fields.end(), "-");
        if (fields.size() < 5 || fields[4] != mount_point || dash == fields.end() || fields.end() - dash < 4)
            continue;
        if (dash[1] != "proc")
            found.reset(); // another file system on top
        else
            found = std::string(dash[3]);
    }
    return found;
}

std::string hidden_by(std::string_view options, const Identity& who)
{
    std::string hidepid;
    std::optional<gid_t> gid;
    while (!options.empty()) {
        const std::size_t comma = options.find(',');
        const std::string_view option = options.substr(0, comma);
        options.remove_prefix(comma == std::string_view::npos ? options.size() : comma + 1);
        if (option.starts_with("hidepid="))
            hidepid = option;
        else if (gid_t g = 0; option.starts_with("gid=")
                              && std::from_chars(option.data() + 4, option.data() + option.size(), g).ec == std::errc{})
            gid = g;
    }
    const std::string_view value = std::string_view(hidepid).substr(std::min<std::size_t>(hidepid.size(), 8));
    const bool hides = value == "2" || value == "invisible" || value == "4" || value == "ptraceable";
    if (!hides || capable(who, cap_sys_ptrace))
        return {};
    if (gid && (who.egid == *gid || std::find(who.groups.begin(), who.groups.end(), *gid) != who.groups.end()))
        return {};
    return hidepid;
}

std::string partial_attribution_note(const AttributionStats& stats)
{
    ProcSight sight = stats.sight;
    sight.unreadable = stats.unreadable;
    return fmt::format("process attribution is partial: {}{}", sight.why(),
                       sight.for_want_of_privilege() ? " (run as root to see them all)" : "");
}

} // namespace ipcutil
