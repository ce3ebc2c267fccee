// cli::App: a command line read as getopt_long reads it, then bound by
// CLI11, with every outcome and message ours.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/cli.hpp"

using namespace ipcutil;
using ::testing::ElementsAre;
using Outcome = cli::Reading::Outcome;

namespace {

// A command with one of each kind of option.
struct Options {
    bool verbose = false, dry_run = false;
    std::optional<std::string> id;
    std::vector<std::string> keys;
    cli::OptionalValue all;
    SelectorForm form = SelectorForm::guess;
    std::vector<std::string> operands;
};

cli::App make_app(Options& o)
{
    cli::set_program("xipctest");
    cli::App app("A test.", "xipctest [options] <operand>...");
    app->add_flag("-v,--verbose", o.verbose, "verbose");
    app->add_flag("-n,--dry-run", o.dry_run, "dry run");
    app->add_option("-i,--identifier", o.id, "an id")->type_name("id");
    app->add_option("-k,--keys", o.keys, "keys")->type_name("key");
    app.add_optional_value("-a,--all", o.all, "list", "all");
    app.add_selector_flags(o.form, "each operand");
    app->add_option("operands", o.operands);
    return app;
}

cli::Reading read(Options& o, const std::vector<std::string>& args)
{
    auto app = make_app(o);
    return app.read(args);
}

std::string misread(const std::vector<std::string>& args)
{
    Options o;
    const auto r = read(o, args);
    EXPECT_EQ(r.outcome, Outcome::usage_error);
    return r.message;
}

} // namespace

TEST(CliApp, HelpAndVersionByAnyNameOrPrefix)
{
    for (const char* help : {"-h", "--help", "--he"}) {
        Options o;
        EXPECT_EQ(read(o, {"-v", help, "--bogus"}).outcome, Outcome::help) << help;
    }
    for (const char* version : {"-V", "--version", "--vers"}) {
        Options o;
        EXPECT_EQ(read(o, {version, "-i"}).outcome, Outcome::version) << version;
    }
    // As getopt reads it: an error before --help is the error.
    EXPECT_EQ(misread({"--bogus", "--help"}), "unrecognized option '--bogus'");
    EXPECT_EQ(misread({"--help=1"}), "option '--help' doesn't allow an argument");
    Options o;
    auto app = make_app(o);
    EXPECT_EQ(app.version(), std::string("xipctest (xipc) ") + XIPC_VERSION);
    EXPECT_THAT(app.help(), ::testing::StartsWith("\nUsage:\n xipctest [options] <operand>...\n"));
}

TEST(CliApp, OptionsAreBoundAndTypedInOrder)
{
    Options o;
    auto app = make_app(o);
    const auto r = app.read({"x", "--verb", "-nk1", "--keys=2", "-i", "7", "y", "--identifier=8", "--", "-v"});
    ASSERT_EQ(r.outcome, Outcome::run) << r.message;
    EXPECT_TRUE(o.verbose);
    EXPECT_TRUE(o.dry_run);
    EXPECT_EQ(o.id, "8"); // the last one, as getopt
    EXPECT_THAT(o.keys, ElementsAre("1", "2"));
    EXPECT_THAT(o.operands, ElementsAre("x", "y", "-v"));
    std::vector<std::string> typed;
    for (const auto& t : app.typed())
        typed.push_back(t.option->get_name() + (t.value ? "=" + *t.value : ""));
    EXPECT_THAT(typed,
                ElementsAre("--verbose", "--dry-run", "--keys=1", "--keys=2", "--identifier=7", "--identifier=8"));
}

TEST(CliApp, OptionalValuesAreTheLastAttached)
{
    Options o;
    ASSERT_EQ(read(o, {"-ashm", "--all=msg"}).outcome, Outcome::run);
    EXPECT_TRUE(o.all.given);
    EXPECT_EQ(o.all.value, "msg");
    // By its letter, an '=' before the value is not part of it.
    Options eq;
    ASSERT_EQ(read(eq, {"-a=shm,msg"}).outcome, Outcome::run);
    EXPECT_EQ(eq.all.value, "shm,msg");
    ASSERT_EQ(read(eq, {"--all==shm"}).outcome, Outcome::run);
    EXPECT_EQ(eq.all.value, "=shm");
    Options bare;
    ASSERT_EQ(read(bare, {"--all=msg", "-a", "x"}).outcome, Outcome::run);
    EXPECT_TRUE(bare.all.given);
    EXPECT_FALSE(bare.all.value);
    EXPECT_THAT(bare.operands, ElementsAre("x"));
    Options none;
    ASSERT_EQ(read(none, {}).outcome, Outcome::run);
    EXPECT_FALSE(none.all.given);
}

TEST(CliApp, SelectorFlagsExcludeEachOtherInOurWords)
{
    Options o;
    // --key is exact: the flag, not a prefix of --keys.
    ASSERT_EQ(read(o, {"--key", "5"}).outcome, Outcome::run);
    EXPECT_EQ(o.form, SelectorForm::key);
    EXPECT_THAT(o.operands, ElementsAre("5"));
    EXPECT_EQ(misread({"--id", "-v", "--key", "5"}), "mutually exclusive arguments: --id --key");
    EXPECT_EQ(misread({"--name", "--id", "5"}), "mutually exclusive arguments: --name --id");
}

TEST(CliApp, EmptyValuesAndStrayOperandsAreRefused)
{
    EXPECT_EQ(misread({"-i", ""}), "--identifier: empty argument");
    EXPECT_EQ(misread({"--keys="}), "--keys: empty argument");
    // Flags take no value, and their prefixes neither.
    EXPECT_EQ(misread({"--dry=no"}), "option '--dry-run' doesn't allow an argument");
    EXPECT_EQ(misread({"--ke"}), "option '--ke' is ambiguous; possibilities: '--keys' '--key'");
    EXPECT_EQ(misread({"--keys"}), "option '--keys' requires an argument");

    cli::set_program("xipctest");
    cli::App app("A command without operands.", "xipctest");
    bool flag = false;
    app->add_flag("-f,--flag", flag, "a flag");
    EXPECT_EQ(app.read({"-f", "stray", "more"}).message, "unexpected argument: 'stray'");
    EXPECT_EQ(app.read({"--", "-f"}).message, "unexpected argument: '-f'");
    EXPECT_EQ(app.read({"-f", "--", "a\nb"}).message, "unexpected argument: 'a\\x0ab'");
}

TEST(CliApp, CliElevensOwnErrorsAreWordedAsOurs)
{
    cli::set_program("xipctest");
    cli::App app("Required things.", "xipctest");
    std::string queue, size;
    app->add_option("queue", queue)->required();
    app->add_option("-s,--size", size)->required();
    EXPECT_EQ(app.read({"-s", "1"}).message, "no queue given");
    EXPECT_EQ(app.read({"q"}).message, "no --size given");
    EXPECT_EQ(app.read({"q", "-s", "1"}).outcome, Outcome::run);
}
