using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// The incident lifecycle without issues: the same decisions (open, escalate, remind, resolve, with the
/// <c>github:</c> timings) kept in a state store, so <c>notify:</c> channels hear each event once even when no
/// issue is filed. What a run could not deliver stays in the store and is sent by the next run.
/// </summary>
internal sealed partial class StateStoreIncidentSink(
    IIncidentStateStore store,
    IIncidentNotifier notifier,
    GitHubSettings settings,
    TimeProvider time,
    ILogger<StateStoreIncidentSink> logger,
    SecretRedactor secrets,
    IncidentTiming? timing = null) : IIncidentSink
{
    /// <summary>Incidents are one per environment/check whatever config names them, like the state store's check states.</summary>
    public const string Scope = "lifecycle";

    public async Task<IncidentSummary> PublishAsync(RunReport report, DiagConfig config, CancellationToken cancellationToken)
    {
        var tally = new IncidentTally();
        var now = time.GetUtcNow();
        var observations = GitHubIncidentSink.WithCheckEscalation(ObservationReader.Read(report, settings.StormThreshold), settings);
        var machine = new IncidentStateMachine(
            GitHubIncidentSink.PolicyFor(settings, timing ?? new IncidentTiming()) with { CloseAfterByFingerprint = GitHubIncidentSink.OwnSuccessThresholds(report, config) },
            secrets.Redact);
        var observed = observations.Failing.Select(i => i.Fingerprint).Concat(observations.Passing).Distinct(StringComparer.Ordinal).ToList();

        IReadOnlyDictionary<string, IncidentState> known;
        try
        {
            known = await store.LoadAsync(Scope, observed, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the stored lifecycle nothing tells a new event from one already sent: send nothing rather than twice.
            var problem = secrets.Redact($"notifications not sent this run: the incident states could not be read ({e.GetType().Name}: {e.Message})");
            tally.Problems.Add(problem);
            LogProblem(problem);
            return tally.ToSummary();
        }

        var failing = observations.Failing.ToDictionary(i => i.Fingerprint, StringComparer.Ordinal);
        var changes = new Dictionary<string, IncidentState?>(StringComparer.Ordinal);
        foreach (var decision in machine.DecideRun(observations, known, now))
        {
            Count(decision.Action, tally);
            if (decision.Next is not { } next)
            {
                continue;
            }

            var subject = new IncidentSubject(decision.Fingerprint, next, failing.GetValueOrDefault(decision.Fingerprint), IncidentUrl: null);
            var delivered = await NotificationLedger.DeliverAsync(notifier, decision, subject, cancellationToken);
            if (decision.Action != IncidentAction.None || !ReferenceEquals(delivered, next))
            {
                changes[decision.Fingerprint] = delivered;
            }
            else if (delivered.ClosedAt is { } closedAt && now - closedAt > settings.ReopenWithin && !delivered.OwesNotifications())
            {
                // Past reopen_within a closed incident is forgotten: a new failure opens a new one.
                changes[decision.Fingerprint] = null;
            }
        }

        try
        {
            await store.SaveAsync(Scope, changes, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = secrets.Redact($"incident states not saved this run ({e.GetType().Name}: {e.Message}); what was delivered may be sent again");
            tally.Problems.Add(problem);
            LogProblem(problem);
        }

        return tally.ToSummary();
    }

    private static void Count(IncidentAction action, IncidentTally tally)
    {
        switch (action)
        {
            case IncidentAction.Open:
                tally.Opened++;
                break;
            case IncidentAction.Reopen:
                tally.Reopened++;
                break;
            case IncidentAction.Close:
                tally.Closed++;
                break;
            case IncidentAction.Update:
            case IncidentAction.Monitor:
                tally.Updated++;
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private partial void LogProblem(string problem);
}
