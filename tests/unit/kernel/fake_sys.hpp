#pragma once
// The one fake kernel of the unit tests (kernel/sys.hpp): System V tables, a
// file tree (/dev/shm, /dev/mqueue, /proc, FIFOs), message queues,
// processes that answer kill(), who we are and what time it is; any
// primitive fails on demand.
//
//   FakeSys sys;
//   sys.fail("shmget", EEXIST, 2);         // the next two shmget calls fail
//   sys.fail("unlink /dev/shm/x", EACCES); // every unlink of that path fails
//   sys.add_file("/dev/shm/x", "data");
//   sys.add_process(300, "app").map("/dev/shm/x");
//
// Every call is logged in `calls` as words ("shmget 0x100 4096 creat excl
// 600", "unlink /dev/shm/x"); fail() matches the first words of that line,
// "*" matching any one word ("shmget * 4096 creat excl").
// Descriptors handed out are real (eventfd), so the library's RAII owners
// close them; what they stand for is in the fake's own table.

#include <sys/eventfd.h>
#include <sys/ipc.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "libipcutil/kernel/sys.hpp"

namespace ipcutil {

class FakeSys : public Sys {
  public:
    static constexpr long proc_magic = 0x9fa0;
    static constexpr long mqueue_magic = 0x19800202;
    static constexpr long tmpfs_magic = 0x01021994;

    struct Node {
        struct stat st {};
        std::string data; ///< a file's bytes
        std::string link; ///< a symbolic link's target
    };

    /// A process in /proc, to give it mappings and descriptors.
    class Process {
      public:
        Process(FakeSys& sys, pid_t pid) : sys_(sys), pid_(pid) {}
        /// A shared mapping of `path` (its device and inode) in the maps.
        Process& map(const std::string& path)
        {
            const Node& n = sys_.files.at(path);
            sys_.files.at(dir() + "/maps").data +=
                fmt::format("7f0000000000-7f0000001000 rw-s 00000000 {:02x}:{:02x} {} {}\n", major(n.st.st_dev),
                            minor(n.st.st_dev), n.st.st_ino, path);
            return *this;
        }
        /// An attached System V segment, as maps shows it.
        Process& attach(int shmid, key_t key)
        {
            sys_.files.at(dir() + "/maps").data +=
                fmt::format("7f0000000000-7f0000001000 rw-s 00000000 00:01 {} /SYSV{:08x} (deleted)\n", shmid, key);
            return *this;
        }
        /// Descriptor `fd` open on `target` (read-write).
        Process& hold(int fd, const std::string& target)
        {
            sys_.add_link(fmt::format("{}/fd/{}", dir(), fd), target);
            sys_.add_file(fmt::format("{}/fdinfo/{}", dir(), fd), "pos:\t0\nflags:\t0100002\n", 0444, 0);
            return *this;
        }
        /// Its /proc/PID/stat shows it a zombie.
        Process& zombie()
        {
            sys_.files.at(dir() + "/stat").data = fmt::format("{} (x) Z 1 0 0\n", pid_);
            return *this;
        }
        /// /proc/PID is shown but cannot be read (another user's, not root).
        Process& unreadable()
        {
            sys_.fail("read_file " + dir() + "/maps", EACCES);
            return *this;
        }

      private:
        std::string dir() const { return fmt::format("/proc/{}", pid_); }
        FakeSys& sys_;
        pid_t pid_;
    };

    std::map<std::string, Node> files;
    std::map<int, shmid_ds> shm;
    std::map<int, msqid_ds> msg;
    std::map<int, semid_ds> sem;
    std::map<std::string, mq_attr> queues; ///< by /dev/mqueue path
    std::map<pid_t, int> processes;        ///< pid -> kill(pid, 0)'s answer (0, EPERM); missing: ESRCH
    std::map<std::string, long> fs_types;  ///< statfs f_type by path
    Identity self{4242, 1000, 1000, {}, 0};
    std::time_t clock = 1'700'000'000;
    std::vector<std::string> calls;

