// The command line as getopt_long reads it: prefixes, clusters, arguments
// attached or in the next word, `--`, and glibc's wording of every error
// (checked against glibc 2.36's getopt_long with the same option table).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/argv_scan.hpp"

using namespace ipcutil::cli;
using ::testing::ElementsAre;

namespace {

// A table with what the commands have: flags, required and optional
// arguments, a long name that is the prefix of another, -h and -V.
const std::vector<OptionSpec> specs = {
    {"n", {"dry-run"}, Argument::none, false},                 // 0
    {"i", {"id"}, Argument::required, false},                  // 1
    {"", {"xa"}, Argument::none, false},                       // 2
    {"", {"xb"}, Argument::none, false},                       // 3
    {"", {"xc"}, Argument::required, false},                   // 4
    {"", {"name"}, Argument::none, false},                     // 5
    {"", {"namespace"}, Argument::none, false},                // 6
    {"a", {"all"}, Argument::optional, false},                 // 7
    {"v", {"verbose"}, Argument::none, false},                 // 8
    {"p", {}, Argument::required, false},                      // 9
    {"", {"posix-shm", "posix-shmem"}, Argument::none, false}, // 10: two names, one option
    {"h", {"help"}, Argument::none, true},                     // 11
    {"V", {"version"}, Argument::none, true},                  // 12
};

Scan scan(std::vector<std::string> args)
{
    return scan_argv(specs, args);
}

std::string error(std::vector<std::string> args)
{
    const Scan s = scan(std::move(args));
    EXPECT_TRUE(s.error);
    return s.error.value_or("");
}

// "spec=value" for each option scanned, "spec" when it has no value.
std::vector<std::string> options(const Scan& s)
{
    EXPECT_FALSE(s.error) << *s.error;
    std::vector<std::string> out;
    for (const auto& o : s.options)
        out.push_back(std::to_string(o.spec) + (o.value ? "=" + *o.value : ""));
    return out;
}

std::vector<std::string> operands(const Scan& s)
{
    std::vector<std::string> out;
    for (const auto& o : s.operands)
        out.push_back(o.text);
    return out;
}

} // namespace

TEST(ArgvScan, UnambiguousPrefixesNameTheirOption)
{
    EXPECT_THAT(options(scan({"--dry", "--verb", "--i=3", "--xc", "v"})), ElementsAre("0", "8", "1=3", "4=v"));
    // Two names of one option are one candidate.
    EXPECT_THAT(options(scan({"--posix"})), ElementsAre("10"));
}

TEST(ArgvScan, AnExactNameWinsOverALongerOne)
{
    EXPECT_THAT(options(scan({"--name"})), ElementsAre("5"));
    EXPECT_THAT(options(scan({"--names"})), ElementsAre("6"));
    EXPECT_EQ(error({"--nam"}), "option '--nam' is ambiguous; possibilities: '--name' '--namespace'");
}

TEST(ArgvScan, AmbiguousPrefixesListTheCandidatesAsGlibc)
{
    EXPECT_EQ(error({"--x"}), "option '--x' is ambiguous; possibilities: '--xa' '--xb' '--xc'");
    // glibc quotes the whole word, value and all.
    EXPECT_EQ(error({"--x=1"}), "option '--x=1' is ambiguous; possibilities: '--xa' '--xb' '--xc'");
}

TEST(ArgvScan, UnknownOptionsAreWordedAsGlibc)
{
    EXPECT_EQ(error({"--bogus"}), "unrecognized option '--bogus'");
    EXPECT_EQ(error({"--bogus=1"}), "unrecognized option '--bogus=1'");
    EXPECT_EQ(error({"---x"}), "unrecognized option '---x'");
    EXPECT_EQ(error({"-z"}), "invalid option -- 'z'");
    EXPECT_EQ(error({"-vz"}), "invalid option -- 'z'");
}

TEST(ArgvScan, AFlagGivenAValueIsRefusedByItsFullName)
{
    EXPECT_EQ(error({"--dry-run=no"}), "option '--dry-run' doesn't allow an argument");
    EXPECT_EQ(error({"--dry=0"}), "option '--dry-run' doesn't allow an argument");
    EXPECT_EQ(error({"--xa="}), "option '--xa' doesn't allow an argument");
    EXPECT_EQ(error({"--help=x"}), "option '--help' doesn't allow an argument");
}

TEST(ArgvScan, MissingArgumentsAreWordedAsGlibc)
{
    EXPECT_EQ(error({"--id"}), "option '--id' requires an argument");
    EXPECT_EQ(error({"--i"}), "option '--id' requires an argument");
    EXPECT_EQ(error({"-p"}), "option requires an argument -- 'p'");
    EXPECT_EQ(error({"-nvp"}), "option requires an argument -- 'p'");
}

TEST(ArgvScan, ARequiredArgumentIsAttachedOrTheNextWordWhateverItLooksLike)
{
    EXPECT_THAT(options(scan({"-i", "-5", "--id", "--", "-p0600", "--xc=", "-i="})),
                ElementsAre("1=-5", "1=--", "9=0600", "4=", "1=="));
    EXPECT_TRUE(scan({"-i", "--"}).operands.empty());
}

TEST(ArgvScan, AnOptionalArgumentIsOnlyAttached)
{
    const Scan s = scan({"-a", "shm", "--all=msg", "-apshm", "--all", "--al=", "-va"});
    EXPECT_THAT(options(s), ElementsAre("7", "7=msg", "7=pshm", "7", "7=", "8", "7"));
    EXPECT_THAT(operands(s), ElementsAre("shm"));
    // The operand remembers that it may have been meant as -a's value.
    EXPECT_EQ(s.operands[0].after_optional, 7U);
    EXPECT_FALSE(scan({"-v", "x"}).operands[0].after_optional);
    // Which were typed by their letter.
    std::vector<bool> letters;
    for (const auto& o : s.options)
        letters.push_back(o.by_letter);
    EXPECT_THAT(letters, ElementsAre(true, false, true, false, false, true, true));
}

TEST(ArgvScan, ClustersOfShortOptions)
{
    EXPECT_THAT(options(scan({"-nv", "-vip", "-vi", "3"})), ElementsAre("0", "8", "8", "1=p", "8", "1=3"));
}

TEST(ArgvScan, OperandsAnywhereAndEverythingAfterTheDoubleDash)
{
    const Scan s = scan({"a", "-n", "-", "b", "--", "-v", "--bogus", "--", "--dry=no"});
    EXPECT_THAT(options(s), ElementsAre("0"));
    EXPECT_THAT(operands(s), ElementsAre("a", "-", "b", "-v", "--bogus", "--", "--dry=no"));
}

TEST(ArgvScan, HelpAndVersionEndTheScanUnlessAnErrorCameFirst)
{
    Scan s = scan({"-n", "--help", "--bogus"});
    EXPECT_FALSE(s.error);
    EXPECT_EQ(s.ended_by, 11U);
    s = scan({"--vers", "-z"});
    EXPECT_EQ(s.ended_by, 12U);
    s = scan({"-vh"});
    EXPECT_EQ(s.ended_by, 11U);
    EXPECT_EQ(error({"--bogus", "--help"}), "unrecognized option '--bogus'");
    EXPECT_FALSE(scan({"--", "--help"}).ended_by);
}
