#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "libipcutil/kernel/fifos.hpp"

using namespace ipcutil;
namespace fs = std::filesystem;

// Text recorded from /proc/PID/fdinfo/N on Linux 6.x.
TEST(FdinfoFlags, RecordedText)
{
    EXPECT_EQ(parse_fdinfo_flags("pos:\t0\nflags:\t0100000\nmnt_id:\t29\nino:\t1234\n"), 0100000);
    EXPECT_EQ(parse_fdinfo_flags("pos:\t0\nflags:\t02100001\nmnt_id:\t29\n"), 02100001);
    EXPECT_EQ(parse_fdinfo_flags("pos:\t0\nflags:\t0100002\n"), 0100002);
    EXPECT_EQ(parse_fdinfo_flags("flags: 04"), 04); // no newline, a space
}

TEST(FdinfoFlags, Malformed)
{
    EXPECT_FALSE(parse_fdinfo_flags(""));
    EXPECT_FALSE(parse_fdinfo_flags("pos:\t0\nmnt_id:\t29\n"));
    EXPECT_FALSE(parse_fdinfo_flags("flags:\t\n"));
    EXPECT_FALSE(parse_fdinfo_flags("flags:\t9\n")); // not octal
    EXPECT_FALSE(parse_fdinfo_flags("xflags:\t01\n"));
}

TEST(FdinfoFlags, AccessMode)
{
    EXPECT_TRUE(flags_read(O_RDONLY | O_LARGEFILE));
    EXPECT_FALSE(flags_write(O_RDONLY | O_LARGEFILE));
    EXPECT_FALSE(flags_read(O_WRONLY | O_CLOEXEC));
    EXPECT_TRUE(flags_write(O_WRONLY | O_CLOEXEC));
    EXPECT_TRUE(flags_read(O_RDWR));
    EXPECT_TRUE(flags_write(O_RDWR));
}

namespace {

FifoSighting seen(std::uint64_t ino, std::string path, pid_t pid, std::string command, int flags)
{
    FifoSighting s;
    s.dev = (std::uint64_t{254} << 32) | 1;
    s.ino = ino;
    s.path = std::move(path);
    s.uid = 1000;
    s.gid = 100;
    s.mode = 0640;
    s.ctime = 1700000000;
    s.pid = pid;
    s.command = std::move(command);
    s.flags = flags;
    return s;
}

} // namespace

TEST(GroupFifos, ByDeviceAndInode)
{
    const std::vector<FifoSighting> in = {
        seen(20, "/run/b", 300, "writer", O_WRONLY),
        seen(10, "/run/a", 200, "both", O_RDWR),
        seen(20, "/run/b", 100, "reader", O_RDONLY),
        seen(20, "/run/b", 100, "reader", O_RDONLY), // a second fd: once
        seen(20, "/run/b", 100, "reader", O_WRONLY), // and a writing one
        seen(30, "/run/a (deleted)", 50, "old", O_RDONLY),
    };
    const auto out = group_fifos(in);
    ASSERT_EQ(out.size(), 3U);
    EXPECT_EQ(out[0].path, "/run/a");
    EXPECT_EQ(out[0].kind, Kind::fifo);
    EXPECT_EQ(out[0].readers, std::vector<pid_t>{200});
    EXPECT_EQ(out[0].writers, std::vector<pid_t>{200});
    EXPECT_EQ(out[1].path, "/run/a (deleted)");
    EXPECT_EQ(out[1].readers, std::vector<pid_t>{50});
    EXPECT_TRUE(out[1].writers.empty());
    const Object& b = out[2];
    EXPECT_EQ(b.path, "/run/b");
    EXPECT_EQ(b.inode, 20U);
    EXPECT_EQ(b.uid, 1000U);
    EXPECT_EQ(b.gid, 100U);
    EXPECT_EQ(b.mode, 0640U);
    EXPECT_EQ(b.ctime, 1700000000);
    EXPECT_EQ(b.dev, (std::uint64_t{254} << 32) | 1);
    EXPECT_EQ(b.readers, std::vector<pid_t>{100});
    EXPECT_EQ(b.writers, (std::vector<pid_t>{100, 300}));
    ASSERT_EQ(b.holders.size(), 2U);
    EXPECT_EQ(b.holders[0].pid, 100);
    EXPECT_EQ(b.holders[0].command, "reader");
    EXPECT_EQ(b.holders[1].pid, 300);
    EXPECT_EQ(b.holders[1].command, "writer");
}

TEST(GroupFifos, NoneIsEmpty)
{
    EXPECT_TRUE(group_fifos({}).empty());
}

// The walk over a recorded /proc tree: fd links to a real FIFO (stat
// follows them; nothing is opened), to a regular file, to a pipe.
class FakeProcFifos : public ::testing::Test {
  protected:
    void SetUp() override
    {
        char tmpl[] = "/tmp/xipc-fifos-test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        root_ = tmpl;
        proc_ = root_ / "proc";
        fifo_ = root_ / "fifo";
        ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
        ASSERT_EQ(::chmod(fifo_.c_str(), 0620), 0); // whatever the umask
        file_ = root_ / "file";
        std::ofstream(file_) << "x";
    }
    void TearDown() override { fs::remove_all(root_); }

    void fd(int pid, int n, const fs::path& target, const char* fdinfo)
    {
        const fs::path dir = proc_ / std::to_string(pid);
        fs::create_directories(dir / "fd");
        fs::create_directories(dir / "fdinfo");
        std::ofstream(dir / "comm") << "p" << pid << '\n';
        std::ofstream(dir / "maps") << "";
        fs::create_symlink(target, dir / "fd" / std::to_string(n));
        std::ofstream(dir / "fdinfo" / std::to_string(n)) << fdinfo;
    }

    fs::path root_, proc_, fifo_, file_;
};

TEST_F(FakeProcFifos, ListsHeldFifosOnly)
{
    fd(10, 0, fifo_, "pos:\t0\nflags:\t0100000\n");
    fd(10, 1, file_, "pos:\t0\nflags:\t0100001\n");
    fd(10, 2, "pipe:[12345]", "pos:\t0\nflags:\t01\n");
    fd(20, 5, fifo_, "pos:\t0\nflags:\t0100001\n");
    AttributionOptions o;
    o.proc_root = proc_.string();
    AttributionStats stats;
    auto fifos = list_fifos(&stats, o);
    ASSERT_TRUE(fifos) << fifos.error().message();
    EXPECT_EQ(stats.processes, 2U);
    ASSERT_EQ(fifos->size(), 1U);
    const Object& f = (*fifos)[0];
    EXPECT_EQ(f.path, fifo_.string());
    EXPECT_EQ(f.mode, 0620U);
    EXPECT_EQ(f.uid, ::geteuid());
    EXPECT_EQ(f.readers, std::vector<pid_t>{10});
    EXPECT_EQ(f.writers, std::vector<pid_t>{20});
    ASSERT_EQ(f.holders.size(), 2U);
    EXPECT_EQ(f.holders[0].command, "p10");
    EXPECT_EQ(f.holders[1].command, "p20");
}

TEST_F(FakeProcFifos, MissingProcIsAnError)
{
    AttributionOptions o;
    o.proc_root = "/nonexistent-proc";
    EXPECT_FALSE(list_fifos(nullptr, o));
}
