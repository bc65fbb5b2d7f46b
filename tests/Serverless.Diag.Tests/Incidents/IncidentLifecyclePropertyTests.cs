using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using static Serverless.Diag.Tests.Incidents.IncidentStateMachineTests;

namespace Serverless.Diag.Tests.Incidents;

/// <summary>
/// The state machine over sequences of runs: every sequence of four runs over all observations and two run gaps, and
/// five hundred seeded random sequences of forty, each checked against the lifecycle's invariants after every run.
/// </summary>
public sealed class IncidentLifecyclePropertyTests
{
    private const string Fp = "staging/db";

    private enum Seen
    {
        Fails,
        FailsMore,
        Passes,
        NotRun,
        FailsPending,
        FailsSilenced,
    }

    private static readonly TimeSpan[] Gaps = [TimeSpan.FromMinutes(5), TimeSpan.FromHours(13)];

    [Fact]
    public void Every_sequence_of_four_runs_keeps_the_invariants()
    {
        var symbols = (from seen in Enum.GetValues<Seen>() from gap in Gaps select (seen, gap)).ToArray();
        var checkedSequences = 0;
        foreach (var sequence in Sequences(symbols, 4))
        {
            Simulate(sequence);
            checkedSequences++;
        }

        Assert.Equal((int)Math.Pow(symbols.Length, 4), checkedSequences);
    }

    [Fact]
    public void Seeded_random_sequences_of_forty_runs_keep_the_invariants()
    {
        var random = new Random(20261123);
        var seen = Enum.GetValues<Seen>();
        for (var i = 0; i < 500; i++)
        {
            var sequence = Enumerable.Range(0, 40)
                .Select(_ => (seen[random.Next(seen.Length)], random.Next(6) == 0 ? TimeSpan.FromHours(random.Next(1, 30)) : TimeSpan.FromMinutes(5)))
                .ToList();
            Simulate(sequence);
        }
    }

    private static IEnumerable<List<(Seen, TimeSpan)>> Sequences((Seen, TimeSpan)[] symbols, int length)
    {
        if (length == 0)
        {
            yield return [];
            yield break;
        }

        foreach (var prefix in Sequences(symbols, length - 1))
        {
            foreach (var symbol in symbols)
            {
                yield return [.. prefix, symbol];
            }
        }
    }

    /// <summary>Runs the sequence with a store that keeps every state (open and closed), as a durable store would.</summary>
    private static void Simulate(IReadOnlyList<(Seen Seen, TimeSpan Gap)> sequence)
    {
        var machine = new IncidentStateMachine(Policy);
        IncidentState? state = null;
        var now = T0;
        var failingRunsWhileTracked = 0;
        var outagesOpen = 0;
        var passesInARow = 0;
        var describe = string.Join(" ", sequence.Select(s => $"{s.Seen}+{s.Gap.TotalMinutes}m"));

        foreach (var (seen, gap) in sequence)
        {
            now += gap;
            var previous = state;
            var wasOpen = previous is { ClosedAt: null };
            var observations = Observe(seen, now);
            var known = previous is null ? new Dictionary<string, IncidentState>() : new Dictionary<string, IncidentState> { [Fp] = previous };
            var decision = machine.DecideRun(observations, known, now).SingleOrDefault();
            var kinds = decision?.Events.Select(e => e.Kind).ToList() ?? [];
            var failing = seen is not (Seen.Passes or Seen.NotRun);

            // The run's decision exists exactly when the check was observed failing, or passed with a state known.
            Assert.True((decision is not null) == (failing || (seen == Seen.Passes && previous is not null)), describe);
            if (decision is null || decision.Action == IncidentAction.None)
            {
                Assert.Empty(kinds);
                Assert.Equal(previous, decision?.Next ?? previous);
                Assert.False(failing && wasOpen, describe);
                passesInARow = seen == Seen.Passes ? passesInARow + 1 : passesInARow;
                continue;
            }

            state = decision.Next!;
            var opens = kinds.Count(k => k is IncidentEventKind.Opened or IncidentEventKind.Reopened);
            Assert.True(opens == 0 || !wasOpen, describe);
            Assert.True(opens == 0 || seen is Seen.Fails or Seen.FailsMore, describe);
            outagesOpen += opens - kinds.Count(k => k == IncidentEventKind.Resolved);
            Assert.InRange(outagesOpen, 0, 1);
            Assert.Equal(state.ClosedAt is null ? 1 : 0, outagesOpen);

            if (failing)
            {
                failingRunsWhileTracked = kinds.Contains(IncidentEventKind.Opened) ? 1 : failingRunsWhileTracked + 1;
                Assert.Equal(failingRunsWhileTracked, state.Occurrences);
                passesInARow = 0;
                Assert.Equal(0, state.ConsecutivePasses);
            }
            else
            {
                passesInARow = wasOpen ? state.ConsecutivePasses : passesInARow + 1;
                Assert.Equal(state.ConsecutivePasses >= Policy.CloseAfter, decision.Action == IncidentAction.Close);
                Assert.Equal(decision.Action == IncidentAction.Close, kinds.Contains(IncidentEventKind.Resolved));
            }

            // What people hear: one urgency change at most, a reminder only alone, only the silence note in a silence.
            var announced = decision.Events.Where(e => e.IsAnnounced).Select(e => e.Kind).ToList();
            Assert.True(announced.Count(k => k is IncidentEventKind.Escalated or IncidentEventKind.SeverityRaised) <= 1, describe);
            Assert.True(!announced.Contains(IncidentEventKind.Reminder) || announced.Count == 1, describe);
            Assert.True(seen != Seen.FailsSilenced || announced.TrueForAll(k => k is IncidentEventKind.Silenced), describe);

            if (announced.Exists(k => k is not (IncidentEventKind.Resolved or IncidentEventKind.Reopened)))
            {
                Assert.Equal(now, state.LastNotified);
            }

            if (wasOpen && failing)
            {
                Assert.True(state.Severity <= previous!.Severity, describe);
                Assert.Equal(decision.Action == IncidentAction.Record, announced.Count == 0 && kinds.Count == 0 && now - (previous.LastWritten ?? previous.LastSeen) < Policy.StateRefresh
                    && previous.Failing.SequenceEqual(state.Failing) && previous.Related.SequenceEqual(state.Related));
            }

            Assert.True(state.LastWritten is null || state.LastWritten <= state.LastSeen || state.ClosedAt is not null || decision.Action == IncidentAction.Monitor, describe);
            Assert.True(state.Timeline.Count <= 12, describe);
        }
    }

    private static readonly FailingIncident Fails = Incident("db", Severity.P2, "a < 1");
    private static readonly FailingIncident FailsMore = Incident("db", Severity.P2, "a < 1", "b == 2");
    private static readonly Observations PassingRun = new([], new HashSet<string> { Fp });
    private static readonly Observations NotRunRun = new([], new HashSet<string>());

    private static Observations Observe(Seen seen, DateTimeOffset now) => seen switch
    {
        Seen.Fails => new([Fails], NotRunRun.Passing),
        Seen.FailsMore => new([FailsMore], NotRunRun.Passing),
        Seen.FailsPending => new([Fails with { Pending = new ThresholdProgress(1, 3) }], NotRunRun.Passing),
        Seen.FailsSilenced => new([Fails with { SilencedUntil = now.AddHours(1) }], NotRunRun.Passing),
        Seen.Passes => PassingRun,
        _ => NotRunRun,
    };
}
