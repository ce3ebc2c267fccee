#include "libipcutil/list/wire.hpp"

#include <cstdint>
#include <cstring>
#include <optional>

namespace ipcutil {
namespace {

// Little-endian fixed-width integers and length-prefixed strings; an
// optional is a presence byte and its value.  Both ends are the same
// binary, so no version is needed.
class Writer {
  public:
    void u64(std::uint64_t v)
    {
        char b[8];
        for (int i = 0; i < 8; ++i)
            b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
        out_.append(b, 8);
    }
    void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
    void str(std::string_view s)
    {
        u64(s.size());
        out_.append(s);
    }
    template <class T> void opt(const std::optional<T>& v)
    {
        u64(v ? 1 : 0);
        if (v)
            i64(static_cast<std::int64_t>(*v));
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    std::uint64_t u64()
    {
        if (in_.size() < 8) {
            ok_ = false;
            in_ = {};
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v |= std::uint64_t{static_cast<unsigned char>(in_[i])} << (8 * i);
        in_.remove_prefix(8);
        return v;
    }
    std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
    std::string str()
    {
        const std::uint64_t n = u64();
        if (n > in_.size()) {
            ok_ = false;
            in_ = {};
            return {};
        }
        std::string s(in_.substr(0, n));
        in_.remove_prefix(n);
        return s;
    }
    template <class T> std::optional<T> opt()
    {
        if (u64() == 0)
            return std::nullopt;
        return static_cast<T>(i64());
    }
    bool done() const { return in_.empty(); }

  private:
    std::string_view in_;
    bool ok_ = true;
};

void put(Writer& w, const Object& o)
{
    w.u64(static_cast<std::uint64_t>(o.kind));
    w.i64(o.id);
    w.i64(o.key);
    w.str(o.name);
    w.str(o.path);
    w.u64(o.inode);
    w.u64(o.dev);
    w.u64(o.uid);
    w.u64(o.gid);
    w.u64(o.cuid);
    w.u64(o.cgid);
    w.u64(o.mode);
    w.u64(o.size);
    w.u64(o.nattch);
    w.u64((o.dest ? 1 : 0) | (o.locked ? 2 : 0));
    w.u64(o.rss);
    w.u64(o.swap);
    w.u64(o.messages);
    w.u64(o.qbytes);
    w.u64(o.nsems);
    w.opt(o.maxmsg);
    w.opt(o.msgsize);
    w.opt(o.value);
    w.i64(o.cpid);
    w.i64(o.lpid);
    w.opt(o.atime);
    w.opt(o.dtime);
    w.opt(o.ctime);
}

// A kind as it travels; anything else makes the bytes malformed.
Kind get_kind(Reader& r, bool& ok)
{
    const std::uint64_t kind = r.u64();
    if (kind > static_cast<std::uint64_t>(Kind::fifo)) {
        ok = false;
        return Kind::sysv_shm;
    }
    return static_cast<Kind>(kind);
}

Object get(Reader& r, bool& ok)
{
    Object o;
    o.kind = get_kind(r, ok);
    o.id = static_cast<int>(r.i64());
    o.key = static_cast<key_t>(r.i64());
    o.name = r.str();
    o.path = r.str();
    o.inode = static_cast<ino_t>(r.u64());
    o.dev = r.u64();
    o.uid = static_cast<uid_t>(r.u64());
    o.gid = static_cast<gid_t>(r.u64());
    o.cuid = static_cast<uid_t>(r.u64());
    o.cgid = static_cast<gid_t>(r.u64());
    o.mode = static_cast<mode_t>(r.u64());
    o.size = r.u64();
    o.nattch = r.u64();
    const std::uint64_t flags = r.u64();
    o.dest = (flags & 1) != 0;
    o.locked = (flags & 2) != 0;
    o.rss = r.u64();
    o.swap = r.u64();
    o.messages = r.u64();
    o.qbytes = r.u64();
    o.nsems = r.u64();
    o.maxmsg = r.opt<long>();
    o.msgsize = r.opt<long>();
    o.value = r.opt<long>();
    o.cpid = static_cast<pid_t>(r.i64());
    o.lpid = static_cast<pid_t>(r.i64());
    o.atime = r.opt<std::time_t>();
    o.dtime = r.opt<std::time_t>();
    o.ctime = r.opt<std::time_t>();
    return o;
}

} // namespace

void append_read(std::string& stream, const ReadOrFailure& one)
{
    Writer w;
    w.u64(one.failed ? 1 : 0);
    w.str(one.bytes);
    stream += w.take();
}

Result<std::vector<ReadOrFailure>> split_reads(std::string_view stream)
{
    Reader r(stream);
    std::vector<ReadOrFailure> out;
    while (r.ok() && !r.done()) {
        ReadOrFailure one;
        const std::uint64_t failed = r.u64();
        one.failed = failed != 0;
        one.bytes = r.str();
        if (failed > 1)
            break;
        out.push_back(std::move(one));
    }
    if (!r.ok() || !r.done())
        return std::unexpected(failure("read", "the listing of a namespace", "it came back cut short"));
    return out;
}

std::string encode_read(const std::vector<ObjectList>& lists, const Problems& problems)
{
    Writer w;
    w.u64(lists.size());
    for (const ObjectList& list : lists) {
        w.u64(static_cast<std::uint64_t>(list.kind));
        w.u64(list.objects.size());
        for (const Object& o : list.objects)
            put(w, o);
    }
    w.u64(problems.lines().size());
    for (const std::string& line : problems.lines())
        w.str(line);
    w.u64(static_cast<std::uint64_t>(problems.failures()));
    return w.take();
}

Result<NamespaceRead> decode_read(std::string_view bytes)
{
    Reader r(bytes);
    NamespaceRead read;
    bool kinds_ok = true;
    const std::uint64_t nlists = r.u64();
    for (std::uint64_t i = 0; r.ok() && kinds_ok && i < nlists && i <= static_cast<std::uint64_t>(Kind::fifo); ++i) {
        ObjectList list;
        list.kind = get_kind(r, kinds_ok);
        const std::uint64_t n = r.u64();
        for (std::uint64_t j = 0; r.ok() && kinds_ok && j < n; ++j)
            list.objects.push_back(get(r, kinds_ok));
        read.lists.push_back(std::move(list));
    }
    const std::uint64_t nlines = r.u64();
    for (std::uint64_t i = 0; r.ok() && i < nlines; ++i)
        read.lines.push_back(r.str());
    read.failures = static_cast<int>(r.u64());
    if (!r.ok() || !kinds_ok || !r.done() || read.lists.size() != nlists)
        return std::unexpected(failure("read", "the listing of a namespace", "it came back cut short"));
    return read;
}

} // namespace ipcutil