    FakeSys()
    {
        add_dir("/dev/shm", 01777, 0, makedev(0, 0x30));
        add_dir("/dev/mqueue", 01777, 0, makedev(0, 0x31));
        add_dir("/proc", 0555, 0, makedev(0, 0x4));
        add_link("/proc/self", std::to_string(self.pid));
        add_dir(fmt::format("/proc/{}", self.pid), 0555, self.euid, makedev(0, 0x4));
        add_file("/proc/self/mountinfo", "22 1 0:4 / /proc rw,nosuid - proc proc rw\n", 0444, 0);
        fs_types = {{"/proc", proc_magic}, {"/dev/mqueue", mqueue_magic}, {"/dev/shm", tmpfs_magic}};
    }

    /// Make the calls that begin with the words `what` fail with `err`: after
    /// `after` such calls that go through, the next `times` (-1: all).
    void fail(const std::string& what, int err, int times = -1, int after = 0)
    {
        errors_[what].push_back({err, times, after});
    }

    /// Whether a call beginning with `what` was made.
    [[nodiscard]] bool called(const std::string& what) const
    {
        for (const auto& c : calls)
            if (begins(c, what))
                return true;
        return false;
    }

    Node& add_dir(const std::string& path, mode_t mode = 0755, uid_t uid = 0, dev_t dev = 0)
    {
        Node& n = add(path, S_IFDIR | mode, uid);
        if (dev != 0)
            n.st.st_dev = dev;
        return n;
    }
    Node& add_file(const std::string& path, std::string data, mode_t mode = 0600, std::optional<uid_t> uid = {})
    {
        Node& n = add(path, S_IFREG | mode, uid.value_or(self.euid));
        n.data = std::move(data);
        n.st.st_size = static_cast<off_t>(n.data.size());
        return n;
    }
    Node& add_link(const std::string& path, std::string target)
    {
        Node& n = add(path, S_IFLNK | 0777, 0);
        n.link = std::move(target);
        return n;
    }
    /// A POSIX semaphore's file holding `value`.
    Node& add_sem_file(const std::string& name, unsigned value, mode_t mode = 0600)
    {
        std::string data(32, '\0');
        std::memcpy(data.data(), &value, sizeof value);
        return add_file("/dev/shm/sem." + name, data, mode);
    }
    /// A process that kill() finds alive, shown in /proc.
    Process add_process(pid_t pid, const std::string& comm, uid_t uid = 0)
    {
        processes[pid] = 0;
        const std::string dir = fmt::format("/proc/{}", pid);
        add_dir(dir, 0555, uid, makedev(0, 0x4));
        add_file(dir + "/maps", "", 0444, uid);
        add_file(dir + "/comm", comm + "\n", 0444, uid);
        add_file(dir + "/stat", fmt::format("{} ({}) S 1 0 0\n", pid, comm), 0444, uid);
        add_link(dir + "/ns/ipc", "ipc:[4026531839]");
        add_dir(dir + "/fd", 0500, uid);
        add_dir(dir + "/fdinfo", 0500, uid);
        return Process(*this, pid);
    }
    /// A System V segment made by process `cpid`, as if with shmget.
    int add_shm(key_t key, std::size_t size, pid_t cpid = 100, uid_t uid = 1000)
    {
        const int id = next_id_++;
        shmid_ds& ds = shm[id];
        ds.shm_perm.__key = key;
        ds.shm_perm.uid = ds.shm_perm.cuid = uid;
        ds.shm_perm.mode = 0600;
        ds.shm_segsz = size;
        ds.shm_cpid = cpid;
        ds.shm_ctime = clock - 3600;
        return id;
    }

    // ---- System V ---------------------------------------------------------------

