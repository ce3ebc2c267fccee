// Values as text (format.hpp): sizes, modes, times, and names made safe
// for a terminal.
#include <cerrno>
#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/format.hpp"

using namespace ipcutil;
using namespace std::string_literals;

namespace {

// Times in these tests are UTC whatever the machine says.
class Utc : public ::testing::Environment {
  public:
    void SetUp() override
    {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
    }
};
const auto* const utc = ::testing::AddGlobalTestEnvironment(new Utc);

} // namespace

TEST(Format, SizesAsUtilLinux)
{
    // Each checked against lsipc -m (util-linux 2.38.1) on real segments.
    const std::pair<std::uint64_t, const char*> cases[] = {
        {0, "0B"},
        {1, "1B"},
        {1023, "1023B"},
        {1024, "1K"},
        {1025, "1K"},
        {1075, "1K"},
        {1076, "1.1K"},
        {1126, "1.1K"},
        {1536, "1.5K"},
        {1997, "2K"},
        {2047, "2K"},
        {1048575, "1024K"},
        {1048576, "1M"},
        {1500000, "1.4M"},
        {10485761, "10M"},
        {123456789, "117.7M"},
        {1073741823, "1024M"},
        {1073741824, "1G"},
        {5000000000, "4.7G"},
        {UINT64_MAX, "16E"},
    };
    for (auto [bytes, text] : cases)
        EXPECT_EQ(human_size(bytes), text) << bytes;
}

TEST(Format, Modes)
{
    EXPECT_EQ(mode_string(0644), "rw-r--r--");
    EXPECT_EQ(mode_string(0), "---------");
    EXPECT_EQ(mode_string(0777), "rwxrwxrwx");
    EXPECT_EQ(mode_string(04755), "rwsr-xr-x");
    EXPECT_EQ(mode_string(01640), "rw-r----T");
    EXPECT_EQ(mode_octal(0644), "0644");
    EXPECT_EQ(mode_octal(0), "0");
}

TEST(Format, Times)
{
    const std::time_t t = 1700000000; // 2023-11-14 22:13:20 UTC, a Tuesday
    EXPECT_EQ(time_iso(t), "2023-11-14T22:13:20+00:00");
    EXPECT_EQ(time_full(t), "Tue Nov 14 22:13:20 2023");
    EXPECT_EQ(time_short(t, t + 60), "22:13");
    EXPECT_EQ(time_short(t, t + 30 * 86400), "Nov14");
    EXPECT_EQ(time_short(t, t + 90 * 86400), "2023-Nov14");
}

TEST(Format, ProgressSizes)
{
    EXPECT_EQ(human_size(0, progress_size), "0 B");
    EXPECT_EQ(human_size(1536, progress_size), "1.5 KiB");
    EXPECT_EQ(human_size(1048575, progress_size), "1.0 MiB"); // never "1024.0 KiB"
    EXPECT_EQ(human_size(1ULL << 30, progress_size), "1.0 GiB");
    EXPECT_EQ(human_size(UINT64_MAX, progress_size), "16.0 EiB");
    // The parts alone.
    EXPECT_EQ(human_size(1536, {false, true, false}), "1.5 K");
    EXPECT_EQ(human_size(1048576, {true, false, false}), "1MiB");
}

TEST(Format, PrintableEscapesAllButPrintableAscii)
{
    EXPECT_EQ(printable("plain name-1.2_3"), "plain name-1.2_3");
    EXPECT_EQ(printable("esc\x1b[31mred"), "esc\\x1b[31mred");
    EXPECT_EQ(printable("a\nb\tc\rd"), "a\\x0ab\\x09c\\x0dd");
    EXPECT_EQ(printable("nul\0del\x7f"s), "nul\\x00del\\x7f");
    // Every byte outside ASCII, well-formed or not (as libsmartcols in the
    // C locale): the result is as wide as it is long.
    EXPECT_EQ(printable("caf\xc3\xa9"), "caf\\xc3\\xa9");
    EXPECT_EQ(printable("bad\xff\xfe"), "bad\\xff\\xfe");
    EXPECT_EQ(printable("\xc2\x9b"), "\\xc2\\x9b"); // C1 CSI
    // A backslash is escaped where it would read as an escape.
    EXPECT_EQ(printable("a\\x1b"), "a\\x5cx1b");
    EXPECT_EQ(printable("a\\b\\"), "a\\b\\");
    EXPECT_EQ(printable(""), "");
}

TEST(Format, ErrorMessagesShowTheirObjectPrintable)
{
    // An Error's object is a name or path as the kernel has it; the message
    // escapes it, once.
    EXPECT_EQ(sys_error("remove", "POSIX shared memory /a\x1b[2Jb", ENOENT).message(),
              "remove POSIX shared memory /a\\x1b[2Jb: not found");
    EXPECT_EQ(failure("open", "/tmp/x\ny", "not a FIFO").message(), "open /tmp/x\\x0ay: not a FIFO");
    EXPECT_EQ(usage_error("invalid size: '" + quote("4\x1b") + "'").message(), "invalid size: '4\\x1b'");
}
