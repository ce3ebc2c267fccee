// fd_copy, ShmView and ShmObject on memory files and pipes: no IPC object is made, so
// these run safely outside the test namespace.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "libipcutil/core/select.hpp"
#include "libipcutil/data/fd_copy.hpp"
#include "libipcutil/data/shm_view.hpp"

using namespace ipcutil;

namespace {

std::string pattern(std::size_t n)
{
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i)
        s[i] = static_cast<char>((i * 131 + i / 4099) & 0xff);
    return s;
}

Fd memory_file(const std::string& contents)
{
    Fd fd(::memfd_create("fd_copy_test", MFD_CLOEXEC));
    EXPECT_TRUE(fd);
    EXPECT_TRUE(write_all(fd.get(), contents.data(), contents.size()));
    return fd;
}

std::string contents(int fd)
{
    struct stat st {};
    EXPECT_EQ(::fstat(fd, &st), 0);
    std::string s(static_cast<std::size_t>(st.st_size), '\0');
    EXPECT_TRUE(read_exact(fd, 0, s.data(), s.size(), "test"));
    return s;
}

struct Pipe {
    Fd read, write;
    Pipe()
    {
        int p[2];
        EXPECT_EQ(::pipe2(p, O_CLOEXEC), 0);
        read.reset(p[0]);
        write.reset(p[1]);
    }
};

// Everything a pipe delivers until its writer closes, read on a thread.
std::string drain(int fd)
{
    std::string s;
    char buf[65536];
    ssize_t n = 0;
    while ((n = ::read(fd, buf, sizeof buf)) > 0)
        s.append(buf, static_cast<std::size_t>(n));
    return s;
}

} // namespace

TEST(CopyFileToFd, RangeIntoAFile)
{
    const std::string data = pattern(300000);
    const Fd in = memory_file(data);
    const Fd out(::memfd_create("out", MFD_CLOEXEC));
    std::uint64_t last = 0;
    ASSERT_TRUE(copy_file_to_fd(out.get(), in.get(), 4097, 200000, "in", [&](std::uint64_t d) { last = d; }));
    EXPECT_EQ(contents(out.get()), data.substr(4097, 200000));
    EXPECT_EQ(last, 200000U);
}

TEST(CopyFileToFd, IntoAPipe)
{
    const std::string data = pattern(3 << 20);
    const Fd in = memory_file(data);
    Pipe p;
    std::string got;
    std::thread reader([&] { got = drain(p.read.get()); });
    auto r = copy_file_to_fd(p.write.get(), in.get(), 1, data.size() - 1, "in");
    p.write.reset();
    reader.join();
    ASSERT_TRUE(r);
    EXPECT_EQ(got, data.substr(1));
}

TEST(CopyFileToFd, FallsBackToTheMappingWhereSendfileCannotGo)
{
    // sendfile refuses an O_APPEND output: the copy goes through write().
    const std::string data = pattern(100000);
    const Fd in = memory_file(data);
    const Fd out(::memfd_create("out", MFD_CLOEXEC));
    const Fd append(::open(("/proc/self/fd/" + std::to_string(out.get())).c_str(), O_WRONLY | O_APPEND | O_CLOEXEC));
    ASSERT_TRUE(append);
    std::uint64_t last = 0;
    ASSERT_TRUE(copy_file_to_fd(append.get(), in.get(), 5000, 90000, "in", [&](std::uint64_t d) { last = d; }));
    EXPECT_EQ(contents(out.get()), data.substr(5000, 90000));
    EXPECT_EQ(last, 90000U);
}

TEST(CopyFileToFd, ShrunkFileIsAnError)
{
    const Fd in = memory_file(pattern(1000));
    const Fd out(::memfd_create("out", MFD_CLOEXEC));
    auto r = copy_file_to_fd(out.get(), in.get(), 0, 2000, "/x");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message(), "read /x: ended early, at byte 1000 (it shrank)");
}

TEST(SendMemory, IntoAPipeAndIntoAFile)
{
    // A read-only mapping, as shmcat's attachments are.
    const std::string data = pattern(5 << 20);
    const Fd in = memory_file(data);
    auto view = ShmView::posix(in.get(), "x", 0, data.size(), false);
    ASSERT_TRUE(view);
    Pipe p;
    std::string got;
    std::thread reader([&] { got = drain(p.read.get()); });
    std::uint64_t last = 0;
    auto r = send_memory(p.write.get(), view->data(), view->size(), [&](std::uint64_t d) { last = d; });
    p.write.reset();
    reader.join();
    ASSERT_TRUE(r);
    EXPECT_EQ(got, data);
    EXPECT_EQ(last, data.size());

    const Fd out(::memfd_create("out", MFD_CLOEXEC));
    ASSERT_TRUE(send_memory(out.get(), view->data() + 3, 1000));
    EXPECT_EQ(contents(out.get()), data.substr(3, 1000));
}

TEST(SendMemory, BrokenPipeIsEpipe)
{
    Pipe p;
    p.read.reset();
    const auto old = ::signal(SIGPIPE, SIG_IGN);
    const std::string data = pattern(10);
    auto r = send_memory(p.write.get(), data.data(), data.size());
    ::signal(SIGPIPE, old);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().err, EPIPE);
}

TEST(WriteAll, BrokenPipeIsEpipe)
{
    Pipe p;
    p.read.reset();
    const auto old = ::signal(SIGPIPE, SIG_IGN);
    const std::string data = pattern(10);
    auto r = write_all(p.write.get(), data.data(), data.size());
    ::signal(SIGPIPE, old);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().err, EPIPE);
    EXPECT_EQ(r.error().op, "write");
    EXPECT_EQ(r.error().object, "standard output");
}

