using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Run;

/// <summary>The options of <c>serverless-diag run</c>; wiring and work live elsewhere.</summary>
internal sealed class RunCommandDefinition : Command
{
    public RunCommandDefinition()
        : base("run", "Run the checks of a config against its environments")
    {
        Options.Add(Config);
        Options.Add(Environments);
        Options.Add(Checks);
        Options.Add(Tags);
        Options.Add(Vars);
        Options.Add(Format);
        Options.Add(Output);
        Options.Add(FileIssues);
        Options.Add(Notify);
        Options.Add(DryRunNotify);
        Options.Add(IssuesDir);
        Options.Add(FailOn);
        Options.Add(CommentOnPr);
        Options.Add(State);
        Options.Add(DueOnly);
        Options.Add(Baseline);
        Options.Add(Deployment);
    }

    public Option<string> Config { get; } = SharedOptions.Config();

    public Option<string[]> Environments { get; } = new("--env", "-e") { Description = "Environment to run (repeatable; default: all)", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Checks { get; } = new("--check") { Description = "Check to run (repeatable; default: all)" };

    public Option<string[]> Tags { get; } = new("--tag", "-t") { Description = "Run only checks with this tag (repeatable)" };

    public Option<string[]> Vars { get; } = new("--var") { Description = "Override an environment variable of the config: name=value (repeatable)" };

    public Option<ReportFormat> Format { get; } = new("--format", "-f") { Description = "Report format: text, json or markdown", DefaultValueFactory = _ => ReportFormat.Text };

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the report to this file (a text report still goes to stdout)" };

    public Option<bool> FileIssues { get; } = new("--file-issues") { Description = "Open, update and close GitHub issues for incidents (GITHUB_TOKEN, GITHUB_REPOSITORY)" };

    public Option<bool> Notify { get; } = new("--notify") { Description = "Send the incident lifecycle's events to the notify: channels (with --file-issues, or a state store: --state / DIAG_STATE)" };

    public Option<bool> DryRunNotify { get; } = new("--dry-run-notify") { Description = "Print the notifications that would be sent (to stderr), masked; send and record nothing" };

    public Option<string?> IssuesDir { get; } = new("--issues-dir") { Description = "Write the issues that would be filed as Markdown files into this folder" };

    public Option<bool> CommentOnPr { get; } = new("--comment-on-pr") { Description = "In GitHub Actions on a pull_request event: post the summary as one pull-request comment, edited on later runs" };

    public Option<string?> State { get; } = SharedOptions.State();

    public Option<bool> DueOnly { get; } = new("--due-only") { Description = "Run only the checks whose interval has passed (needs a state store)" };

    public Option<string?> Baseline { get; } = new("--baseline") { Description = "Take the baselines from this earlier JSON report (e.g. the main branch's artifact) instead of the state store's history" };

    public Option<string?> Deployment { get; } = new("--deployment") { Description = "Record a deployment marker before the checks run: sha=...,ref=...,pr=... (needs a state store); in GitHub Actions read from GITHUB_SHA, GITHUB_REF and the pull_request event" };

    public Option<FailOn> FailOn { get; } = new("--fail-on") { Description = "Exit 1 when the run is at least: fail, warn, or never", DefaultValueFactory = _ => Infrastructure.FailOn.Fail };
}
