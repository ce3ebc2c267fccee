#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "libipcutil/holders/proc_scan.hpp"

using namespace ipcutil;
namespace fs = std::filesystem;

// Lines recorded from /proc/PID/maps on Linux 6.x (x86_64).
TEST(ParseMapsLine, SystemVSegment)
{
    const auto m = parse_maps_line(
        "7f4f9c9cf000-7f4f9c9d1000 rw-s 00000000 00:01 1                          /SYSV8ec1a868 (deleted)");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->start, 0x7f4f9c9cf000U);
    EXPECT_EQ(m->end, 0x7f4f9c9d1000U);
    EXPECT_EQ(m->perms, "rw-s");
    EXPECT_EQ(m->offset, 0U);
    EXPECT_EQ(m->dev_major, 0U);
    EXPECT_EQ(m->dev_minor, 1U);
    EXPECT_EQ(m->inode, 1U);
    EXPECT_EQ(m->path, "/SYSV8ec1a868 (deleted)");
    const auto s = sysv_mapping(*m);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->shmid, 1);
    EXPECT_EQ(s->key, static_cast<key_t>(0x8ec1a868U));
}

TEST(ParseMapsLine, PosixShmAndSemaphore)
{
    const auto m =
        parse_maps_line("7f2dac3bd000-7f2dac3be000 rw-s 00000000 00:28 3                          /dev/shm/seg1");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->dev_major, 0U);
    EXPECT_EQ(m->dev_minor, 0x28U);
    EXPECT_EQ(m->inode, 3U);
    EXPECT_EQ(m->path, "/dev/shm/seg1");
    EXPECT_FALSE(sysv_mapping(*m));

    const auto sem =
        parse_maps_line("7f0e1c5e9000-7f0e1c5ea000 rw-s 00000000 00:1a 4711                       /dev/shm/sem.jobs");
    ASSERT_TRUE(sem);
    EXPECT_EQ(sem->path, "/dev/shm/sem.jobs");
}

TEST(ParseMapsLine, FilesLibrariesAndPseudoPaths)
{
    const auto lib =
        parse_maps_line("55a49c54b000-55a49c54c000 r-xp 00001000 fe:00 18624                      /usr/bin/python3.11");
    ASSERT_TRUE(lib);
    EXPECT_EQ(lib->perms, "r-xp");
    EXPECT_EQ(lib->offset, 0x1000U);
    EXPECT_EQ(lib->dev_major, 0xfeU);
    EXPECT_EQ(lib->dev_minor, 0U);
    EXPECT_EQ(lib->inode, 18624U);

    const auto heap =
        parse_maps_line("55a49d2f1000-55a49d3a2000 rw-p 00000000 00:00 0                          [heap]");
    ASSERT_TRUE(heap);
    EXPECT_EQ(heap->path, "[heap]");

    const auto vsyscall =
        parse_maps_line("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]");
    ASSERT_TRUE(vsyscall);
    EXPECT_EQ(vsyscall->end, 0xffffffffff601000U);

    // Big device numbers, and a path with spaces in it.
    const auto nvme = parse_maps_line("7f00-8f00 r--p 0001a000 103:02 9437189    /home/a b/lib (deleted)");
    ASSERT_TRUE(nvme);
    EXPECT_EQ(nvme->dev_major, 0x103U);
    EXPECT_EQ(nvme->dev_minor, 2U);
    EXPECT_EQ(nvme->path, "/home/a b/lib (deleted)");
}

TEST(ParseMapsLine, AnonymousWithAndWithoutPadding)
{
    const auto padded = parse_maps_line("7f2dab70e000-7f2dab841000 rw-p 00000000 00:00 0 ");
    ASSERT_TRUE(padded);
    EXPECT_EQ(padded->path, "");
    const auto bare = parse_maps_line("7f2dab70e000-7f2dab841000 rw-p 00000000 00:00 0");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->path, "");
    EXPECT_EQ(bare->inode, 0U);
}

