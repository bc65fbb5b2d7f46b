using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.History;

/// <summary>
/// One check's time, cut into up, down, unknown and maintenance stretches, and its outages. Time-weighted: a run's
/// status holds until the next run; an outage lasts from the first failing run to the first passing one (a gap in the
/// runs while failing stays down, e.g. across a restart of the host); a passing run speaks for at most
/// <c>staleAfter</c>, after which the time is unknown, never up. Skipped runs observed nothing and are ignored.
/// </summary>
public sealed class AvailabilityTimeline
{
    private AvailabilityTimeline(DateTimeOffset from, DateTimeOffset to, List<TimelineSegment> segments, List<Outage> outages, HistoryEntry? last, bool stale)
    {
        From = from;
        To = to;
        Segments = segments;
        Outages = outages;
        LastRun = last;
        LastRunStale = stale;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    /// <summary>Contiguous, oldest first, covering From to To.</summary>
    public IReadOnlyList<TimelineSegment> Segments { get; }

    /// <summary>Outages with some downtime inside the period, oldest first.</summary>
    public IReadOnlyList<Outage> Outages { get; }

    /// <summary>The newest run that observed the check (not skipped), up to To.</summary>
    public HistoryEntry? LastRun { get; }

    /// <summary>The last run is older than the check's stale limit: nobody knows the status now.</summary>
    public bool LastRunStale { get; }

    public static bool IsUp(CheckStatus status) => status is CheckStatus.Pass or CheckStatus.Warn;

    /// <param name="runs">The check's runs, oldest first; may start before <paramref name="from"/> (they give the state at from).</param>
    /// <param name="staleAfter">How long a run speaks for when the next one does not come (a few of the check's intervals).</param>
    /// <param name="maintenance">Windows covering this check; their time is neither up nor down.</param>
    public static AvailabilityTimeline Build(
        IReadOnlyList<HistoryEntry> runs, DateTimeOffset from, DateTimeOffset to, TimeSpan staleAfter, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> maintenance)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(maintenance);
        if (to < from)
        {
            throw new ArgumentException("the period ends before it starts", nameof(to));
        }

        var observed = runs.Where(r => r.Status != CheckStatus.Skipped && r.Time <= to).ToList();
        var raw = RawSegments(observed, from, to, staleAfter);
        var windows = Merge(maintenance, from, to);
        var segments = Compact(Overlay(raw, windows));
        var outages = FindOutages(observed, to, staleAfter, segments);
        var last = observed.Count == 0 ? null : observed[^1];
        return new AvailabilityTimeline(from, to, segments, outages, last, last is null || to - last.Time > staleAfter);
    }

    /// <summary>The totals over part of the timeline (a day for a status bar); time outside the timeline is not counted.</summary>
    public AvailabilityTotals Totals(DateTimeOffset from, DateTimeOffset to)
    {
        var sums = new TimeSpan[4];
        foreach (var segment in Segments)
        {
            var start = segment.Start > from ? segment.Start : from;
            var end = segment.End < to ? segment.End : to;
            if (end > start)
            {
                sums[(int)segment.State] += end - start;
            }
        }

        return new AvailabilityTotals(sums[(int)AvailabilityState.Up], sums[(int)AvailabilityState.Down], sums[(int)AvailabilityState.Unknown], sums[(int)AvailabilityState.Maintenance]);
    }

    public AvailabilityTotals Totals() => Totals(From, To);

