// xipcs -o and --sort: the column list parser and its validation, then the
// rendering of a list it accepted (on objects made up here: nothing is read
// from the system); the same text as a --sort column, then the sort.  The
// first two bytes choose the rest of the request (kinds, -g -t -c -p, the
// format, -i/-N); the others are the -o text.
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "libipcutil/list/columns.hpp"
#include "libipcutil/list/lsipc.hpp"
#include "libipcutil/list/select_columns.hpp"
#include "libipcutil/list/sort.hpp"

namespace {

using namespace ipcutil;

constexpr Kind listed_kinds[] = {Kind::sysv_shm,  Kind::sysv_msg, Kind::sysv_sem,
                                 Kind::posix_shm, Kind::posix_mq, Kind::posix_sem};

TableRequest request_from(std::uint8_t a, std::uint8_t b, std::string_view columns)
{
    TableRequest r;
    for (unsigned i = 0; i < 6; ++i)
        if ((a & (1U << i)) != 0)
            r.kinds.push_back(listed_kinds[i]);
    r.global = (a & 0x40) != 0;
    r.noheadings = (a & 0x80) != 0;
    r.time_columns = (b & 0x01) != 0;
    r.creator_columns = (b & 0x02) != 0;
    r.pid_columns = (b & 0x04) != 0;
    static constexpr TableRequest::Format formats[] = {TableRequest::Format::table, TableRequest::Format::json,
                                                       TableRequest::Format::raw, TableRequest::Format::export_pairs,
                                                       TableRequest::Format::newline};
    r.format = formats[((b >> 3) & 7U) % 5];
    r.shell = (b & 0x40) != 0;
    if ((b & 0x80) != 0) {
        if ((a & 0x07) != 0)
            r.id = 1;
        else
            r.name = "x";
    }
    r.columns = std::string(columns);
    r.now = 1700000000;
    r.notruncate = true;
    return r;
}

Object sample(Kind kind, int n = 0)
{
    Object o;
    o.kind = kind;
    o.id = 1 + n;
    o.key = 0x1234;
    o.name = "x";
    o.path = "/dev/shm/x";
    o.mode = 0600;
    o.size = 4096U >> n;
    o.messages = 2;
    o.nsems = 3;
    o.cpid = 1;
    if (n != 2)
        o.ctime = 1700000000 - n; // one object with no time: unset sorts last
    if (kind == Kind::posix_mq) {
        o.maxmsg = 10;
        o.msgsize = 8192;
    }
    if (kind == Kind::posix_sem)
        o.value = 1;
    return o;
}

} // namespace

// The text as a --sort column: refused with one line, or a stable sort that
// keeps every object.
void sort_by(const std::vector<Kind>& kinds, std::string_view column)
{
    const auto valid = validate_sort_column(column, kinds);
    check_refusal(valid);
    if (!valid)
        return;
    std::vector<ObjectList> lists;
    for (Kind k : kinds)
        lists.push_back({k, {sample(k, 0), sample(k, 1), sample(k, 2)}});
    sort_lists(column, lists);
    for (const auto& s : lists)
        if (s.objects.size() != 3)
            __builtin_trap();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const TableRequest r = request_from(data[0], data[1], as_text(data + 2, size - 2));
    sort_by(r.kinds, *r.columns);
    const auto valid = validate_columns(r);
    check_refusal(valid);
    if (!valid) {
        if (!valid.error().usage)
            __builtin_trap(); // a bad list is bad usage (exit 2), never a failure
        return 0;
    }
    if (r.global)
        return 0; // -g reads the system's limits: not here
    // As xipcs reads them: -i looks at System V kinds only, -N at POSIX ones.
    ObjectsRead read;
    for (Kind k : objects_to_read(r).kinds)
        read.lists.push_back({k, {sample(k)}});
    const auto text = format_objects(r, read);
    if (!text) {
        check_refusal(text);
        return 0;
    }
    if (r.format == TableRequest::Format::json && (text->empty() || text->front() != '{'))
        __builtin_trap();
    return 0;
}