    SysResult<int> shmget(key_t key, std::size_t size, int flags) override
    {
        if (int err = call(fmt::format("shmget {:#x} {}{} {:o}", key, size, create_words(flags), flags & 0777)))
            return std::unexpected(err);
        return get(shm, key, flags, [&](shmid_ds& ds) -> int {
            if (ds.shm_segsz == 0) { // new
                ds.shm_segsz = size;
                ds.shm_cpid = self.pid;
                return 0;
            }
            return size > ds.shm_segsz ? EINVAL : 0;
        });
    }
    SysResult<int> msgget(key_t key, int flags) override
    {
        if (int err = call(fmt::format("msgget {:#x}{} {:o}", key, create_words(flags), flags & 0777)))
            return std::unexpected(err);
        return get(msg, key, flags, [](msqid_ds&) { return 0; });
    }
    SysResult<int> semget(key_t key, int nsems, int flags) override
    {
        if (int err = call(fmt::format("semget {:#x} {}{} {:o}", key, nsems, create_words(flags), flags & 0777)))
            return std::unexpected(err);
        return get(sem, key, flags, [&](semid_ds& ds) -> int {
            if (ds.sem_nsems == 0) {
                ds.sem_nsems = static_cast<unsigned long>(nsems);
                return 0;
            }
            return static_cast<unsigned long>(nsems) > ds.sem_nsems ? EINVAL : 0;
        });
    }
    SysResult<int> shmctl(int id, int cmd, shmid_ds* buf) override
    {
        if (int err = call(fmt::format("shmctl {} {}", id, cmd_name('m', cmd))))
            return std::unexpected(err);
        if (cmd == SHM_INFO) {
            auto* info = reinterpret_cast<shm_info*>(buf);
            *info = shm_info{};
            info->used_ids = static_cast<int>(shm.size());
        }
        return ctl(shm, id, cmd, buf);
    }
    SysResult<int> msgctl(int id, int cmd, msqid_ds* buf) override
    {
        if (int err = call(fmt::format("msgctl {} {}", id, cmd_name('q', cmd))))
            return std::unexpected(err);
        if (cmd == MSG_INFO)
            *reinterpret_cast<msginfo*>(buf) = msginfo{};
        return ctl(msg, id, cmd, buf);
    }
    SysResult<int> semctl(int id, int num, int cmd, SemArg arg) override
    {
        if (int err = call(fmt::format("semctl {} {}", id, cmd_name('s', cmd))))
            return std::unexpected(err);
        switch (cmd) {
        case GETVAL:
        case GETNCNT:
        case GETZCNT:
        case GETPID:
            if (!sem.contains(id) || num < 0 || static_cast<unsigned long>(num) >= sem[id].sem_nsems)
                return std::unexpected(EINVAL);
            return 0;
        case SEM_INFO: *arg.info = seminfo{}; break;
        default: break;
        }
        return ctl(sem, id, cmd, cmd == SEM_INFO ? nullptr : arg.buf);
    }

    // ---- files --------------------------------------------------------------

