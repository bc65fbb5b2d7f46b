using Serverless.Diag.Cli.GitHubActions.Runner;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.TestKit.Action;

namespace Serverless.Diag.Tests.Action;

public sealed class ActionsRunLogTests
{
    [Fact]
    public void Each_environment_is_a_group_and_only_failing_erroring_and_degraded_checks_are_annotated()
    {
        var report = Reports.Run(
            Reports.Check("ok", CheckStatus.Pass),
            Reports.Check("broken", CheckStatus.Fail),
            Reports.Check("slow", CheckStatus.Warn),
            Reports.Check("down", CheckStatus.Error, "production", error: new ProbeError(ErrorCause.Timeout, "no response within 10s")),
            Reports.Check("after-down", CheckStatus.Skipped, "production"));

        var (log, commands) = Write(report);

        Assert.Equal(["group", "error", "warning", "endgroup", "group", "error", "endgroup"], commands.Select(c => c.Command));
        Assert.StartsWith("staging: fail", commands[0].Data, StringComparison.Ordinal);
        Assert.StartsWith("production: fail", commands[4].Data, StringComparison.Ordinal);

        var broken = commands[1];
        Assert.Equal("broken", broken.Properties["title"]);
        Assert.Equal("staging: http check fail\nstatus == 200 failed (actual 503)", broken.Data);

        var slow = commands[2];
        Assert.Equal("slow", slow.Properties["title"]);
        Assert.Equal("staging: http check warn\nlatency < 500ms failed (actual 812ms)", slow.Data);

        // A timeout is as visible as a failed assertion.
        var down = commands[5];
        Assert.Equal("down", down.Properties["title"]);
        Assert.Equal("production: http check error (timeout)\ntimeout: no response within 10s", down.Data);

        Assert.Contains("[skip] after-down", log, StringComparison.Ordinal);
        Assert.Contains("[pass] ok", log, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_ten_errors_and_ten_warnings_are_annotated_then_one_line_says_how_many_were_not()
    {
        var checks = Enumerable.Range(0, 14).Select(i => Reports.Check($"fail-{i}", CheckStatus.Fail))
            .Concat(Enumerable.Range(0, 3).Select(i => Reports.Check($"error-{i}", CheckStatus.Error, "production", error: new ProbeError(ErrorCause.Refused, "connection refused"))))
            .Concat(Enumerable.Range(0, 12).Select(i => Reports.Check($"warn-{i}", CheckStatus.Warn)))
            .ToArray();

        var (log, commands) = Write(Reports.Run(checks));

        Assert.Equal(10, commands.Count(c => c.Command == "error"));
        Assert.Equal(10, commands.Count(c => c.Command == "warning"));
        Assert.Contains("17 failing and 12 degraded checks; 7 failing and 2 degraded not annotated", log, StringComparison.Ordinal);

        // Every check is still in the log, annotated or not.
        Assert.All(checks, c => Assert.Contains($" {c.Name} [http]", log, StringComparison.Ordinal));
    }

    [Fact]
    public void Under_the_limits_there_is_no_closing_line()
    {
        var (log, _) = Write(Reports.Run(Reports.Check("a", CheckStatus.Fail)));

        Assert.DoesNotContain("not annotated", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_check_names_and_actual_values_cannot_forge_commands_in_the_log()
    {
        var hostile = Reports.Check("x\n::error title=forged::boom,100%:", CheckStatus.Fail, actual: "503\n::add-mask::\n::stop-commands::x");

        var (_, commands) = Write(Reports.Run(hostile));

        var annotation = Assert.Single(commands, c => c.Command == "error");
        Assert.Equal(hostile.Name, annotation.Properties["title"]);
        Assert.Contains("(actual 503\n::add-mask::\n::stop-commands::x)", annotation.Data, StringComparison.Ordinal);
        Assert.Equal(["group", "error", "endgroup"], commands.Select(c => c.Command));
    }

    [Fact]
    public void The_annotation_points_at_the_check_in_the_config_when_known()
    {
        var (_, commands) = Write(Reports.Run(Reports.Check("api", CheckStatus.Fail)), _ => new SourceMark("deploy/diag.yaml", 14, 5));

        var annotation = Assert.Single(commands, c => c.Command == "error");
        Assert.Equal("deploy/diag.yaml", annotation.Properties["file"]);
        Assert.Equal("14", annotation.Properties["line"]);
        Assert.Equal("5", annotation.Properties["col"]);
    }

    private static (string Log, IReadOnlyList<RunnerWorkflowCommand> Commands) Write(RunReport report, Func<CheckReport, SourceMark?>? locate = null)
    {
        var output = new StringWriter();
        new ActionsRunLog(new WorkflowCommandWriter(output)).Write(report, locate);
        var log = output.ToString();
        return (log, RunnerWorkflowCommand.ParseAll(log));
    }
}
