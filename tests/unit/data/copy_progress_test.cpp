#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "libipcutil/data/copy_progress.hpp"

using namespace ipcutil;

TEST(ProgressText, DoneTotalPercentRate)
{
    EXPECT_EQ(progress_text(512 << 20, 1ULL << 30, 0), "512.0 MiB of 1.0 GiB (50%)");
    EXPECT_EQ(progress_text(512 << 20, 1ULL << 30, 0.5), "512.0 MiB of 1.0 GiB (50%), 1.0 GiB/s");
    EXPECT_EQ(progress_text(0, 0, 0), "0 B of 0 B (100%)");
    EXPECT_EQ(progress_text(1, 3, 0), "1 B of 3 B (33%)");
}

namespace {

// A meter on a clock the test moves by hand, collecting what it shows.
struct Fixture {
    ProgressMeter::Clock::time_point now{};
    std::vector<std::string> lines;
    ProgressMeter make(ProgressMode mode, bool terminal, std::uint64_t total = 4 << 20)
    {
        return ProgressMeter(
            mode, "shmcat: /x", total, terminal, [this](std::string_view l) { lines.emplace_back(l); },
            [this] { return now; });
    }
};

} // namespace

TEST(ProgressMeter, OnShowsAtOnceThenALineASecondAndTheEnd)
{
    Fixture f;
    auto m = f.make(ProgressMode::on, false);
    m.update(1 << 20);
    f.now += std::chrono::milliseconds(500);
    m.update(2 << 20); // too soon
    f.now += std::chrono::milliseconds(600);
    m.update(3 << 20);
    m.finish(4 << 20);
    ASSERT_EQ(f.lines.size(), 3U);
    EXPECT_EQ(f.lines[0], "shmcat: /x: 1.0 MiB of 4.0 MiB (25%)\n");
    EXPECT_EQ(f.lines[1], "shmcat: /x: 3.0 MiB of 4.0 MiB (75%), 2.7 MiB/s\n");
    EXPECT_EQ(f.lines[2], "shmcat: /x: 4.0 MiB of 4.0 MiB (100%), 3.6 MiB/s\n");
}

TEST(ProgressMeter, TerminalRewritesOneLine)
{
    Fixture f;
    auto m = f.make(ProgressMode::on, true);
    m.update(1 << 20);
    f.now += std::chrono::milliseconds(100);
    m.update(2 << 20); // within 200 ms: skipped
    f.now += std::chrono::milliseconds(150);
    m.update(3 << 20);
    m.finish(4 << 20);
    ASSERT_EQ(f.lines.size(), 3U);
    EXPECT_EQ(f.lines[0], "\rshmcat: /x: 1.0 MiB of 4.0 MiB (25%)\x1b[K");
    EXPECT_EQ(f.lines[1], "\rshmcat: /x: 3.0 MiB of 4.0 MiB (75%), 12.0 MiB/s\x1b[K");
    EXPECT_EQ(f.lines[2], "\rshmcat: /x: 4.0 MiB of 4.0 MiB (100%), 16.0 MiB/s\x1b[K\n");
}

TEST(ProgressMeter, AutomaticWaitsASecondAndSaysNothingForQuickCopies)
{
    Fixture f;
    auto quick = f.make(ProgressMode::automatic, true);
    f.now += std::chrono::milliseconds(900);
    quick.update(4 << 20);
    quick.finish(4 << 20);
    EXPECT_TRUE(f.lines.empty());

    auto slow = f.make(ProgressMode::automatic, true);
    f.now += std::chrono::milliseconds(1000);
    slow.update(2 << 20);
    slow.finish(4 << 20);
    ASSERT_EQ(f.lines.size(), 2U);
    EXPECT_EQ(f.lines[1], "\rshmcat: /x: 4.0 MiB of 4.0 MiB (100%), 4.0 MiB/s\x1b[K\n");
}

TEST(ProgressMeter, OffSaysNothing)
{
    Fixture f;
    auto m = f.make(ProgressMode::off, true);
    EXPECT_FALSE(m.callback());
    m.update(1);
    m.finish(1);
    EXPECT_TRUE(f.lines.empty());
}
