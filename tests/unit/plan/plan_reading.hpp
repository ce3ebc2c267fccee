#pragma once
// How the plan tests read a command line: as the command reads it (its
// make_app), then its plan.  Each test file names its command once:
//   using Reading = PlanReading<xipcmk::Options, xipcmk::make_app, xipcmk::plan>;

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli.hpp"

template <typename Options, auto make_app, auto plan> struct PlanReading {
    using Outcome = ipcutil::cli::Reading::Outcome;
    using Plan = decltype(plan(std::declval<const Options&>()));

    /// The plan a command line makes (argv without argv[0]).
    static Plan planned(const std::vector<std::string>& args)
    {
        Options o;
        auto app = make_app(o);
        const auto read = app.read(args);
        EXPECT_EQ(read.outcome, Outcome::run) << read.message;
        return plan(o);
    }

    /// The usage message the plan gives, or "" when it accepts.
    static std::string refusal(const std::vector<std::string>& args)
    {
        auto made = planned(args);
        if (made)
            return "";
        EXPECT_TRUE(made.error().usage);
        return made.error().message();
    }

    /// What reading the command line alone refuses.
    static std::string misread(const std::vector<std::string>& args)
    {
        Options o;
        auto app = make_app(o);
        const auto read = app.read(args);
        EXPECT_EQ(read.outcome, Outcome::usage_error);
        return read.message;
    }
};
