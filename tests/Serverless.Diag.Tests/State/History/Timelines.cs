using Serverless.Diag.Reporting;
using Serverless.Diag.State;

namespace Serverless.Diag.Tests.State.History;

/// <summary>Hand-written run histories: times as "HH:mm" on one day, statuses as written.</summary>
internal static class Timelines
{
    public static readonly DateTimeOffset Day = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(string hhmm) => Day + TimeSpan.Parse(hhmm, System.Globalization.CultureInfo.InvariantCulture);

    public static HistoryEntry Run(string hhmm, CheckStatus status, double? latencyMs = null, string check = "api", string? cause = null) => new()
    {
        Environment = "prod",
        Check = check,
        Time = At(hhmm),
        RunId = "run-" + hhmm,
        Status = status,
        ErrorCause = cause,
        Measurements = latencyMs is { } ms ? new Dictionary<string, double> { ["latency"] = ms } : new Dictionary<string, double>(),
    };

    /// <summary>A run every <paramref name="minutes"/> from <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public static IEnumerable<HistoryEntry> Every(int minutes, string from, string to, CheckStatus status, string check = "api")
    {
        for (var t = At(from); t <= At(to); t += TimeSpan.FromMinutes(minutes))
        {
            yield return Run(t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), status, check: check);
        }
    }
}