    private static List<TimelineSegment> RawSegments(List<HistoryEntry> observed, DateTimeOffset from, DateTimeOffset to, TimeSpan staleAfter)
    {
        var segments = new List<TimelineSegment>();
        void Add(DateTimeOffset start, DateTimeOffset end, AvailabilityState state)
        {
            start = start < from ? from : start;
            end = end > to ? to : end;
            if (end > start)
            {
                segments.Add(new TimelineSegment(start, end, state));
            }
        }

        if (observed.Count == 0)
        {
            Add(from, to, AvailabilityState.Unknown);
            return segments;
        }

        Add(from, observed[0].Time, AvailabilityState.Unknown);
        for (var i = 0; i < observed.Count; i++)
        {
            var run = observed[i];
            var next = i + 1 < observed.Count ? observed[i + 1].Time : to;
            var last = i + 1 == observed.Count;

            // Failing holds until the next run whatever the gap (the outage lasts until a run passes); the last failing
            // run and any passing run speak only for staleAfter.
            var heldUntil = !IsUp(run.Status) && !last ? next : Min(next, run.Time + staleAfter);
            Add(run.Time, heldUntil, IsUp(run.Status) ? AvailabilityState.Up : AvailabilityState.Down);
            Add(heldUntil, next, AvailabilityState.Unknown);
        }

        return segments;
    }

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Merge(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> windows, DateTimeOffset from, DateTimeOffset to)
    {
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var (start, end) in windows.Where(w => w.End > from && w.Start < to).OrderBy(w => w.Start))
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }

        return merged;
    }

    private static IEnumerable<TimelineSegment> Overlay(List<TimelineSegment> raw, List<(DateTimeOffset Start, DateTimeOffset End)> windows)
    {
        foreach (var segment in raw)
        {
            var cursor = segment.Start;
            foreach (var (start, end) in windows)
            {
                if (end <= cursor || start >= segment.End)
                {
                    continue;
                }

                if (start > cursor)
                {
                    yield return segment with { Start = cursor, End = start };
                }

                var windowEnd = Min(end, segment.End);
                yield return new TimelineSegment(Max(start, cursor), windowEnd, AvailabilityState.Maintenance);
                cursor = windowEnd;
            }

            if (cursor < segment.End)
            {
                yield return segment with { Start = cursor };
            }
        }
    }

    private static List<TimelineSegment> Compact(IEnumerable<TimelineSegment> segments)
    {
        var compact = new List<TimelineSegment>();
        foreach (var segment in segments.Where(s => s.End > s.Start))
        {
            if (compact.Count > 0 && compact[^1].State == segment.State && compact[^1].End == segment.Start)
            {
                compact[^1] = compact[^1] with { End = segment.End };
            }
            else
            {
                compact.Add(segment);
            }
        }

        return compact;
    }

    private static List<Outage> FindOutages(List<HistoryEntry> observed, DateTimeOffset to, TimeSpan staleAfter, List<TimelineSegment> segments)
    {
        var outages = new List<Outage>();
        HistoryEntry? first = null;
        foreach (var run in observed)
        {
            if (!IsUp(run.Status))
            {
                first ??= run;
                continue;
            }

            if (first is not null)
            {
                AddOutage(outages, first, run.Time, run.Time, segments);
                first = null;
            }
        }

        if (first is not null)
        {
            // Still failing at the end of the period (or the runs stopped while failing: down for staleAfter, then unknown).
            AddOutage(outages, first, null, Min(to, observed[^1].Time + staleAfter), segments);
        }

        return outages;
    }

    private static void AddOutage(List<Outage> outages, HistoryEntry first, DateTimeOffset? end, DateTimeOffset downUntil, List<TimelineSegment> segments)
    {
        var downtime = TimeSpan.Zero;
        foreach (var segment in segments.Where(s => s.State == AvailabilityState.Down))
        {
            var start = Max(segment.Start, first.Time);
            var stop = Min(segment.End, downUntil);
            if (stop > start)
            {
                downtime += stop - start;
            }
        }

        // An outage wholly inside maintenance (or before the period) cost no downtime: it is not one.
        if (downtime > TimeSpan.Zero)
        {
            var cause = first.ErrorCause ?? (first.FailedAssertions.Count > 0 ? first.FailedAssertions[0] : first.Status.ToWire());
            outages.Add(new Outage(first.Time, end, downtime, cause));
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