    SysResult<Fd> open(int dirfd, const std::string& path, int flags, mode_t mode) override
    {
        const std::string p = path_of(dirfd, path);
        if (int err = call("open " + p))
            return std::unexpected(err);
        auto it = files.find(p);
        if (it != files.end() && (flags & O_CREAT) && (flags & O_EXCL))
            return std::unexpected(EEXIST);
        if (it != files.end() && S_ISLNK(it->second.st.st_mode)) {
            if (flags & O_NOFOLLOW)
                return std::unexpected(ELOOP);
            it = files.find(resolve(p));
        }
        if (it == files.end()) {
            if (!(flags & O_CREAT))
                return std::unexpected(ENOENT);
            if (!files.contains(parent(p)))
                return std::unexpected(ENOENT);
            add_file(p, "", mode & 07777);
            it = files.find(p);
        }
        const Node& n = it->second;
        if ((flags & O_DIRECTORY) && !S_ISDIR(n.st.st_mode))
            return std::unexpected(ENOTDIR);
        if (S_ISDIR(n.st.st_mode) && (flags & O_ACCMODE) != O_RDONLY)
            return std::unexpected(EISDIR);
        return Fd(descriptor(it->first));
    }
    SysResult<struct stat> fstat(int fd) override
    {
        const std::string p = fds_.at(fd).path;
        if (int err = call("fstat " + p))
            return std::unexpected(err);
        const auto it = files.find(p);
        if (it == files.end())
            return std::unexpected(ENOENT);
        return it->second.st;
    }
    SysResult<struct stat> stat(int dirfd, const std::string& path, bool follow) override
    {
        const std::string p = path_of(dirfd, path);
        if (int err = call((follow ? "stat " : "lstat ") + p))
            return std::unexpected(err);
        const auto it = files.find(follow ? resolve(p) : p);
        if (it == files.end())
            return std::unexpected(ENOENT);
        return it->second.st;
    }
    SysResult<std::size_t> read(int fd, void* buf, std::size_t size, off_t offset) override
    {
        auto& open = fds_.at(fd);
        if (int err = call("read " + open.path))
            return std::unexpected(err);
        const std::string& data = files.at(open.path).data;
        const std::size_t at = offset < 0 ? open.position : static_cast<std::size_t>(offset);
        const std::size_t n = at >= data.size() ? 0 : std::min(size, data.size() - at);
        std::memcpy(buf, data.data() + at, n);
        if (offset < 0)
            open.position += n;
        return n;
    }
    SysResult<void> read_file(int dirfd, const std::string& path, std::string& into) override
    {
        const std::string p = path_of(dirfd, path);
        if (int err = call("read_file " + p))
            return std::unexpected(err);
        const auto it = files.find(resolve(p));
        if (it == files.end())
            return std::unexpected(ENOENT);
        if (S_ISDIR(it->second.st.st_mode))
            return std::unexpected(EISDIR);
        into = it->second.data;
        return {};
    }
    SysResult<std::string> readlink(int dirfd, const std::string& path) override
    {
        const std::string p = path_of(dirfd, path);
        if (int err = call("readlink " + p))
            return std::unexpected(err);
        const auto it = files.find(p);
        if (it == files.end())
            return std::unexpected(ENOENT);
        if (!S_ISLNK(it->second.st.st_mode))
            return std::unexpected(EINVAL);
        return it->second.link;
    }
    SysResult<std::vector<DirEntry>> list_dir(int dirfd) override
    {
        const std::string p = fds_.at(dirfd).path;
        if (int err = call("list_dir " + p))
            return std::unexpected(err);
        std::vector<DirEntry> out{{".", DT_DIR}, {"..", DT_DIR}};
        for (const auto& [path, node] : files)
            if (parent(path) == p && path != p)
                out.push_back({path.substr(p.size() + 1), type_of(node.st.st_mode)});
        return out;
    }
    SysResult<void> unlink(int dirfd, const std::string& path) override
    {
        const std::string p = path_of(dirfd, path);
        if (int err = call("unlink " + p))
            return std::unexpected(err);
        const auto it = files.find(p);
        if (it == files.end())
            return std::unexpected(ENOENT);
        if (S_ISDIR(it->second.st.st_mode))
            return std::unexpected(EISDIR);
        files.erase(it);
        queues.erase(p);
        return {};
    }
    SysResult<void> mkfifo(const std::string& path, mode_t mode) override
    {
        if (int err = call("mkfifo " + path))
            return std::unexpected(err);
        if (files.contains(path))
            return std::unexpected(EEXIST);
        if (!files.contains(parent(path)))
            return std::unexpected(ENOENT);
        add(path, S_IFIFO | (mode & 07777), self.euid);
        return {};
    }
    SysResult<void> ftruncate(int fd, off_t size) override
    {
        const std::string p = fds_.at(fd).path;
        if (int err = call(fmt::format("ftruncate {} {}", p, size)))
            return std::unexpected(err);
        Node& n = files.at(p);
        n.data.resize(static_cast<std::size_t>(size));
        n.st.st_size = size;
        return {};
    }
    SysResult<void> access(const std::string& path, int) override
    {
        if (int err = call("access " + path))
            return std::unexpected(err);
        return files.contains(path) ? SysResult<void>{} : std::unexpected(ENOENT);
    }
    SysResult<long> fs_type(const std::string& path) override
    {
        if (int err = call("fs_type " + path))
            return std::unexpected(err);
        if (const auto it = fs_types.find(path); it != fs_types.end())
            return it->second;
        return files.contains(path) ? SysResult<long>(0xEF53) : std::unexpected(ENOENT);
    }

    // ---- POSIX queues and semaphores ----------------------------------------------

