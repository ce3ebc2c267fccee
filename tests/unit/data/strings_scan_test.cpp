#include <string>

#include <gtest/gtest.h>

#include "libipcutil/data/strings_scan.hpp"

using namespace ipcutil;

namespace {

std::string scan(const std::string& bytes, std::size_t min = 4, std::size_t piece = SIZE_MAX)
{
    StringsScanner s(min);
    std::string out;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    for (std::size_t at = 0; at < bytes.size(); at += piece)
        s.feed({p + at, std::min(piece, bytes.size() - at)}, out);
    s.finish(out);
    return out;
}

constexpr char head[] = "abc\0abcd\0ab\tcd\x80xyzw\nhello world\x7f";
const std::string sample = std::string(head, sizeof head - 1) + "abcdefg";

} // namespace

// Expected texts are GNU strings (binutils 2.40) output for the same bytes.
TEST(StringsScanner, MatchesStrings)
{
    EXPECT_EQ(scan(sample), "abcd\nab\tcd\nxyzw\nhello world\nabcdefg\n");
    EXPECT_EQ(scan(sample, 5), "ab\tcd\nhello world\nabcdefg\n");
    EXPECT_EQ(scan(sample, 1), "abc\nabcd\nab\tcd\nxyzw\nhello world\nabcdefg\n");
}

TEST(StringsScanner, ControlCharactersOtherThanTabEndARun)
{
    EXPECT_EQ(scan("a\rbcdef\fghij\vklmn"), "bcdef\nghij\nklmn\n");
}

TEST(StringsScanner, ShortOrEmptyInput)
{
    EXPECT_EQ(scan(""), "");
    EXPECT_EQ(scan("abc"), "");
    EXPECT_EQ(scan("abcd"), "abcd\n");
    EXPECT_EQ(scan("abcd", 5), "");
}

TEST(StringsScanner, RunsSpanPieces)
{
    std::string bytes;
    for (int i = 0; i < 2000; ++i)
        bytes += (i % 7 == 0 || i % 13 == 0) ? '\0' : static_cast<char>('a' + i % 26);
    bytes += std::string(5000, 'q'); // a long run is streamed, not held
    for (std::size_t min : {1, 4, 6, 10}) {
        const std::string whole = scan(bytes, min);
        for (std::size_t piece : {1, 2, 5, 7, 100, 4096})
            EXPECT_EQ(scan(bytes, min, piece), whole) << min << ' ' << piece;
    }
}

TEST(StringsScanner, Printable)
{
    EXPECT_TRUE(StringsScanner::printable(' '));
    EXPECT_TRUE(StringsScanner::printable('~'));
    EXPECT_TRUE(StringsScanner::printable('\t'));
    EXPECT_FALSE(StringsScanner::printable('\n'));
    EXPECT_FALSE(StringsScanner::printable(0x7f));
    EXPECT_FALSE(StringsScanner::printable(0xe9));
}
