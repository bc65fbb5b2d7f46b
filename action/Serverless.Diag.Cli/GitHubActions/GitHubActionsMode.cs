using System.Globalization;
using Serverless.Diag.Cli.GitHubActions.Runner;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Secrets;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>
/// What the command line adds when it runs as a GitHub Actions step (<c>GITHUB_ACTIONS=true</c>): masks for every
/// secret before anything else is printed, a log group per environment with an annotation per failing or degraded
/// check, the step outputs, the job summary, and on pull requests (when asked) one sticky comment.
/// </summary>
internal sealed class GitHubActionsMode
{
    private readonly ActionsEnvironment _actions;
    private readonly WorkflowCommandWriter _commands;
    private readonly PullRequestCommentRequest? _comment;
    private readonly HashSet<string> _masked = new(StringComparer.Ordinal);

    private GitHubActionsMode(ActionsEnvironment actions, TextWriter stdout, PullRequestCommentRequest? comment)
    {
        _actions = actions;
        _commands = new WorkflowCommandWriter(stdout);
        _comment = comment;
    }

    /// <summary>Null outside Actions. Otherwise masks the plan's secrets at once, before the run prints anything.</summary>
    /// <param name="commentOnPr"><c>--comment-on-pr</c>: on a pull_request event, post the summary as the sticky comment.</param>
    public static GitHubActionsMode? Start(CliServices services, RunPlan plan, bool commentOnPr)
    {
        if (ActionsEnvironment.Detect(services.Environment) is not { } actions)
        {
            if (commentOnPr)
            {
                services.Stderr.WriteLine("warning: --comment-on-pr works only in a GitHub Actions step (GITHUB_ACTIONS=true); no comment.");
            }

            return null;
        }

        var comment = commentOnPr ? PullRequestCommentPoster.Create(services, plan) : null;
        var mode = new GitHubActionsMode(actions, services.Stdout, comment);
        mode.MaskNew(plan.Secrets);
        mode.Mask(services.Environment("GITHUB_TOKEN"));
        return mode;
    }

    /// <summary>Brackets output that carries text from targets so the runner does not act on command-like lines in it.</summary>
    public IDisposable StopCommands() => _commands.StopCommands();

    /// <summary>Everything after the run: log groups and annotations, the JSON report file, outputs, summary, comment.</summary>
    /// <param name="existingJsonReport">The path the report was already written to as JSON (--format json --output), if any.</param>
    public async Task AfterRunAsync(DiagnosisResult result, string? existingJsonReport, CancellationToken cancellationToken)
    {
        // Secrets found while running (passwords inside URLs a probe resolved...) are masked before the log shows anything more.
        MaskNew(result.Plan.Secrets);
        var report = result.Report;
        new ActionsRunLog(_commands).Write(report, check => Locate(result.Plan.Config, check));

        var reportPath = existingJsonReport is null ? await WriteJsonReportAsync(report, cancellationToken) : Path.GetFullPath(existingJsonReport);
        if (_actions.OutputPath is { } outputPath)
        {
            await GitHubOutputFile.AppendAsync(outputPath, ActionOutputs.For(report, reportPath), cancellationToken);
        }

        var markdown = Summary(result);
        if (_actions.SummaryPath is { } summaryPath)
        {
            var truncated = await StepSummaryFile.AppendAsync(summaryPath, markdown, TruncationNote(reportPath), cancellationToken);
            if (truncated)
            {
                _commands.Line($"The job summary was cut to stay under GitHub's 1 MiB limit; the full report is {reportPath}.");
            }
        }

        if (_comment is not null)
        {
            await PostCommentAsync(_comment, markdown, reportPath, result.Plan.Secrets, cancellationToken);
        }
    }

    /// <summary>
    /// When the config is refused nothing runs, but the step still says why where people look: an annotation per
    /// problem (on its line of the config when known), the outputs (status <c>error</c>) and the job summary.
    /// </summary>
    public static async Task ConfigRefusedAsync(CliServices services, Exception refusal, CancellationToken cancellationToken)
    {
        if (ActionsEnvironment.Detect(services.Environment) is not { } actions)
        {
            return;
        }

        var commands = new WorkflowCommandWriter(services.Stdout);
        var problems = refusal is ConfigException config ? config.Errors : [new ConfigError(SourceMark.None, refusal.Message)];

        // What was refused: the config, or another input such as the --baseline report.
        var subject = refusal is ConfigException { Subject: var named } ? named : "config";
        foreach (var problem in problems.Take(ActionsRunLog.AnnotationLimit))
        {
            var file = problem.Mark == SourceMark.None ? null : RepositoryPath(actions, problem.Mark.File);
            commands.Annotate(new Annotation(AnnotationLevel.Error, $"serverless-diag: {subject} refused", problem.Message, file, problem.Mark.Line, problem.Mark.Column));
        }

        if (problems.Count > ActionsRunLog.AnnotationLimit)
        {
            commands.Line($"serverless-diag: {problems.Count} problems in the {subject}, {problems.Count - ActionsRunLog.AnnotationLimit} not annotated (GitHub shows at most {ActionsRunLog.AnnotationLimit} errors per step); the job summary lists them all.");
        }

        if (actions.OutputPath is { } outputPath)
        {
            await GitHubOutputFile.AppendAsync(outputPath, ActionOutputs.ForRefusedConfig(), cancellationToken);
        }

        if (actions.SummaryPath is { } summaryPath)
        {
            var lines = problems.Select(p => $"- `{MarkdownText.Inline(p.ToString(), 500)}`");
            var markdown = $"## Serverless.Diag gate: ⛔ {subject} refused, nothing ran\n\n{string.Join('\n', lines)}\n";
            await StepSummaryFile.AppendAsync(summaryPath, markdown, "More problems are listed in the step's log.", cancellationToken);
        }
    }