    SysResult<MqDescriptor> mq_open(const std::string& name, int flags, mode_t mode, const mq_attr* attr) override
    {
        if (int err = call("mq_open " + name))
            return std::unexpected(err);
        const std::string p = "/dev/mqueue" + name;
        if (files.contains(p)) {
            if ((flags & O_CREAT) && (flags & O_EXCL))
                return std::unexpected(EEXIST);
        } else {
            if (!(flags & O_CREAT))
                return std::unexpected(ENOENT);
            add_file(p, "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n", mode & 07777);
            mq_attr a{};
            a.mq_maxmsg = attr ? attr->mq_maxmsg : 10;
            a.mq_msgsize = attr ? attr->mq_msgsize : 8192;
            queues[p] = a;
        }
        return MqDescriptor(static_cast<mqd_t>(descriptor(p)));
    }
    SysResult<mq_attr> mq_getattr(mqd_t mq) override
    {
        const std::string p = fds_.at(static_cast<int>(mq)).path;
        if (int err = call("mq_getattr " + p))
            return std::unexpected(err);
        const auto it = queues.find(p);
        if (it == queues.end())
            return std::unexpected(EBADF);
        return it->second;
    }
    SysResult<void> mq_unlink(const std::string& name) override
    {
        if (int err = call("mq_unlink " + name))
            return std::unexpected(err);
        const std::string p = "/dev/mqueue" + name;
        if (files.erase(p) == 0)
            return std::unexpected(ENOENT);
        queues.erase(p);
        return {};
    }
    SysResult<void> sem_open(const std::string& name, int flags, mode_t mode, unsigned value) override
    {
        if (int err = call("sem_open " + name))
            return std::unexpected(err);
        const std::string p = "/dev/shm/sem." + name.substr(1);
        if (files.contains(p))
            return (flags & O_EXCL) ? SysResult<void>(std::unexpected(EEXIST)) : SysResult<void>{};
        if (!(flags & O_CREAT))
            return std::unexpected(ENOENT);
        add_sem_file(name.substr(1), value, mode & 07777);
        return {};
    }

    // ---- processes ----------------------------------------------------------------

    SysResult<void> kill(pid_t pid, int sig) override
    {
        if (int err = call(fmt::format("kill {} {}", pid, sig)))
            return std::unexpected(err);
        const auto it = processes.find(pid);
        if (it == processes.end())
            return std::unexpected(ESRCH);
        if (it->second != 0)
            return std::unexpected(it->second);
        return {};
    }
    Identity identity() override { return self; }
    std::time_t now() override { return clock; }

    ~FakeSys() override = default;

  private:
    struct Injected {
        int err;
        int times;
        int after;
    };
    struct Open {
        std::string path;
        std::size_t position = 0;
    };

    static bool begins(const std::string& line, const std::string& words)
    {
        std::size_t at = 0;
        for (std::size_t w = 0; w < words.size();) {
            const std::size_t w_end = std::min(words.find(' ', w), words.size());
            const std::size_t l_end = std::min(line.find(' ', at), line.size());
            if (at >= line.size())
                return false;
            const std::string_view word(words.data() + w, w_end - w);
            if (word != "*" && word != std::string_view(line.data() + at, l_end - at))
                return false;
            w = w_end + 1;
            at = l_end + 1;
        }
        return true;
    }

    // Log the call; the error injected for it, or 0.
    int call(std::string what)
    {
        calls.push_back(what);
        for (auto& [words, list] : errors_) {
            if (!begins(what, words))
                continue;
            for (auto& e : list) {
                if (e.after > 0) {
                    --e.after;
                    continue;
                }
                if (e.times != 0) {
                    if (e.times > 0)
                        --e.times;
                    return e.err;
                }
            }
        }
        return 0;
    }

    static std::string create_words(int flags)
    {
        return std::string((flags & IPC_CREAT) ? " creat" : "") + ((flags & IPC_EXCL) ? " excl" : "");
    }

    // A *ctl command's name; the numbers overlap between the families.
    static std::string cmd_name(char family, int cmd)
    {
        switch (cmd) {
        case IPC_STAT: return "IPC_STAT";
        case IPC_RMID: return "IPC_RMID";
        case IPC_INFO: return "IPC_INFO";
        default: break;
        }
        if (family == 'm' && cmd == SHM_STAT)
            return "SHM_STAT";
        if (family == 'm' && cmd == SHM_INFO)
            return "SHM_INFO";
        if (family == 'q' && cmd == MSG_STAT)
            return "MSG_STAT";
        if (family == 'q' && cmd == MSG_INFO)
            return "MSG_INFO";
        if (family == 's') {
            switch (cmd) {
            case SEM_STAT: return "SEM_STAT";
            case SEM_INFO: return "SEM_INFO";
            case GETVAL: return "GETVAL";
            case GETNCNT: return "GETNCNT";
            case GETZCNT: return "GETZCNT";
            case GETPID: return "GETPID";
            default: break;
            }
        }
        return std::to_string(cmd);
    }

