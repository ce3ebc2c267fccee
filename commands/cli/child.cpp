#include "cli/child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "libipcutil/core/handles.hpp"

namespace ipcutil::cli {
namespace {

// What the child sends: 'o' and the bytes, or 'e' and the Error's fields
// separated by NULs.
std::string message_of(const Result<std::string>& result)
{
    if (result)
        return "o" + *result;
    const Error& e = result.error();
    std::string out = "e";
    for (const std::string& field : {e.op, e.object, std::to_string(e.err), e.detail})
        out.append(field).push_back('\0');
    return out;
}

Error error_of(std::string_view text)
{
    std::string fields[4];
    for (std::string& field : fields) {
        const std::size_t end = std::min(text.find('\0'), text.size());
        field = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    Error e;
    e.op = fields[0];
    e.object = fields[1];
    e.err = std::atoi(fields[2].c_str());
    e.detail = fields[3];
    return e;
}

void send(int fd, std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace

Result<std::string> run_in_child(const ChildWork& work)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0)
        return std::unexpected(sys_error("make a pipe to", "a child process", errno));
    Fd from_child(fds[0]);
    Fd to_parent(fds[1]);
    Out::get().flush();
    const pid_t pid = ::fork();
    if (pid < 0)
        return std::unexpected(sys_error("start", "a child process", errno));
    if (pid == 0) {
        from_child.reset();
        send(to_parent.get(), message_of(work()));
        ::_exit(0);
    }
    to_parent.reset();
    std::string bytes;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(from_child.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        bytes.append(buf, static_cast<std::size_t>(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status))
        return std::unexpected(failure("finish", fmt::format("child process {}", pid),
                                       fmt::format("killed by signal {}", strsignal(WTERMSIG(status)))));
    if (bytes.empty())
        return std::unexpected(failure("finish", fmt::format("child process {}", pid), "it gave nothing back"));
    if (bytes[0] == 'e')
        return std::unexpected(error_of(std::string_view(bytes).substr(1)));
    return bytes.substr(1);
}

} // namespace ipcutil::cli
