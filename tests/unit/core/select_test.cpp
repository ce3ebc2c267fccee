#include <gtest/gtest.h>

#include "libipcutil/core/error.hpp"
#include "libipcutil/core/parse.hpp"
#include "libipcutil/core/select.hpp"

using namespace ipcutil;

TEST(Selector, Guesses)
{
    auto s = parse_selector("/jobs").value();
    EXPECT_EQ(s.type, Selector::Type::name);
    EXPECT_EQ(s.name, "jobs");
    EXPECT_EQ(s.folder, Selector::Folder::any);

    s = parse_selector("/dev/shm/seg").value();
    EXPECT_EQ(s.type, Selector::Type::name);
    EXPECT_EQ(s.name, "seg");
    EXPECT_EQ(s.folder, Selector::Folder::shm);

    s = parse_selector("/dev/mqueue/q").value();
    EXPECT_EQ(s.name, "q");
    EXPECT_EQ(s.folder, Selector::Folder::mqueue);

    s = parse_selector("42").value();
    EXPECT_EQ(s.type, Selector::Type::id);
    EXPECT_EQ(s.id, 42);

    s = parse_selector("0x1f").value();
    EXPECT_EQ(s.type, Selector::Type::key);
    EXPECT_EQ(s.key, 0x1f);
}

TEST(Selector, RefusesPathsAndJunk)
{
    for (const char* bad : {"", "/etc/passwd", "/dev/shm/../etc/passwd", "/dev/shm/a/b", "/dev/shm/", "jobs", "-1",
                            "0x0", "0xzz", "/dev/shmx/a", "/tmp/x", "/.."}) {
        auto r = parse_selector(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().usage) << bad;
        EXPECT_EQ(r.error().exit_code(), exit_usage);
    }
}

TEST(Selector, ExplicitForms)
{
    EXPECT_EQ(selector_from_id("7").value().id, 7);
    EXPECT_FALSE(selector_from_id("0x7"));
    EXPECT_EQ(selector_from_key("77").value().key, 77);
    EXPECT_FALSE(selector_from_key("0"));
    EXPECT_EQ(selector_from_name("x").value().name, "x");
    EXPECT_FALSE(selector_from_name("a/b"));
}

TEST(Selector, FormOverridesTheGuess)
{
    // Each form reads the same text its own way.
    EXPECT_EQ(parse_selector("42", SelectorForm::guess).value().type, Selector::Type::id);
    auto s = parse_selector("42", SelectorForm::name).value();
    EXPECT_EQ(s.type, Selector::Type::name);
    EXPECT_EQ(s.name, "42");
    s = parse_selector("42", SelectorForm::key).value();
    EXPECT_EQ(s.type, Selector::Type::key);
    EXPECT_EQ(s.key, 42);
    s = parse_selector("052", SelectorForm::key).value();
    EXPECT_EQ(s.key, 052);
    s = parse_selector("/dev/mqueue/q", SelectorForm::name).value();
    EXPECT_EQ(s.name, "q");
    EXPECT_EQ(s.folder, Selector::Folder::mqueue);
    EXPECT_EQ(parse_selector("7", SelectorForm::id).value().id, 7);
    // ... and refuses what does not fit it, as a usage error.
    for (auto [text, form] :
         {std::pair{"0x10", SelectorForm::id}, std::pair{"/x", SelectorForm::id}, std::pair{"/x", SelectorForm::key},
          std::pair{"x", SelectorForm::key}, std::pair{"/etc/passwd", SelectorForm::name},
          std::pair{"..", SelectorForm::name}, std::pair{"", SelectorForm::name}}) {
        auto r = parse_selector(text, form);
        ASSERT_FALSE(r) << text;
        EXPECT_EQ(r.error().exit_code(), exit_usage) << text;
    }
}

TEST(Error, OneLine)
{
    EXPECT_EQ(sys_error("remove", "shared memory id 42", EACCES).message(),
              "remove shared memory id 42: Permission denied");
    EXPECT_EQ(sys_error("remove", "message queue id 3", EIDRM).message(), "remove message queue id 3: already removed");
    EXPECT_EQ(failure("open", "/dev/shm/x", "not a regular file").message(), "open /dev/shm/x: not a regular file");
    EXPECT_EQ(usage_error("invalid id: 'x'").message(), "invalid id: 'x'");
    EXPECT_EQ(usage_error("x").exit_code(), exit_usage);
    EXPECT_EQ(sys_error("a", "b", ENOENT).exit_code(), exit_failure);
}

TEST(Error, QuoteKeepsMessagesOnOneLine)
{
    EXPECT_EQ(quote("plain /x-1"), "plain /x-1");
    EXPECT_EQ(quote(std::string_view("a\nb\0c", 5)), "a\\x0ab\\x00c");
    // quote is printable(): a backslash is escaped only where it would read
    // as an escape.
    EXPECT_EQ(quote("\xff\\"), "\\xff\\");
    EXPECT_EQ(quote("\\x1b"), "\\x5cx1b");
    const auto message = parse_selector("1\n2").error().message();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(Selector, TheWrongFolderIsRefusedInOnePlace)
{
    const auto sel = [](std::string_view text) { return parse_selector(text).value(); };
    EXPECT_EQ(selector_for(sel("/dev/shm/x"), Kind::posix_shm).value().name, "x");
    EXPECT_EQ(selector_for(sel("/dev/mqueue/q"), Kind::posix_mq).value().name, "q");
    EXPECT_EQ(selector_for(sel("/x"), Kind::posix_mq).value().name, "x");
    EXPECT_EQ(selector_for(sel("42"), Kind::posix_mq).value().id, 42); // System V passes
    // /dev/shm/sem.NAME is semaphore NAME.
    EXPECT_EQ(selector_for(sel("/dev/shm/sem.lock"), Kind::posix_sem).value().name, "lock");
    EXPECT_EQ(selector_for(sel("/lock"), Kind::posix_sem).value().name, "lock");
    const auto refusal = [&](std::string_view text, Kind kind) {
        auto r = selector_for(sel(text), kind);
        EXPECT_FALSE(r) << text;
        EXPECT_TRUE(!r && r.error().usage) << text;
        return r ? std::string() : r.error().message();
    };
    EXPECT_EQ(refusal("/dev/mqueue/q", Kind::posix_shm),
              "invalid object: '/dev/mqueue/q' (not shared memory: /dev/mqueue holds message queues)");
    EXPECT_EQ(refusal("/dev/shm/q", Kind::posix_mq),
              "invalid object: '/dev/shm/q' (not a message queue: /dev/shm holds shared memory and semaphores)");
    EXPECT_EQ(refusal("/dev/shm/lock", Kind::posix_sem),
              "invalid object: '/dev/shm/lock' (not a semaphore: semaphore files are /dev/shm/sem.NAME)");
    EXPECT_EQ(refusal("/dev/shm/sem.", Kind::posix_sem),
              "invalid object: '/dev/shm/sem.' (not a semaphore: semaphore files are /dev/shm/sem.NAME)");
    EXPECT_EQ(refusal("/dev/mqueue/s", Kind::posix_sem),
              "invalid object: '/dev/mqueue/s' (not a semaphore: /dev/mqueue holds message queues)");
}
