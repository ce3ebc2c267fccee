// The pieces mqsend and mqrecv share: JSON text, UTF-8 checks, record
// splitting, System V receive order and the size-limit message.
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "libipcutil/core/handles.hpp"
#include "libipcutil/core/json_text.hpp"
#include "libipcutil/core/utf8.hpp"
#include "libipcutil/data/message_queue.hpp"
#include "libipcutil/data/record_split.hpp"

using namespace ipcutil;
using namespace std::string_literals;

TEST(JsonEscape, EscapesWhatJsonRequires)
{
    EXPECT_EQ(json_escape("plain text"), "plain text");
    EXPECT_EQ(json_escape(R"(a"b\c)"), R"(a\"b\\c)");
    EXPECT_EQ(json_escape("\n\t\r\b\f"), R"(\n\t\r\b\f)");
    EXPECT_EQ(json_escape("\x01\x1f\x7f"s), R"(\u0001\u001f\u007f)");
    EXPECT_EQ(json_escape("a\0b"s), R"(a\u0000b)");
    EXPECT_EQ(json_escape("h\xc3\xa9llo"), "h\xc3\xa9llo"); // UTF-8 passes through
    EXPECT_EQ(json_escape(""), "");
}

TEST(Base64, Rfc4648Vectors)
{
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64("f"), "Zg==");
    EXPECT_EQ(base64("fo"), "Zm8=");
    EXPECT_EQ(base64("foo"), "Zm9v");
    EXPECT_EQ(base64("foob"), "Zm9vYg==");
    EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64("\x00\xff\x01"s), "AP8B");
    EXPECT_EQ(base64("\xfb\xff"s), "+/8=");
}

TEST(Utf8, AcceptsWellFormed)
{
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_TRUE(valid_utf8("ascii"));
    EXPECT_TRUE(valid_utf8("a\0b"s));
    EXPECT_TRUE(valid_utf8("\xc3\xa9"));         // é
    EXPECT_TRUE(valid_utf8("\xe2\x82\xac"));     // €
    EXPECT_TRUE(valid_utf8("\xf0\x9f\x98\x80")); // U+1F600
    EXPECT_TRUE(valid_utf8("\xf4\x8f\xbf\xbf")); // U+10FFFF
}

TEST(Utf8, RefusesMalformed)
{
    for (const std::string& bad : {"\xff"s, "\xc0\xaf"s, "\xc3"s, "\xe2\x82"s, "\xed\xa0\x80"s, "\xf4\x90\x80\x80"s,
                                   "\xf0\x8f\xbf\xbf"s, "\xe0\x9f\xbf"s, "\x80"s, "a\xc3(b"s, "\xf5\x80\x80\x80"s})
        EXPECT_FALSE(valid_utf8(bad)) << testing::PrintToString(bad);
}

namespace {

// Feed `input` to a RecordReader through a socket pair, written by a thread
// in pieces of `chunk` bytes, and collect what it returns.
struct Collected {
    std::vector<std::string> records;
    std::vector<std::uint64_t> too_long; // sizes of the over-long ones
};

Collected collect(const std::string& input, std::optional<char> delim, std::size_t max_record, std::size_t chunk = 7)
{
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    Fd reader_end(fds[0]);
    Fd writer_end(fds[1]);
    std::thread writer([&, fd = writer_end.release()] {
        Fd owned(fd);
        for (std::size_t i = 0; i < input.size(); i += chunk)
            EXPECT_GT(::write(owned.get(), input.data() + i, std::min(chunk, input.size() - i)), 0);
    });
    Collected c;
    RecordReader reader(reader_end.get(), delim, max_record);
    for (;;) {
        auto r = reader.next();
        EXPECT_TRUE(r.has_value());
        if (!r || !*r)
            break;
        if ((*r)->too_long)
            c.too_long.push_back((*r)->size);
        else
            c.records.emplace_back((*r)->data);
    }
    writer.join();
    return c;
}

} // namespace

TEST(RecordReader, Lines)
{
    auto c = collect("one\ntwo\n\nlast", '\n', 100);
    EXPECT_EQ(c.records, (std::vector<std::string>{"one", "two", "", "last"}));
    EXPECT_TRUE(c.too_long.empty());
    EXPECT_TRUE(collect("", '\n', 100).records.empty());
    EXPECT_EQ(collect("\n", '\n', 100).records, (std::vector<std::string>{""}));
}

