using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Octokit;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Reports;

/// <summary>
/// <c>report.issue: monthly</c>: one GitHub issue per calendar month (UTC) holding that month's availability report,
/// found again by its label and a hidden marker on its first line, and edited in place on every run (only when the
/// text changed): never a new issue per run. The month's issue is finished (edited with the whole month, then closed)
/// by the first run of the next month.
/// </summary>
public sealed partial class MonthlyReportIssue
{
    private readonly IssueGateway _issues;
    private readonly IReadOnlyList<string> _labels;
    private readonly ILogger _logger;

    private MonthlyReportIssue(IssueGateway issues, IReadOnlyList<string> labels, ILogger logger)
    {
        _issues = issues;
        _labels = labels;
        _logger = logger;
    }

    /// <summary>Renders the report of one period as the issue's Markdown body.</summary>
    public delegate Task<string> RenderPeriod(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Null (the reason logged) without GITHUB_TOKEN and a repository, as for incidents.</summary>
    public static MonthlyReportIssue? FromEnvironment(
        Func<string, string?> env, GitHubSettings github, ReportSettings report, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets)
    {
        ArgumentNullException.ThrowIfNull(github);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger<MonthlyReportIssue>();
        var connection = GitHubConnection.FromEnvironment(env, github.Repository, logger, secrets, "keep the monthly availability report issue");
        if (connection is null)
        {
            return null;
        }

        var options = new GitHubCallOptions();
        var client = GitHubClientFactory.Create(connection.Repository, connection.Token, options.RequestTimeout);
        var gateway = new IssueGateway(client, connection.Repository, new GitHubCallPolicy(time, loggers.CreateLogger<GitHubCallPolicy>(), options), secrets);
        return new MonthlyReportIssue(gateway, report.Labels, logger);
    }

    public static string MonthKey(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The same all month, so the issue list reads one line per month.</summary>
    public static string Title(string month) => "Availability report: " + Start(month).ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Marker(string month) => $"<!-- serverless-diag:availability-report {month} -->";

    /// <summary>Creates or edits this month's issue; finishes and closes the issues of earlier months still open.</summary>
    public async Task<MonthlyReportResult> PublishAsync(DateTimeOffset now, RenderPeriod render, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(render);
        var month = MonthKey(now);
        var open = await _issues.ListOpenAnyAsync(_labels, cancellationToken);
        var closed = 0;
        foreach (var earlier in open.Where(i => MonthOf(i.Body) is { } m && string.CompareOrdinal(m, month) < 0))
        {
            var earlierMonth = MonthOf(earlier.Body)!;
            var start = Start(earlierMonth);
            var finalBody = Marker(earlierMonth) + "\n" + await render(start, start.AddMonths(1), cancellationToken);
            await _issues.UpdateAsync(earlier.Number, new IssueDraft(Title(earlierMonth), finalBody, [.. earlier.Labels], []), open: false, ItemStateReason.Completed, cancellationToken);
            _logger.LogInformation("Availability report for {Month}: issue #{Number} finished and closed", earlierMonth, earlier.Number);
            closed++;
        }

        var text = Marker(month) + "\n" + await render(Start(month), now, cancellationToken);
        var current = open.FirstOrDefault(i => MonthOf(i.Body) == month);
        if (current is null)
        {
            var created = await _issues.CreateAsync(new IssueDraft(Title(month), text, _labels, []), cancellationToken);
            _logger.LogInformation("Availability report for {Month}: issue #{Number} opened", month, created.Number);
            return new MonthlyReportResult(created.Number, MonthlyReportAction.Created, closed);
        }

        var changed = await WriteBodyAsync(current, text, cancellationToken);
        return new MonthlyReportResult(current.Number, changed ? MonthlyReportAction.Updated : MonthlyReportAction.Unchanged, closed);
    }

    private async Task<bool> WriteBodyAsync(TrackedIssue issue, string body, CancellationToken cancellationToken)
    {
        if (string.Equals(issue.Body.ReplaceLineEndings("\n"), body.ReplaceLineEndings("\n"), StringComparison.Ordinal))
        {
            return false;
        }

        await _issues.UpdateBodyAsync(issue.Number, body, cancellationToken);
        return true;
    }

    private static DateTimeOffset Start(string month) =>
        DateTimeOffset.ParseExact(month + "-01T00:00:00Z", "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The month of a report issue, from the marker on its first line only (text quoted further down never counts).</summary>
    private static string? MonthOf(string? body)
    {
        var match = body is null ? null : MarkerPattern().Match(body);
        return match is { Success: true } ? match.Groups["month"].Value : null;
    }

    [GeneratedRegex(@"\A\s*<!-- serverless-diag:availability-report (?<month>\d{4}-\d{2}) -->")]
    private static partial Regex MarkerPattern();
}

public enum MonthlyReportAction
{
    Created,
    Updated,
    Unchanged,
}

/// <param name="ClosedEarlier">Issues of earlier months finished and closed by this run.</param>
public sealed record MonthlyReportResult(int Number, MonthlyReportAction Action, int ClosedEarlier);