    private async Task PostCommentAsync(PullRequestCommentRequest comment, string markdown, string reportPath, SecretRedactor secrets, CancellationToken cancellationToken)
    {
        if (!_actions.IsPullRequestEvent || _actions.EventPath is null)
        {
            _commands.Line($"comment-on-pr: the event is {_actions.EventName ?? "unknown"}, not a pull request; no comment.");
            return;
        }

        if (await PullRequestEvent.ReadNumberAsync(_actions.EventPath, cancellationToken) is not { } number)
        {
            _commands.Annotate(new Annotation(AnnotationLevel.Warning, "serverless-diag: no pull-request comment", "The event payload names no pull request."));
            return;
        }

        // GitHub refuses comments over 65,536 characters; bytes bound characters from above.
        var (body, _) = StepSummaryFile.Fit(markdown, TruncationNote(reportPath), 60_000);
        var problem = await comment.Post(number, body, secrets, cancellationToken);
        if (problem is not null)
        {
            // The gate's verdict stands; a comment that could not be posted is a warning, not a failure.
            _commands.Annotate(new Annotation(AnnotationLevel.Warning, "serverless-diag: no pull-request comment", secrets.Redact(problem)));
        }
    }

    private string Summary(DiagnosisResult result)
    {
        var markdown = MarkdownReportWriter.ToMarkdown(result.Report, "Serverless.Diag gate");
        var extra = new List<string>();
        if (result.Incidents is { } incidents)
        {
            extra.Add($"Incidents: {incidents.Opened} opened, {incidents.Updated} updated, {incidents.Commented} commented, {incidents.Closed} closed, {incidents.Reopened} reopened.");
        }

        if (_actions.RunUrl is { } runUrl)
        {
            extra.Add($"[Workflow run]({runUrl})");
        }

        return extra.Count == 0 ? markdown : $"{markdown.TrimEnd()}\n\n{string.Join("\n\n", extra)}\n";
    }

    private string TruncationNote(string reportPath) =>
        "GitHub keeps a job summary only under 1 MiB, so this one stops here. " +
        $"The full JSON report is `{reportPath}` on the runner (the step's `report` output; keep it with actions/upload-artifact)" +
        (_actions.RunUrl is { } url ? $", and every check is in the [step's log]({url})." : ", and every check is in the step's log.");

    private async Task<string> WriteJsonReportAsync(RunReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_actions.RunnerTemp ?? Path.GetTempPath(), "serverless-diag");
        Directory.CreateDirectory(folder);
        var name = string.Create(CultureInfo.InvariantCulture, $"report-{report.StartedAt:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}.json");
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, JsonReportWriter.ToJson(report), cancellationToken);
        return path;
    }

    private SourceMark? Locate(DiagConfig config, CheckReport check) =>
        config.FindCheck(check.Name) is { } definition && definition.Mark != SourceMark.None && RepositoryPath(_actions, definition.Mark.File) is { } file
            ? definition.Mark with { File = file }
            : null;

    /// <summary>The config's path relative to the workspace, as annotations need it to land on the file; null outside it.</summary>
    private static string? RepositoryPath(ActionsEnvironment actions, string file)
    {
        var root = Path.GetFullPath(actions.Workspace ?? Directory.GetCurrentDirectory());
        var relative = Path.GetRelativePath(root, Path.GetFullPath(file));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative.Replace('\\', '/');
    }

    private void MaskNew(SecretRedactor secrets)
    {
        foreach (var secret in secrets.Values)
        {
            Mask(secret);
        }
    }

    private void Mask(string? secret)
    {
        if (!string.IsNullOrWhiteSpace(secret) && _masked.Add(secret))
        {
            _commands.AddMask(secret);
        }
    }
}