TEST(RecordReader, NulRecordsKeepNewlines)
{
    auto c = collect("a\nb\0c\xff\0"s, '\0', 100);
    EXPECT_EQ(c.records, (std::vector<std::string>{"a\nb", "c\xff"}));
}

TEST(RecordReader, WholeInputIsOneRecord)
{
    EXPECT_EQ(collect("x\ny\0z"s, std::nullopt, 100).records, (std::vector<std::string>{"x\ny\0z"s}));
    EXPECT_EQ(collect("", std::nullopt, 100).records, (std::vector<std::string>{""}));
}

TEST(RecordReader, TooLongRecordsAreMeasuredAndSkipped)
{
    const std::string big(1000, 'x');
    auto c = collect("ok\n" + big + "\nafter\n", '\n', 10);
    EXPECT_EQ(c.records, (std::vector<std::string>{"ok", "after"}));
    EXPECT_EQ(c.too_long, (std::vector<std::uint64_t>{1000}));

    auto whole = collect(std::string(300000, 'y'), std::nullopt, 8192, 65536);
    EXPECT_TRUE(whole.records.empty());
    EXPECT_EQ(whole.too_long, (std::vector<std::uint64_t>{300000}));

    // Exactly at the limit fits; one byte more does not.
    auto edge = collect("0123456789\n0123456789A\n", '\n', 10, 3);
    EXPECT_EQ(edge.records, (std::vector<std::string>{"0123456789"}));
    EXPECT_EQ(edge.too_long, (std::vector<std::uint64_t>{11}));
}

TEST(RecordReader, ManyRecordsAcrossBufferRefills)
{
    std::string input;
    std::vector<std::string> expected;
    for (int i = 0; i < 100000; ++i) {
        expected.push_back(std::to_string(i));
        input += expected.back() + "\n";
    }
    EXPECT_EQ(collect(input, '\n', 64, 4093).records, expected);
}

TEST(RecordReader, ReadsLargePiecesWhateverTheRecordLimit)
{
    // 1000 lines of 10 bytes wait in a pipe; a 16-byte record limit must not
    // mean 16-byte reads: the first record takes all of them in one read.
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    Fd read_end(fds[0]);
    Fd write_end(fds[1]);
    std::string input;
    for (int i = 0; i < 1000; ++i)
        input += fmt::format("{:09d}\n", i);
    ASSERT_EQ(::write(write_end.get(), input.data(), input.size()), static_cast<ssize_t>(input.size()));
    write_end = Fd();
    RecordReader reader(read_end.get(), '\n', 16);
    auto first = reader.next();
    ASSERT_TRUE(first.has_value() && first->has_value());
    EXPECT_EQ((*first)->data, "000000000");
    int left = -1;
    ASSERT_EQ(::ioctl(read_end.get(), FIONREAD, &left), 0);
    EXPECT_EQ(left, 0);
    std::size_t count = 1;
    for (;;) {
        auto r = reader.next();
        ASSERT_TRUE(r.has_value());
        if (!*r)
            break;
        EXPECT_EQ((*r)->data, fmt::format("{:09d}", count));
        ++count;
    }
    EXPECT_EQ(count, 1000U);
}

TEST(ReceiveOrder, FollowsMsgrcv)
{
    // Queue order: types 3 1 2 1 5.
    const std::vector<long> types{3, 1, 2, 1, 5};
    using V = std::vector<std::size_t>;
    EXPECT_EQ(receive_order(types, {0, false}), (V{0, 1, 2, 3, 4}));
    EXPECT_EQ(receive_order(types, {1, false}), (V{1, 3}));
    EXPECT_EQ(receive_order(types, {1, true}), (V{0, 2, 4}));
    EXPECT_EQ(receive_order(types, {-2, false}), (V{1, 3, 2}));
    EXPECT_EQ(receive_order(types, {-3, false}), (V{1, 3, 2, 0}));
    EXPECT_EQ(receive_order(types, {7, false}), V{});
}

TEST(SendLimit, NamesBothSizes)
{
    const SendLimit limit{8192, "the message size of POSIX message queue /q"};
    EXPECT_EQ(limit.too_long(9000),
              "9000 bytes is longer than the message size of POSIX message queue /q (8192 bytes)");
}
