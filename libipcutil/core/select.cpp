#include "libipcutil/core/select.hpp"

#include <fmt/format.h>

#include "libipcutil/core/parse.hpp"

namespace ipcutil {

Result<Selector> selector_from_id(std::string_view text)
{
    auto id = parse_id(text);
    if (!id)
        return std::unexpected(id.error());
    return Selector{Selector::Type::id, *id, 0, {}, Selector::Folder::any, std::string(text)};
}

Result<Selector> selector_from_key(std::string_view text)
{
    auto key = parse_key(text);
    if (!key)
        return std::unexpected(key.error());
    return Selector{Selector::Type::key, -1, *key, {}, Selector::Folder::any, std::string(text)};
}

Result<Selector> selector_from_name(std::string_view text)
{
    auto folder = Selector::Folder::any;
    std::string_view rest = text;
    for (auto [prefix, f] : {std::pair{std::string_view("/dev/shm/"), Selector::Folder::shm},
                             std::pair{std::string_view("/dev/mqueue/"), Selector::Folder::mqueue}}) {
        if (rest.starts_with(prefix)) {
            rest.remove_prefix(prefix.size());
            folder = f;
            break;
        }
    }
    auto name = parse_posix_name(rest);
    if (!name)
        return std::unexpected(name.error());
    return Selector{Selector::Type::name, -1, 0, std::move(*name), folder, std::string(text)};
}

Result<Selector> parse_selector(std::string_view text)
{
    if (text.empty())
        return std::unexpected(usage_error("empty object name"));
    if (text.front() == '/') {
        const std::size_t slash = text.find('/', 1);
        if (slash != std::string_view::npos && !text.starts_with("/dev/shm/") && !text.starts_with("/dev/mqueue/"))
            return std::unexpected(usage_error(fmt::format(
                "invalid object: '{}' (a path outside /dev/shm and /dev/mqueue names no IPC object)", quote(text))));
        return selector_from_name(text);
    }
    if (text.starts_with("0x") || text.starts_with("0X"))
        return selector_from_key(text);
    if (text.find_first_not_of("0123456789") == std::string_view::npos)
        return selector_from_id(text);
    return std::unexpected(
        usage_error(fmt::format("invalid object: '{}' (expected /NAME, a System V id or a 0x key)", quote(text))));
}

Result<Selector> selector_for(const Selector& selector, Kind posix_kind)
{
    if (selector.type != Selector::Type::name || selector.folder == Selector::Folder::any)
        return selector;
    const auto refuse = [&](std::string_view why) -> Result<Selector> {
        return std::unexpected(usage_error(fmt::format("invalid object: '{}' ({})", quote(selector.text), why)));
    };
    const bool mqueue = selector.folder == Selector::Folder::mqueue;
    switch (posix_kind) {
    case Kind::posix_mq:
        if (!mqueue)
            return refuse("not a message queue: /dev/shm holds shared memory and semaphores");
        return selector;
    case Kind::posix_sem: {
        if (mqueue)
            return refuse("not a semaphore: /dev/mqueue holds message queues");
        if (!selector.name.starts_with("sem.") || selector.name.size() == 4)
            return refuse("not a semaphore: semaphore files are /dev/shm/sem.NAME");
        Selector s = selector;
        s.name.erase(0, 4);
        return s;
    }
    default:
        if (mqueue)
            return refuse("not shared memory: /dev/mqueue holds message queues");
        return selector;
    }
}

Result<Selector> parse_selector(std::string_view text, SelectorForm form)
{
    switch (form) {
    case SelectorForm::id: return selector_from_id(text);
    case SelectorForm::key: return selector_from_key(text);
    case SelectorForm::name: return selector_from_name(text);
    case SelectorForm::guess: break;
    }
    return parse_selector(text);
}

} // namespace ipcutil
