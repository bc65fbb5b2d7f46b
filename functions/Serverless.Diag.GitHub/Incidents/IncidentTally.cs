using Serverless.Diag.Incidents;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>Counts what a publish did, for the run's summary.</summary>
internal sealed class IncidentTally
{
    public int Opened { get; set; }

    public int Updated { get; set; }

    public int Commented { get; set; }

    public int Closed { get; set; }

    public int Reopened { get; set; }

    public List<string> Problems { get; } = [];

    /// <summary>Checks a snooze or the <c>silenced</c> label silences, for the run's report.</summary>
    public List<Silences.CheckSilence> Silenced { get; } = [];

    public IncidentSummary ToSummary() => new(Opened, Updated, Commented, Closed, Reopened, Problems) { Silenced = Silenced };
}