    // shmget/msgget/semget over one table.
    template <class Ds, class Check> SysResult<int> get(std::map<int, Ds>& table, key_t key, int flags, Check check)
    {
        if (key != IPC_PRIVATE)
            for (auto& [id, ds] : table)
                if (perm_of(ds).__key == key) {
                    if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
                        return std::unexpected(EEXIST);
                    if (int err = check(ds))
                        return std::unexpected(err);
                    return id;
                }
        if (!(flags & IPC_CREAT))
            return std::unexpected(ENOENT);
        const int id = next_id_++;
        Ds ds{};
        perm_of(ds).__key = key;
        perm_of(ds).mode = static_cast<unsigned short>(flags & 0777);
        perm_of(ds).uid = perm_of(ds).cuid = self.euid;
        perm_of(ds).gid = perm_of(ds).cgid = self.egid;
        ctime_of(ds) = clock;
        if (int err = check(ds))
            return std::unexpected(err);
        table[id] = ds;
        return id;
    }

    static ipc_perm& perm_of(shmid_ds& ds) { return ds.shm_perm; }
    static ipc_perm& perm_of(msqid_ds& ds) { return ds.msg_perm; }
    static ipc_perm& perm_of(semid_ds& ds) { return ds.sem_perm; }
    static std::time_t& ctime_of(shmid_ds& ds) { return ds.shm_ctime; }
    static std::time_t& ctime_of(msqid_ds& ds) { return ds.msg_ctime; }
    static std::time_t& ctime_of(semid_ds& ds) { return ds.sem_ctime; }

    // *ctl over one table: IPC_STAT, *_STAT, IPC_RMID, *_INFO.
    template <class Ds> SysResult<int> ctl(std::map<int, Ds>& table, int id, int cmd, void* buf)
    {
        switch (cmd) {
        case IPC_STAT:
        case SHM_STAT:
        case MSG_STAT:
        case SEM_STAT: {
            const auto it = table.find(id);
            if (it == table.end())
                return std::unexpected(EINVAL);
            *static_cast<Ds*>(buf) = it->second;
            return cmd == IPC_STAT ? 0 : id;
        }
        case IPC_RMID: return table.erase(id) == 1 ? SysResult<int>(0) : std::unexpected(EINVAL);
        case SHM_INFO:
        case MSG_INFO:
        case SEM_INFO: return table.empty() ? 0 : table.rbegin()->first;
        default: return std::unexpected(EINVAL);
        }
    }

    Node& add(const std::string& path, mode_t mode, uid_t uid)
    {
        if (path != "/" && !files.contains(parent(path)))
            add(parent(path), S_IFDIR | 0755, 0);
        Node& n = files[path];
        n = Node{};
        n.st.st_mode = mode;
        n.st.st_uid = uid;
        n.st.st_gid = uid;
        n.st.st_ino = next_ino_++;
        n.st.st_nlink = 1;
        n.st.st_atime = n.st.st_mtime = n.st.st_ctime = clock - 3600;
        const auto up = files.find(parent(path));
        n.st.st_dev = up != files.end() && path != "/" ? up->second.st.st_dev : makedev(0, 0x20);
        return n;
    }

    static std::string parent(const std::string& path)
    {
        const auto slash = path.rfind('/');
        return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
    }

    std::string path_of(int dirfd, const std::string& path) const
    {
        if (path.starts_with('/') || dirfd == AT_FDCWD)
            return path.starts_with('/') ? path : "/" + path;
        const std::string& dir = fds_.at(dirfd).path;
        return dir == "/" ? "/" + path : dir + "/" + path;
    }

    // Follow a final symbolic link (relative targets from its folder).
    std::string resolve(std::string p) const
    {
        for (int hops = 0; hops < 8; ++hops) {
            const auto it = files.find(p);
            if (it == files.end() || !S_ISLNK(it->second.st.st_mode))
                return p;
            const std::string& target = it->second.link;
            p = target.starts_with('/') ? target : parent(p) + "/" + target;
        }
        return p;
    }

    static unsigned char type_of(mode_t mode)
    {
        if (S_ISDIR(mode))
            return DT_DIR;
        if (S_ISLNK(mode))
            return DT_LNK;
        if (S_ISFIFO(mode))
            return DT_FIFO;
        return DT_REG;
    }

    int descriptor(const std::string& path)
    {
        const int fd = ::eventfd(0, EFD_CLOEXEC);
        fds_[fd] = Open{path, 0};
        return fd;
    }

    std::map<std::string, std::vector<Injected>> errors_;
    std::map<int, Open> fds_;
    int next_id_ = 0;
    ino_t next_ino_ = 100;
};

} // namespace ipcutil
