#include <gtest/gtest.h>

#include "libipcutil/list/wire.hpp"

using namespace ipcutil;

namespace {

Object every_field()
{
    Object o;
    o.kind = Kind::posix_mq;
    o.id = 42;
    o.key = static_cast<key_t>(0x8ec1a868U);
    o.name = "jobs\n\x1b[31m";
    o.path = "/dev/mqueue/jobs";
    o.inode = 77;
    o.dev = (std::uint64_t{254} << 32) | 3;
    o.uid = 1000;
    o.gid = 1001;
    o.cuid = 1002;
    o.cgid = 1003;
    o.mode = 0640;
    o.size = 1ULL << 40;
    o.nattch = 3;
    o.dest = true;
    o.locked = false;
    o.rss = 4096;
    o.swap = 8192;
    o.messages = 9;
    o.qbytes = 16384;
    o.nsems = 5;
    o.maxmsg = 10;
    o.msgsize = -1;
    o.value = std::nullopt;
    o.cpid = 123;
    o.lpid = -4;
    o.atime = 0;
    o.dtime = std::nullopt;
    o.ctime = 1700000000;
    return o;
}

} // namespace

TEST(Wire, ListsAndProblemsRoundTrip)
{
    std::vector<ObjectList> lists{{Kind::sysv_shm, {}}, {Kind::posix_mq, {every_field(), Object{}}}};
    Problems problems;
    problems.warn("a warning");
    problems.fail(failure("read", "/dev/mqueue", "not mounted"));
    auto read = decode_read(encode_read(lists, problems));
    ASSERT_TRUE(read);
    ASSERT_EQ(read->lists.size(), 2U);
    EXPECT_EQ(read->lists[0].kind, Kind::sysv_shm);
    EXPECT_TRUE(read->lists[0].objects.empty());
    ASSERT_EQ(read->lists[1].objects.size(), 2U);
    const Object& a = read->lists[1].objects[0];
    const Object b = every_field();
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.path, b.path);
    EXPECT_EQ(a.inode, b.inode);
    EXPECT_EQ(a.dev, b.dev);
    EXPECT_EQ(a.uid, b.uid);
    EXPECT_EQ(a.gid, b.gid);
    EXPECT_EQ(a.cuid, b.cuid);
    EXPECT_EQ(a.cgid, b.cgid);
    EXPECT_EQ(a.mode, b.mode);
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.nattch, b.nattch);
    EXPECT_EQ(a.dest, b.dest);
    EXPECT_EQ(a.locked, b.locked);
    EXPECT_EQ(a.rss, b.rss);
    EXPECT_EQ(a.swap, b.swap);
    EXPECT_EQ(a.messages, b.messages);
    EXPECT_EQ(a.qbytes, b.qbytes);
    EXPECT_EQ(a.nsems, b.nsems);
    EXPECT_EQ(a.maxmsg, b.maxmsg);
    EXPECT_EQ(a.msgsize, b.msgsize);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.cpid, b.cpid);
    EXPECT_EQ(a.lpid, b.lpid);
    EXPECT_EQ(a.atime, b.atime);
    EXPECT_EQ(a.dtime, b.dtime);
    EXPECT_EQ(a.ctime, b.ctime);
    EXPECT_EQ(read->lines, (std::vector<std::string>{"a warning", "read /dev/mqueue: not mounted"}));
    EXPECT_EQ(read->failures, 1);
}

TEST(Wire, BytesCutShortAreAFailureNotAPartialListing)
{
    std::vector<ObjectList> lists{{Kind::sysv_sem, {every_field()}}};
    const std::string bytes = encode_read(lists, Problems{});
    for (std::size_t n : {std::size_t{0}, std::size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
        auto read = decode_read(std::string_view(bytes).substr(0, n));
        ASSERT_FALSE(read) << n;
        EXPECT_EQ(read.error().message(), "read the listing of a namespace: it came back cut short");
    }
    EXPECT_FALSE(decode_read(bytes + "x"));
}

TEST(Wire, AKindOutOfRangeIsMalformed)
{
    std::vector<ObjectList> lists{{Kind::sysv_sem, {every_field()}}};
    std::string bytes = encode_read(lists, Problems{});
    bytes[8] = 42; // the list's kind
    EXPECT_FALSE(decode_read(bytes));
    bytes = encode_read(lists, Problems{});
    bytes[24] = 42; // the object's kind
    EXPECT_FALSE(decode_read(bytes));
}

TEST(Wire, ManyNamespacesInOneStream)
{
    std::vector<ObjectList> lists{{Kind::sysv_shm, {every_field()}}};
    std::string stream;
    append_read(stream, {false, encode_read(lists, Problems{})});
    append_read(stream, {true, "enter IPC namespace 4026532211 (process 7): the process has left it"});
    append_read(stream, {false, encode_read({}, Problems{})});
    auto reads = split_reads(stream);
    ASSERT_TRUE(reads);
    ASSERT_EQ(reads->size(), 3U);
    EXPECT_FALSE((*reads)[0].failed);
    EXPECT_EQ(decode_read((*reads)[0].bytes)->lists[0].objects[0].name, every_field().name);
    EXPECT_TRUE((*reads)[1].failed);
    EXPECT_EQ((*reads)[1].bytes, "enter IPC namespace 4026532211 (process 7): the process has left it");
    EXPECT_FALSE((*reads)[2].failed);
    EXPECT_TRUE(decode_read((*reads)[2].bytes)->lists.empty());
    EXPECT_TRUE(split_reads("")->empty());
    EXPECT_FALSE(split_reads(std::string_view(stream).substr(0, stream.size() - 1)));
}
