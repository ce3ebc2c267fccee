#include <string>

#include <gtest/gtest.h>

#include "libipcutil/data/hexdump.hpp"

using namespace ipcutil;

namespace {

std::string dump(const std::string& bytes, std::uint64_t start = 0, std::size_t piece = SIZE_MAX)
{
    HexDumper h(start);
    std::string out;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    for (std::size_t at = 0; at < bytes.size(); at += piece)
        h.feed({p + at, std::min(piece, bytes.size() - at)}, out);
    h.finish(out);
    return out;
}

// 32 zero bytes, a text line, 20 zero bytes: folding, printable and not.
const std::string sample = std::string(32, '\0') + "Hello, world!\n\tTab\x7f\x80" + std::string(20, '\0');

} // namespace

// Expected texts are util-linux hexdump -C output for the same bytes.
TEST(HexDumper, MatchesHexdumpC)
{
    EXPECT_EQ(dump(sample), "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
                            "*\n"
                            "00000020  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 09 54  |Hello, world!..T|\n"
                            "00000030  61 62 7f 80 00 00 00 00  00 00 00 00 00 00 00 00  |ab..............|\n"
                            "00000040  00 00 00 00 00 00 00 00                           |........|\n"
                            "00000048\n");
}

TEST(HexDumper, StartOffsetAsHexdumpSkip)
{
    // hexdump -C -s 3: lines count from the start offset, not aligned.
    EXPECT_EQ(dump(sample.substr(3), 3),
              "00000003  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
              "00000013  00 00 00 00 00 00 00 00  00 00 00 00 00 48 65 6c  |.............Hel|\n"
              "00000023  6c 6f 2c 20 77 6f 72 6c  64 21 0a 09 54 61 62 7f  |lo, world!..Tab.|\n"
              "00000033  80 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
              "00000043  00 00 00 00 00                                    |.....|\n"
              "00000048\n");
}

TEST(HexDumper, ShortLines)
{
    EXPECT_EQ(dump("abc"), "00000000  61 62 63                                          |abc|\n00000003\n");
    EXPECT_EQ(dump("01234567"), "00000000  30 31 32 33 34 35 36 37                           |01234567|\n00000008\n");
    EXPECT_EQ(dump("012345678"), "00000000  30 31 32 33 34 35 36 37  38                       |012345678|\n00000009\n");
}

TEST(HexDumper, EmptyInput)
{
    EXPECT_EQ(dump(""), "");                // hexdump -C </dev/null prints nothing
    EXPECT_EQ(dump("", 100), "00000064\n"); // hexdump -C -s 100 of a 100-byte file
}

TEST(HexDumper, FoldsOnlyWholeRepeatedLines)
{
    const std::string a16(16, 'a');
    EXPECT_EQ(dump(a16 + a16 + "aaaa"),
              "00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n"
              "*\n"
              "00000020  61 61 61 61                                       |aaaa|\n"
              "00000024\n");
    // Only the first repeat prints '*'; a new line ends the run; a later repeat folds again.
    const std::string b16(16, 'b');
    EXPECT_EQ(dump(a16 + a16 + a16 + b16 + b16),
              "00000000  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 61  |aaaaaaaaaaaaaaaa|\n"
              "*\n"
              "00000030  62 62 62 62 62 62 62 62  62 62 62 62 62 62 62 62  |bbbbbbbbbbbbbbbb|\n"
              "*\n"
              "00000050\n");
}

TEST(HexDumper, PiecesOfAnySizeGiveTheSameText)
{
    std::string bytes;
    for (int i = 0; i < 1000; ++i)
        bytes += static_cast<char>((i * 37 + i / 100) % 256);
    bytes += std::string(100, 'z');
    const std::string whole = dump(bytes);
    for (std::size_t piece : {1, 3, 15, 16, 17, 64, 999})
        EXPECT_EQ(dump(bytes, 0, piece), whole) << piece;
}

TEST(HexDumper, WideOffsets)
{
    // Past 4 GiB the offset simply grows wider, as hexdump's %08x does.
    EXPECT_EQ(dump("x", 0x123456789), "123456789  78                                                |x|\n12345678a\n");
}
