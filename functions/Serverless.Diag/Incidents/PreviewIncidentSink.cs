using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Incidents;

/// <summary>
/// For <c>--dry-run-notify</c> without an incident store: the run's decisions as if nothing were open yet, handed to a
/// (dry-run) notifier so it shows what a first failing run would send. Writes and remembers nothing.
/// </summary>
public sealed class PreviewIncidentSink(IIncidentNotifier notifier, TimeProvider time, int stormThreshold = 10) : IIncidentSink
{
    public Task<IncidentSummary> PublishAsync(RunReport report, DiagConfig config, CancellationToken cancellationToken)
    {
        var machine = new IncidentStateMachine(new IncidentPolicy());
        var observations = ObservationReader.Read(report, stormThreshold);
        var failing = observations.Failing.ToDictionary(i => i.Fingerprint, StringComparer.Ordinal);
        foreach (var decision in machine.DecideRun(observations, new Dictionary<string, IncidentState>(), time.GetUtcNow()))
        {
            if (decision.Next is { } next)
            {
                notifier.Plan(decision, new IncidentSubject(decision.Fingerprint, next, failing.GetValueOrDefault(decision.Fingerprint), null));
            }
        }

        return Task.FromResult(IncidentSummary.Empty);
    }
}