TEST(ParseMapsLine, Malformed)
{
    for (const char* bad : {
             "",
             " ",
             "7f2dab70e000",
             "7f2dab70e000-",
             "7f2dab70e000 7f2dab841000 rw-p 00000000 00:00 0",
             "7f2dab70e000-7f2dab841000",
             "7f2dab70e000-7f2dab841000 rw-p",
             "7f2dab70e000-7f2dab841000 rw-x 00000000 00:00 0",
             "7f2dab70e000-7f2dab841000 rwsp 00000000 00:00 0",
             "7f2dab70e000-7f2dab841000 rw-p00000000 00:00 0",
             "7f2dab70e000-7f2dab841000 rw-p 00000000 0000 0",
             "7f2dab70e000-7f2dab841000 rw-p 00000000 00:00",
             "7f2dab70e000-7f2dab841000 rw-p 00000000 00:00 x",
             "7f2dab70e000-7f2dab841000 rw-p 00000000 00:00 12ab /lib",
             "7f2dab70e000-7f2dab841000 rw-p zz 00:00 0",
             "g000-7f2dab841000 rw-p 00000000 00:00 0",
             "7f2dab70e000-7f2dab841000 rw-p 00000000 00:00 0/lib",
             "VmFlags: rd wr mr mw me ac sd",
             "Size:                  4 kB",
         }) {
        EXPECT_FALSE(parse_maps_line(bad)) << '"' << bad << '"';
    }
}

TEST(SysvMapping, Shapes)
{
    MapsLine m;
    m.inode = 0;
    m.path = "/SYSV00000000 (deleted)";
    ASSERT_TRUE(sysv_mapping(m));
    EXPECT_EQ(sysv_mapping(m)->shmid, 0); // segment 0 has inode 0
    EXPECT_EQ(sysv_mapping(m)->key, 0);

    m.inode = 32769;
    m.path = "/SYSVdeadbeef"; // without the suffix: still one
    ASSERT_TRUE(sysv_mapping(m));
    EXPECT_EQ(sysv_mapping(m)->shmid, 32769);

    for (const char* bad : {"/SYSV1234 (deleted)", "/SYSV123456789 (deleted)", "/SYSVzzzzzzzz (deleted)", "/SYSV",
                            "/dev/shm/SYSV00000000", "SYSV00000000 (deleted)", ""}) {
        m.path = bad;
        EXPECT_FALSE(sysv_mapping(m)) << bad;
    }
    m.path = "/SYSV00000001 (deleted)";
    m.inode = 1ULL << 40; // not a shmid
    EXPECT_FALSE(sysv_mapping(m));
}

TEST(PartialNote, Wording)
{
    AttributionStats s;
    EXPECT_FALSE(s.partial());
    s.unreadable = 1;
    EXPECT_TRUE(s.partial());
    EXPECT_EQ(partial_attribution_note(s),
              "process attribution is partial: 1 process could not be read (run as root to see them all)");
    s.unreadable = 3;
    EXPECT_EQ(partial_attribution_note(s),
              "process attribution is partial: 3 processes could not be read (run as root to see them all)");
}

// The walk over a recorded /proc tree: pid directories with maps text, fd
// symlinks and comm files, pointing at files in a scratch directory.
class FakeProc : public ::testing::Test {
  protected:
    void SetUp() override
    {
        char tmpl[] = "/tmp/xipc-procs-test.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        root_ = tmpl;
        proc_ = root_ / "proc";
        fs::create_directories(proc_);
        seg_ = root_ / "seg";
        std::ofstream(seg_) << "x";
        fifo_ = root_ / "fifo";
        ASSERT_EQ(::mkfifo(fifo_.c_str(), 0600), 0);
        struct stat st {};
        ASSERT_EQ(::stat(seg_.c_str(), &st), 0);
        seg_dev_ = st.st_dev;
        seg_ino_ = st.st_ino;
    }
    void TearDown() override { fs::remove_all(root_); }

    void process(int pid, const std::string& comm, const std::string& maps, std::vector<fs::path> fds = {})
    {
        const fs::path dir = proc_ / std::to_string(pid);
        fs::create_directories(dir / "fd");
        std::ofstream(dir / "comm") << comm << '\n';
        std::ofstream(dir / "maps") << maps;
        int n = 3;
        for (const auto& target : fds)
            fs::create_symlink(target, dir / "fd" / std::to_string(n++));
    }

    std::string seg_line() const
    {
        return fmt::format("7f0000000000-7f0000001000 rw-s 00000000 {:02x}:{:02x} {}    {}\n", major(seg_dev_),
                           minor(seg_dev_), seg_ino_, seg_.string());
    }

