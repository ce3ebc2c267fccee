#include <cerrno>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "libipcutil/data/fanout.hpp"
#include "libipcutil/data/fanout_policy.hpp"

using namespace ipcutil::fanout;

namespace {

// A reader's pipe: takes up to `room` bytes, then reports it is full.
class FakeSink : public Sink {
  public:
    std::expected<std::size_t, int> write(std::string_view data) override
    {
        if (error != 0)
            return std::unexpected(error);
        const auto n = std::min(room, data.size());
        got.append(data.substr(0, n));
        room -= n;
        return n;
    }

    std::size_t room = 0;
    int error = 0;
    std::string got;
};

std::uint64_t seen(const Lane& lane)
{
    return lane.stats().written + lane.stats().dropped + lane.queued();
}

} // namespace

TEST(FanoutParse, Policy)
{
    EXPECT_EQ(parse_policy("block").value(), Policy::block);
    EXPECT_EQ(parse_policy("drop").value(), Policy::drop);
    EXPECT_EQ(parse_policy("buffer").value(), Policy::buffer);
    for (const char* bad : {"", "Block", "buf", "drop ", "lossless"}) {
        auto r = parse_policy(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().usage);
    }
}

TEST(FanoutParse, OutputErrorModesAndPrefixes)
{
    EXPECT_EQ(parse_output_error("warn").value(), OutputError::warn);
    EXPECT_EQ(parse_output_error("warn-nopipe").value(), OutputError::warn_nopipe);
    EXPECT_EQ(parse_output_error("exit").value(), OutputError::exit);
    EXPECT_EQ(parse_output_error("exit-nopipe").value(), OutputError::exit_nopipe);
    // As GNU tee's argmatch: an exact name wins, an unambiguous prefix is enough.
    EXPECT_EQ(parse_output_error("warn-n").value(), OutputError::warn_nopipe);
    EXPECT_EQ(parse_output_error("exit-").value(), OutputError::exit_nopipe);
    EXPECT_EQ(parse_output_error("e").error().message().find("ambiguous"), 0U);
    for (const char* bad : {"", "w", "quiet", "warn-nopipes"}) {
        auto r = parse_output_error(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().usage);
    }
}

TEST(FanoutLane, BlockQueuesWhatDoesNotFitAndWaits)
{
    Lane lane(Policy::block, 0, false);
    FakeSink sink;
    sink.room = 4;
    ASSERT_TRUE(lane.offer("0123456789", sink));
    EXPECT_EQ(sink.got, "0123");
    EXPECT_EQ(lane.queued(), 6U);
    EXPECT_TRUE(lane.must_wait());
    sink.room = 100;
    ASSERT_TRUE(lane.flush(sink));
    EXPECT_EQ(sink.got, "0123456789");
    EXPECT_FALSE(lane.must_wait());
    EXPECT_EQ(lane.stats().written, 10U);
    EXPECT_EQ(lane.stats().dropped, 0U);
}

TEST(FanoutLane, DropLosesWhatDoesNotFitAtOnce)
{
    Lane lane(Policy::drop, 1024, false);
    FakeSink sink;
    sink.room = 5;
    ASSERT_TRUE(lane.offer("0123456789", sink));
    EXPECT_EQ(sink.got, "01234");
    EXPECT_EQ(lane.queued(), 0U);
    EXPECT_FALSE(lane.must_wait());
    EXPECT_EQ(lane.stats().written, 5U);
    EXPECT_EQ(lane.stats().dropped, 5U);
    sink.room = 3;
    ASSERT_TRUE(lane.offer("abcdef", sink));
    EXPECT_EQ(sink.got, "01234abc");
    EXPECT_EQ(lane.stats().dropped, 8U);
}

TEST(FanoutLane, BufferQueuesUpToItsLimitInOrder)
{
    Lane lane(Policy::buffer, 8, false);
    FakeSink sink;
    sink.room = 2;
    ASSERT_TRUE(lane.offer("abcdefghijklmnopqrst", sink));
    EXPECT_EQ(sink.got, "ab");
    EXPECT_EQ(lane.queued(), 8U);
    EXPECT_EQ(lane.stats().dropped, 10U);
    EXPECT_FALSE(lane.must_wait());
    // The queue goes out before the next chunk.
    sink.room = 100;
    ASSERT_TRUE(lane.offer("XYZ", sink));
    EXPECT_EQ(sink.got, "abcdefghijXYZ");
    EXPECT_EQ(lane.queued(), 0U);
    EXPECT_EQ(lane.stats().written, 13U);
}

TEST(FanoutLane, WholeLinesFinishesABegunLineAndDropsTheNext)
{
    Lane lane(Policy::drop, 1024, true);
    FakeSink sink;
    sink.room = 7;
    ASSERT_TRUE(lane.offer("aaa\nbbbbbb\ncc\n", sink));
    EXPECT_EQ(sink.got, "aaa\nbbb");
    EXPECT_EQ(lane.queued(), 4U);        // "bbb\n": the line this reader has begun
    EXPECT_EQ(lane.stats().dropped, 3U); // "cc\n"
    sink.room = 100;
    ASSERT_TRUE(lane.flush(sink));
    EXPECT_EQ(sink.got, "aaa\nbbbbbb\n");
}

