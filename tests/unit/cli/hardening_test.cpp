// Regressions found by the fuzz targets and the bad-input matrix: each
// input here once crashed a parser or gave a message of more than one line.
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "cli/cli.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/list/select_columns.hpp"

using namespace ipcutil;
using namespace std::chrono_literals;

TEST(HardeningDuration, NumbersOutOfRangeForADoubleAreRefusedNotThrown)
{
    // std::stod threw std::out_of_range on these (mqsend -T 1e400-ish input).
    const std::string huge = "1" + std::string(400, '0');
    const auto r = parse_duration(huge + "ms");
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().usage);
    EXPECT_TRUE(r.error().message().starts_with("duration too long: '1000"));
    EXPECT_FALSE(parse_duration(huge + ".5"));
    EXPECT_FALSE(parse_duration(std::string(400, '2') + "d"));
    // A fraction too small for a double is 0 ms, as 0.0001 is.
    EXPECT_EQ(parse_duration("0." + std::string(400, '0') + "1").value(), 0ms);
    EXPECT_EQ(parse_duration("." + std::string(400, '0') + "1s").value(), 0ms);
    EXPECT_EQ(parse_duration("0.0001").value(), 0ms);
}

TEST(HardeningColumns, ABadColumnNameIsQuotedOnOneLine)
{
    TableRequest r;
    r.kinds = {Kind::sysv_shm};
    for (const char* list : {"KEY\nX", "+MTIME\ne", "\x1b[31m", "KEY,\r"}) {
        r.columns = list;
        const auto v = validate_columns(r);
        ASSERT_FALSE(v) << list;
        EXPECT_TRUE(v.error().usage);
        EXPECT_EQ(v.error().message().find_first_of("\n\r\x1b"), std::string::npos) << v.error().message();
    }
    r.columns = "KEY\nX";
    EXPECT_EQ(validate_columns(r).error().message(), "unknown column: 'KEY\\x0aX'");
}

namespace {

// What cli::report writes on stderr.
std::string reported(std::string_view message)
{
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    const int saved = ::dup(STDERR_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    cli::report(message);
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    ::close(fds[1]);
    std::string out;
    char buf[512];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
        out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    return out;
}

} // namespace

TEST(HardeningReport, EveryReportIsOneLine)
{
    cli::set_program("xipctest");
    EXPECT_EQ(reported("open POSIX message queue /a\nb: not found"),
              "xipctest: open POSIX message queue /a\\x0ab: not found\n");
    EXPECT_EQ(reported("tab\there, escape\x1b, del\x7f"), "xipctest: tab\\x09here, escape\\x1b, del\\x7f\n");
    // UTF-8 names stay readable.
    EXPECT_EQ(reported("remove POSIX shared memory /caf\xc3\xa9: not found"),
              "xipctest: remove POSIX shared memory /caf\xc3\xa9: not found\n");
}
