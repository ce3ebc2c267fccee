#include "fuzz_common.hpp"
#include "libipcutil/kernel/posix.hpp"
#include "libipcutil/kernel/sysv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    // The first byte picks the file; the rest is its text.
    const auto text = as_text(data + 1, size - 1);
    static constexpr ipcutil::Kind kinds[] = {ipcutil::Kind::sysv_shm, ipcutil::Kind::sysv_msg,
                                              ipcutil::Kind::sysv_sem};
    std::size_t bad = 0;
    const auto objects = ipcutil::parse_proc_sysvipc(kinds[data[0] % 3], text, &bad);
    for (const auto& o : objects)
        if (o.id < 0 || o.mode > 0777)
            __builtin_trap();
    (void)ipcutil::parse_mq_qsize(text);
    return 0;
}