    std::vector<Object> objects()
    {
        std::vector<Object> out(4);
        out[0].kind = Kind::sysv_shm;
        out[0].id = 7;
        out[1].kind = Kind::posix_shm;
        out[1].name = "seg";
        out[1].path = seg_.string(); // inode 0: found by stat
        out[2].kind = Kind::fifo;
        out[2].path = out[2].name = fifo_.string();
        out[3].kind = Kind::sysv_msg; // never held
        out[3].id = 7;
        return out;
    }

    AttributionOptions options() const
    {
        AttributionOptions o;
        o.proc_root = proc_.string();
        return o;
    }

    fs::path root_, proc_, seg_, fifo_;
    dev_t seg_dev_ = 0;
    ino_t seg_ino_ = 0;
};

TEST_F(FakeProc, AttributesMapsAndFds)
{
    const std::string sysv7 = "7f0000002000-7f0000003000 rw-s 00000000 00:01 7     /SYSV0000abcd (deleted)\n";
    const std::string sysv8 = "7f0000004000-7f0000005000 rw-s 00000000 00:01 8     /SYSV0000abce (deleted)\n";
    process(100, "postgres", sysv7 + seg_line() + seg_line()); // mapped twice: one holder
    process(200, "worker", "garbage line\n" + sysv8, {fifo_, "/dev/null"});
    process(300, "reader", "", {fifo_, seg_});
    fs::create_directories(proc_ / "self"); // not a pid
    fs::create_directories(proc_ / "400");  // vanished: no maps, no fd

    auto objs = objects();
    objs[0].holders.push_back({1, "stale"}); // replaced, not appended to
    auto stats = attribute_holders(std::span<Object>(objs), options());
    ASSERT_TRUE(stats) << stats.error().message();
    EXPECT_EQ(stats->processes, 3U);
    EXPECT_EQ(stats->vanished, 1U);
    EXPECT_EQ(stats->unreadable, 0U);
    // A recorded tree is no proc file system: every process was read, but
    // sight of the system is not proven.
    EXPECT_EQ(stats->sight.unreadable, 0U);
    EXPECT_FALSE(stats->sight.procfs);
    EXPECT_TRUE(stats->partial());

    ASSERT_EQ(objs[0].holders.size(), 1U);
    EXPECT_EQ(objs[0].holders[0].pid, 100);
    EXPECT_EQ(objs[0].holders[0].command, "postgres");
    ASSERT_EQ(objs[1].holders.size(), 2U);
    EXPECT_EQ(objs[1].holders[0].pid, 100);
    EXPECT_EQ(objs[1].holders[1].pid, 300);
    EXPECT_EQ(objs[1].holders[1].command, "reader");
    ASSERT_EQ(objs[2].holders.size(), 2U);
    EXPECT_EQ(objs[2].holders[0].pid, 200);
    EXPECT_EQ(objs[2].holders[0].command, "worker");
    EXPECT_EQ(objs[2].holders[1].pid, 300);
    EXPECT_TRUE(objs[3].holders.empty());
}

TEST_F(FakeProc, SystemVSegmentsOfAnotherIpcNamespaceDoNotCount)
{
    const std::string sysv7 = "7f0000002000-7f0000003000 rw-s 00000000 00:01 7     /SYSV0000abcd (deleted)\n";
    process(100, "ours", sysv7);
    process(200, "theirs", sysv7 + seg_line());
    fs::create_directories(proc_ / "self" / "ns");
    fs::create_symlink("ipc:[4026531839]", proc_ / "self" / "ns" / "ipc");
    fs::create_directories(proc_ / "100" / "ns");
    fs::create_symlink("ipc:[4026531839]", proc_ / "100" / "ns" / "ipc");
    fs::create_directories(proc_ / "200" / "ns");
    fs::create_symlink("ipc:[4026532178]", proc_ / "200" / "ns" / "ipc");

    auto objs = objects();
    auto stats = attribute_holders(std::span<Object>(objs), options());
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->other_ipc_namespace, 1U);
    ASSERT_EQ(objs[0].holders.size(), 1U);
    EXPECT_EQ(objs[0].holders[0].pid, 100);
    // Files are matched by device and inode, whatever the namespace.
    ASSERT_EQ(objs[1].holders.size(), 1U);
    EXPECT_EQ(objs[1].holders[0].pid, 200);
}