TEST(GrowPipe, GrowsPipesAndLeavesFilesAlone)
{
    Pipe p;
    grow_pipe(p.write.get());
    EXPECT_GE(::fcntl(p.write.get(), F_GETPIPE_SZ), 65536);
    const Fd f(::memfd_create("f", MFD_CLOEXEC));
    grow_pipe(f.get()); // not a pipe: nothing to do, nothing breaks
}

TEST(TakeInput, RegularFileIsUsedInPlaceFromItsPosition)
{
    const std::string data = pattern(5000);
    const Fd in = memory_file(data);
    ASSERT_EQ(::lseek(in.get(), 1000, SEEK_SET), 1000);
    auto input = take_input(in.get(), 10, "stdin");
    ASSERT_TRUE(input);
    EXPECT_FALSE(input->spool);
    EXPECT_EQ(input->fd, in.get());
    EXPECT_EQ(input->start, 1000U);
    EXPECT_EQ(input->size, 4000U);
}

TEST(TakeInput, PipeIsSpooled)
{
    const std::string data = pattern(2 << 20);
    Pipe p;
    std::thread writer([&] {
        EXPECT_TRUE(write_all(p.write.get(), data.data(), data.size()));
        p.write.reset();
    });
    auto input = take_input(p.read.get(), UINT64_MAX, "stdin");
    writer.join();
    ASSERT_TRUE(input);
    EXPECT_TRUE(input->spool);
    EXPECT_EQ(input->size, data.size());
    EXPECT_EQ(input->kept, data.size());
    std::string back(data.size(), '\0');
    ASSERT_TRUE(read_exact(input->fd, input->start, back.data(), back.size(), "spool"));
    EXPECT_EQ(back, data);
}

TEST(TakeInput, TooLongInputIsCountedNotKept)
{
    const std::string data = pattern(1 << 20);
    Pipe p;
    std::thread writer([&] {
        EXPECT_TRUE(write_all(p.write.get(), data.data(), data.size()));
        p.write.reset();
    });
    auto input = take_input(p.read.get(), 4096, "stdin");
    writer.join();
    ASSERT_TRUE(input);
    EXPECT_EQ(input->size, data.size());
    EXPECT_EQ(input->kept, 4097U);
    struct stat st {};
    ASSERT_EQ(::fstat(input->fd, &st), 0);
    EXPECT_EQ(st.st_size, 4097);
}

TEST(TakeInput, NonPipeStreamIsReadAndSpooled)
{
    // A socket cannot be spliced from here: the read() path.
    int sv[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    Fd a(sv[0]), b(sv[1]);
    const std::string data = pattern(200000);
    std::thread writer([&] {
        EXPECT_TRUE(write_all(b.get(), data.data(), data.size()));
        b.reset();
    });
    auto input = take_input(a.get(), 150000, "stdin");
    writer.join();
    ASSERT_TRUE(input);
    EXPECT_EQ(input->size, 200000U);
    EXPECT_EQ(input->kept, 150001U);
    std::string back(input->kept, '\0');
    ASSERT_TRUE(read_exact(input->fd, input->start, back.data(), back.size(), "spool"));
    EXPECT_EQ(back, data.substr(0, 150001));
}

TEST(ShmView, PosixRangeReadOnlyAndWritable)
{
    const std::string data = pattern(3 * 4096 + 100);
    const Fd fd = memory_file(data);
    {
        auto view = ShmView::posix(fd.get(), "x", 5000, 7000, false);
        ASSERT_TRUE(view);
        EXPECT_EQ(view->size(), 7000U);
        EXPECT_EQ(std::string(reinterpret_cast<const char*>(view->data()), view->size()), data.substr(5000, 7000));
    }
    {
        auto view = ShmView::posix(fd.get(), "x", 4095, 2, true);
        ASSERT_TRUE(view);
        view->data()[0] = 'A';
        view->data()[1] = 'B';
    }
    EXPECT_EQ(contents(fd.get()).substr(4094, 4), data.substr(4094, 1) + "AB" + data.substr(4097, 1));
}

TEST(ShmView, EmptyRangeMapsNothing)
{
    const Fd fd = memory_file("");
    auto view = ShmView::posix(fd.get(), "x", 0, 0, false);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->data(), nullptr);
    EXPECT_EQ(view->size(), 0U);
    // A System V view of nothing does not attach: no segment is needed.
    auto sysv = ShmView::sysv(-1, 4096, 4096, 0, false);
    ASSERT_TRUE(sysv);
    EXPECT_EQ(sysv->size(), 0U);
}

TEST(ShmView, RangePastTheEndIsRefused)
{
    auto view = ShmView::sysv(-1, 4096, 4000, 100, false);
    ASSERT_FALSE(view);
    EXPECT_EQ(view.error().message(), "map shared memory id -1: bytes 4000-4100 are past its end (4096 bytes)");
}

TEST(ShmObject, WordsForEverySelector)
{
    EXPECT_EQ(shm_words(parse_selector("5").value()), "shared memory id 5");
    EXPECT_EQ(shm_words(parse_selector("0x1a2b").value()), "shared memory key 0x00001a2b");
    EXPECT_EQ(shm_words(parse_selector("/dev/shm/x").value()), "POSIX shared memory /x");
}

TEST(ShmObject, AQueueIsNoSharedMemory)
{
    // Refused before anything is opened: no object is needed for the test.
    auto o = open_shm_object(parse_selector("/dev/mqueue/q").value(), false);
    ASSERT_FALSE(o);
    EXPECT_TRUE(o.error().usage);
    EXPECT_EQ(o.error().message(),
              "invalid object: '/dev/mqueue/q' (not shared memory: /dev/mqueue holds message queues)");
}
