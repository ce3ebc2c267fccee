#include "fuzz_common.hpp"
#include "libipcutil/list/wire.hpp"

// What a child hands back, read as bytes from a pipe: malformed bytes are a
// failure, never a crash; what decodes, encoded again, decodes to the same.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    auto read = ipcutil::decode_read(as_text(data, size));
    if (!read)
        return 0;
    const auto encode = [](const ipcutil::NamespaceRead& r) {
        ipcutil::Problems problems;
        problems.merge(r.lines, r.failures);
        return ipcutil::encode_read(r.lists, problems);
    };
    const std::string once = encode(*read);
    auto again = ipcutil::decode_read(once);
    if (!again || encode(*again) != once)
        __builtin_trap();
    return 0;
}