TEST(FanoutLane, WholeLinesDropsALineToItsEndAcrossChunks)
{
    Lane lane(Policy::drop, 1024, true);
    FakeSink sink;
    ASSERT_TRUE(lane.offer("abc", sink));
    EXPECT_EQ(lane.stats().dropped, 3U);
    sink.room = 100;
    ASSERT_TRUE(lane.offer("def", sink));
    ASSERT_TRUE(lane.offer("ghi\njkl\n", sink));
    EXPECT_EQ(sink.got, "jkl\n");
    EXPECT_EQ(lane.stats().dropped, 10U);
}

TEST(FanoutLane, WholeLinesBufferKeepsOnlyWholeLinesInTheQueue)
{
    Lane lane(Policy::buffer, 6, true);
    FakeSink sink;
    ASSERT_TRUE(lane.offer("ab\ncd\nef\ngh\n", sink));
    EXPECT_EQ(lane.queued(), 6U);
    EXPECT_EQ(lane.stats().dropped, 6U);
    sink.room = 100;
    ASSERT_TRUE(lane.flush(sink));
    EXPECT_EQ(sink.got, "ab\ncd\n");
}

TEST(FanoutLane, WholeLinesWaitsWhenABegunLineOutgrowsTheAllowance)
{
    Lane lane(Policy::drop, 4, true);
    FakeSink sink;
    sink.room = 1;
    ASSERT_TRUE(lane.offer("abcdefghij", sink));
    EXPECT_EQ(lane.queued(), 9U);
    EXPECT_TRUE(lane.must_wait());
    sink.room = 5;
    ASSERT_TRUE(lane.flush(sink));
    EXPECT_EQ(lane.queued(), 4U);
    EXPECT_FALSE(lane.must_wait());
}

TEST(FanoutLane, ALateReaderStartsAtTheNextLine)
{
    Lane lane(Policy::block, 0, true);
    FakeSink sink;
    sink.room = 100;
    lane.connect(false);
    ASSERT_TRUE(lane.offer("tail of a line\nnext\n", sink));
    EXPECT_EQ(sink.got, "next\n");
    EXPECT_EQ(lane.stats().dropped, 15U);
    // Without --whole-lines the reader takes the stream as it comes.
    Lane plain(Policy::block, 0, false);
    FakeSink all;
    all.room = 100;
    plain.connect(false);
    ASSERT_TRUE(plain.offer("tail\nnext\n", all));
    EXPECT_EQ(all.got, "tail\nnext\n");
}

TEST(FanoutLane, ErrorsDropTheRestAndReconnectsAreCounted)
{
    Lane lane(Policy::buffer, 100, false);
    FakeSink sink;
    sink.room = 3;
    ASSERT_TRUE(lane.offer("0123456789", sink));
    EXPECT_EQ(lane.queued(), 7U);
    sink.error = EPIPE;
    auto r = lane.offer("abcde", sink);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), EPIPE);
    lane.disconnect();
    EXPECT_EQ(lane.queued(), 0U);
    EXPECT_EQ(lane.stats().written, 3U);
    EXPECT_EQ(lane.stats().dropped, 12U);
    lane.skip(5);
    EXPECT_EQ(lane.stats().reconnects, 0U);
    lane.connect(true);
    EXPECT_EQ(lane.stats().reconnects, 1U);
    EXPECT_EQ(lane.stats().dropped, 17U);
}

// Every byte offered is written, dropped or still queued, under any policy
// and any pattern of room; with whole lines the reader sees only input lines,
// whole and in order.
TEST(FanoutLane, AccountsForEveryByteAndNeverTearsALine)
{
    std::string input;
    for (int i = 0; i < 3000; ++i)
        input += "line " + std::to_string(i) + std::string(static_cast<std::size_t>(i * 7 % 53), '.') + "\n";
    for (const Policy policy : {Policy::block, Policy::drop, Policy::buffer}) {
        for (const bool whole : {false, true}) {
            std::mt19937 random(42);
            Lane lane(policy, 300, whole);
            FakeSink sink;
            std::size_t at = 0;
            while (at < input.size()) {
                const auto chunk = std::min<std::size_t>(random() % 700 + 1, input.size() - at);
                sink.room = random() % 500;
                ASSERT_TRUE(lane.offer(std::string_view(input).substr(at, chunk), sink));
                at += chunk;
                ASSERT_EQ(seen(lane), at);
            }
            sink.room = input.size();
            ASSERT_TRUE(lane.flush(sink));
            EXPECT_EQ(lane.queued(), 0U);
            EXPECT_EQ(lane.stats().written + lane.stats().dropped, input.size());
            EXPECT_EQ(sink.got.size(), lane.stats().written);
            if (policy == Policy::block) {
                EXPECT_EQ(sink.got, input);
            } else {
                EXPECT_GT(lane.stats().dropped, 0U);
            }
            if (whole) {
                ASSERT_TRUE(sink.got.empty() || sink.got.back() == '\n');
                std::size_t from = 0;
                std::size_t search = 0;
                while (from < sink.got.size()) {
                    const auto eol = sink.got.find('\n', from);
                    const auto line = sink.got.substr(from, eol - from + 1);
                    const auto where = input.find(line, search);
                    ASSERT_NE(where, std::string::npos) << line;
                    ASSERT_TRUE(where == 0 || input[where - 1] == '\n') << line;
                    search = where + line.size();
                    from = eol + 1;
                }
            }
        }
    }
}
