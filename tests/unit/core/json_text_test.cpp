#include <gtest/gtest.h>

#include "libipcutil/core/json_text.hpp"

using namespace ipcutil;
using namespace std::string_literals;

TEST(JsonString, PlainText)
{
    EXPECT_EQ(json_string(""), "\"\"");
    EXPECT_EQ(json_string("jobs"), "\"jobs\"");
    EXPECT_EQ(json_string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
              "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

TEST(JsonString, Escapes)
{
    EXPECT_EQ(json_string("a\"b\\c"), R"("a\"b\\c")");
    EXPECT_EQ(json_string("\n\r\t\b\f"), R"("\n\r\t\b\f")");
    EXPECT_EQ(json_string("\x01\x1f\x7f"), R"("\u0001\u001f\u007f")");
    EXPECT_EQ(json_string("a\0b"s), R"("a\u0000b")");
    EXPECT_EQ(json_string("</script>"), "\"</script>\"");
}

TEST(JsonString, InvalidUtf8BecomesReplacement)
{
    EXPECT_EQ(json_string("\xff"), R"("\ufffd")");
    EXPECT_EQ(json_string("a\xc3"), R"("a\ufffd")");                             // truncated
    EXPECT_EQ(json_string("\xc0\xaf"), R"("\ufffd\ufffd")");                     // overlong '/'
    EXPECT_EQ(json_string("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");           // surrogate
    EXPECT_EQ(json_string("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")"); // past U+10FFFF
    EXPECT_EQ(json_string("\xe2\x82x"), R"("\ufffd\ufffdx")");
}

TEST(JsonObject, FieldsInOrderWithTypes)
{
    JsonObject o;
    o.add("kind", "sysv-shm").add("id", 5).add("size", std::uint64_t{1048576}).add("neg", -3L);
    o.add("ok", true).add_null("time").add_raw("list", "[1, 2]").add("name", std::string("a\"b"));
    EXPECT_EQ(o.str(), R"({"kind": "sysv-shm", "id": 5, "size": 1048576, "neg": -3, "ok": true, "time": null, )"
                       R"("list": [1, 2], "name": "a\"b"})");
    EXPECT_EQ(JsonObject().str(), "{}");
}