TEST_F(FakeProc, SegmentsOfEveryNamespaceMatchTheirOwnProcesses)
{
    // xipcs -A: shmid 7 exists in two namespaces; each process holds its own.
    const std::string sysv7 = "7f0000002000-7f0000003000 rw-s 00000000 00:01 7     /SYSV0000abcd (deleted)\n";
    process(100, "ours", sysv7);
    process(200, "theirs", sysv7);
    process(300, "nobody's", "");
    fs::create_directories(proc_ / "self" / "ns");
    fs::create_symlink("ipc:[4026531839]", proc_ / "self" / "ns" / "ipc");
    for (auto [pid, ns] : {std::pair{100, "4026531839"}, {200, "4026532178"}, {300, "4026532999"}}) {
        fs::create_directories(proc_ / std::to_string(pid) / "ns");
        fs::create_symlink(fmt::format("ipc:[{}]", ns), proc_ / std::to_string(pid) / "ns" / "ipc");
    }
    std::vector<Object> objs(3);
    objs[0].kind = objs[1].kind = objs[2].kind = Kind::sysv_shm;
    objs[0].id = objs[1].id = objs[2].id = 7;
    objs[1].ns = 4026532178;
    objs[2].ns = 4026532177; // a namespace nobody maps it in
    auto stats = attribute_holders(std::span<Object>(objs), options());
    ASSERT_TRUE(stats);
    ASSERT_EQ(objs[0].holders.size(), 1U);
    EXPECT_EQ(objs[0].holders[0].pid, 100);
    ASSERT_EQ(objs[1].holders.size(), 1U);
    EXPECT_EQ(objs[1].holders[0].pid, 200);
    EXPECT_TRUE(objs[2].holders.empty());
}

TEST_F(FakeProc, AFileOfAnotherMountNamespaceMatchesByItsOwnDevice)
{
    // Read from another namespace, the object carries the device it was
    // seen on: its path here may name another file, or none.
    process(100, "holder", seg_line());
    std::vector<Object> objs(1);
    objs[0].kind = Kind::posix_shm;
    objs[0].name = "seg";
    objs[0].path = "/nonexistent/seg";
    objs[0].inode = seg_ino_;
    objs[0].dev = dev_key(seg_dev_);
    auto stats = attribute_holders(std::span<Object>(objs), options());
    ASSERT_TRUE(stats);
    ASSERT_EQ(objs[0].holders.size(), 1U);
    EXPECT_EQ(objs[0].holders[0].pid, 100);
}

TEST_F(FakeProc, APathThatNamesAnotherFileIsNotAHolder)
{
    // The fd link reads as the object's path, but the file behind it is
    // another one (another mount namespace's /dev/shm, a re-created file):
    // device and inode decide.
    const fs::path other = root_ / "other";
    std::ofstream(other) << "y";
    process(100, "imposter", "", {other});
    auto objs = objects();
    objs[1].path = other.string();
    objs[1].inode = 1; // as listed: /dev/shm's device, inode 1
    auto stats = attribute_holders(std::span<Object>(objs), options());
    ASSERT_TRUE(stats);
    EXPECT_TRUE(objs[1].holders.empty());
}

TEST_F(FakeProc, ObjectsKeptElsewhere)
{
    process(100, "p", seg_line());
    auto objs = objects();
    std::vector<Object*> some{&objs[1]};
    auto stats = attribute_holders(std::span<Object* const>(some), options());
    ASSERT_TRUE(stats);
    ASSERT_EQ(objs[1].holders.size(), 1U);
    EXPECT_EQ(objs[1].holders[0].command, "p");
}

TEST(Attribute, MissingProcIsAnError)
{
    std::vector<Object> none;
    AttributionOptions o;
    o.proc_root = "/nonexistent-proc";
    auto stats = attribute_holders(std::span<Object>(none), o);
    ASSERT_FALSE(stats);
    EXPECT_EQ(stats.error().message(), "open /nonexistent-proc: not found");
}

TEST(ParseMapsLine, RefusesAnEndBeforeTheStart)
{
    EXPECT_FALSE(parse_maps_line("7f2c1a001000-7f2c1a000000 rw-s 00000000 00:01 32 /SYSV0000162e (deleted)"));
}
