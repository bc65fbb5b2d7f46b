using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Incidents;

/// <summary>
/// Where incidents go after a run: GitHub issues, or a folder of Markdown files (<c>--issues-dir</c>, demo).
/// A sink never fails the run: what it could not do it reports in the summary and does next run.
/// </summary>
public interface IIncidentSink
{
    Task<IncidentSummary> PublishAsync(RunReport report, DiagConfig config, CancellationToken cancellationToken);
}

public sealed record IncidentSummary(int Opened, int Updated, int Commented, int Closed, int Reopened, IReadOnlyList<string> Problems)
{
    public static IncidentSummary Empty { get; } = new(0, 0, 0, 0, 0, []);

    /// <summary>
    /// Checks the incidents themselves silence (a <c>/diag snooze</c>, the issue's <c>silenced</c> label): the host
    /// marks them in this run's report (<see cref="Silences.SilenceRules.WithMarks"/>) before it is written.
    /// </summary>
    public IReadOnlyList<Silences.CheckSilence> Silenced { get; init; } = [];
}
