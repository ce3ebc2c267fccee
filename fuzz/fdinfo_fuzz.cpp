#include <fcntl.h>

#include "fuzz_common.hpp"
#include "libipcutil/kernel/fifos.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto flags = ipcutil::parse_fdinfo_flags(as_text(data, size));
    // Every access mode but the invalid 3 reads or writes.
    if (flags && (*flags & O_ACCMODE) != 3 && !ipcutil::flags_read(*flags) && !ipcutil::flags_write(*flags))
        __builtin_trap();
    return 0;
}
