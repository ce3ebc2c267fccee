#include <gtest/gtest.h>

#include "libipcutil/core/parse.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

TEST(ParseSize, PlainAndSuffixes)
{
    EXPECT_EQ(parse_size("1").value(), 1U);
    EXPECT_EQ(parse_size("0").value(), 0U);
    EXPECT_EQ(parse_size("4K").value(), 4096U);
    EXPECT_EQ(parse_size("4k").value(), 4096U);
    EXPECT_EQ(parse_size("10KiB").value(), 10240U);
    EXPECT_EQ(parse_size("10KB").value(), 10000U);
    EXPECT_EQ(parse_size("1.5M").value(), 1572864U);
    EXPECT_EQ(parse_size("2G").value(), 2147483648U);
    EXPECT_EQ(parse_size("1T").value(), 1099511627776U);
    EXPECT_EQ(parse_size("1MB").value(), 1000000U);
}

TEST(ParseSize, NumbersAsStrtoumaxReadsThem)
{
    // util-linux ipcmk -M 0x10 makes 16 bytes and -M 010 makes 8.
    EXPECT_EQ(parse_size("0x10").value(), 16U);
    EXPECT_EQ(parse_size("0X10").value(), 16U);
    EXPECT_EQ(parse_size("010").value(), 8U);
    EXPECT_EQ(parse_size("0x1K").value(), 1024U);
    EXPECT_EQ(parse_size("01K").value(), 1024U);
    EXPECT_EQ(parse_size(" 12").value(), 12U);
    EXPECT_EQ(parse_size("+12").value(), 12U);
    EXPECT_EQ(parse_size("1Kib").value(), 1024U);
    EXPECT_EQ(parse_size("1kb").value(), 1000U);
    EXPECT_EQ(parse_size("1.K").value(), 1024U);
    EXPECT_EQ(parse_size("0Z").value(), 0U);
    EXPECT_EQ(parse_size("15E").value(), 15ULL << 60);
    EXPECT_EQ(parse_size("18446744073709551615").value(), UINT64_MAX);
    EXPECT_EQ(parse_size("0xffffffffffffffff").value(), UINT64_MAX);
}

TEST(ParseSize, FractionsAreExactRoundedDown)
{
    EXPECT_EQ(parse_size("0.5M").value(), 524288U);
    EXPECT_EQ(parse_size("1.05M").value(), 1101004U); // 1101004.8
    EXPECT_EQ(parse_size("2.25K").value(), 2304U);
    EXPECT_EQ(parse_size("1.7K").value(), 1740U); // 1740.8; util-linux says 2048
    EXPECT_EQ(parse_size("1.5KB").value(), 1500U);
    EXPECT_EQ(parse_size("1.001M").value(), 1049624U);
    EXPECT_EQ(parse_size("0.00000000000000000001E").value(), 0U);
    EXPECT_EQ(parse_size("15.9999999999999999999E").value(), (16ULL << 60) - 1);
}

TEST(ParseSize, Refuses)
{
    for (const char* bad : {"",   "K",   "-1",    " -1",   "4Q",    "1.5",  "1.",  "1.0", "4 K", "0x",
                            "08", "1e3", "4KiBx", "1..5K", "1.5.5", "1KIB", "1iB", "+",   "++1", "x10"}) {
        auto r = parse_size(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().usage) << bad;
    }
    EXPECT_FALSE(parse_size("99999999999999999999"));
    EXPECT_FALSE(parse_size("16E"));
    EXPECT_FALSE(parse_size("0x10000000000000000"));
    EXPECT_FALSE(parse_size("1Z"));
    EXPECT_FALSE(parse_size("0.1Y"));
    EXPECT_EQ(parse_size("1Z").error().message(), "size too large: '1Z'");
    EXPECT_EQ(parse_size("invalid-size").error().message(), "invalid size: 'invalid-size'");
}

TEST(ParseKey, Bases)
{
    EXPECT_EQ(parse_key("0x1a2b").value(), 0x1a2b);
    EXPECT_EQ(parse_key("0X1A2B").value(), 0x1a2b);
    EXPECT_EQ(parse_key("010").value(), 8);
    EXPECT_EQ(parse_key("4660").value(), 4660);
    EXPECT_EQ(parse_key("0xffffffff").value(), static_cast<key_t>(0xffffffffU));
}

TEST(ParseKey, RefusesPrivateAndJunk)
{
    EXPECT_FALSE(parse_key("0"));
    EXPECT_FALSE(parse_key("0x0"));
    EXPECT_TRUE(parse_key("0", true));
    EXPECT_NE(parse_key("0").error().message().find("IPC_PRIVATE"), std::string::npos);
    for (const char* bad : {"", "0x", "0x1g", "08", "-1", "0x100000000", "12a"})
        EXPECT_FALSE(parse_key(bad)) << bad;
}

TEST(ParseId, DecimalOnly)
{
    EXPECT_EQ(parse_id("0").value(), 0);
    EXPECT_EQ(parse_id("2147483647").value(), 2147483647);
    for (const char* bad : {"", "-1", "abc", "0x10", "2147483648", "1.0", "+1"})
        EXPECT_FALSE(parse_id(bad)) << bad;
}

TEST(ParseMode, OctalAndSymbolic)
{
    EXPECT_EQ(parse_mode("600").value(), 0600U);
    EXPECT_EQ(parse_mode("0644").value(), 0644U);
    EXPECT_EQ(parse_mode("u=rw,g=r").value(), 0640U);
    EXPECT_EQ(parse_mode("a=r").value(), 0444U);
    EXPECT_EQ(parse_mode("=rw").value(), 0666U);
    EXPECT_EQ(parse_mode("u=rwx,g+r,o-w").value(), 0740U);
    for (const char* bad : {"", "800", "1000", "u=rq", "u", "u=rw,", "z=r", "0x600"})
        EXPECT_FALSE(parse_mode(bad)) << bad;
}

TEST(ParseDuration, Units)
{
    EXPECT_EQ(parse_duration("500ms").value(), 500ms);
    EXPECT_EQ(parse_duration("2s").value(), 2000ms);
    EXPECT_EQ(parse_duration("2").value(), 2000ms);
    EXPECT_EQ(parse_duration("1.5").value(), 1500ms);
    EXPECT_EQ(parse_duration("1m").value(), 60000ms);
    EXPECT_EQ(parse_duration("1h").value(), 3600000ms);
    EXPECT_EQ(parse_duration("1d").value(), 86400000ms);
    for (const char* bad : {"", "s", "-1s", "1x", "1.2.3", ".", "1.", "ms", "1 s"})
        EXPECT_FALSE(parse_duration(bad)) << bad;
}

TEST(ParsePosixName, Rules)
{
    EXPECT_EQ(parse_posix_name("/jobs").value(), "jobs");
    EXPECT_EQ(parse_posix_name("jobs").value(), "jobs");
    EXPECT_EQ(parse_posix_name(std::string(255, 'a')).value().size(), 255U);
    EXPECT_FALSE(parse_posix_name(std::string(256, 'a')));
    EXPECT_TRUE(parse_posix_name("/" + std::string(255, 'a')));
    for (const char* bad : {"", "/", "//x", "/a/b", "/..", "/.", ".."})
        EXPECT_FALSE(parse_posix_name(bad)) << bad;
    EXPECT_FALSE(parse_posix_name(std::string("a\0b", 3)));
}

TEST(FormatKey, Hex)
{
    EXPECT_EQ(format_key(0x1a2b), "0x00001a2b");
    EXPECT_EQ(format_key(static_cast<key_t>(0xdeadbeefU)), "0xdeadbeef");
}
