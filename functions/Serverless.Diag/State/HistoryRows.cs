using System.Globalization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.State;

/// <summary>Turns a check's report into its history row: the status, the cause, what failed, and the numbers.</summary>
internal static class HistoryRows
{
    // Bounds keep one row well inside a table entity (1 MB) whatever a probe measures.
    private const int MaxMeasurements = 64;
    private const int MaxAssertions = 16;
    private const int MaxAssertionLength = 200;

    public static HistoryEntry From(CheckReport check, DateTimeOffset time, string runId) => new()
    {
        Environment = check.Environment,
        Check = check.Name,
        Time = time,
        RunId = runId,
        Status = check.Status,
        DurationMs = check.DurationMs,
        ErrorCause = check.Error?.Cause.Name,
        FailedAssertions = [.. check.Assertions
            .Where(a => !a.Passed)
            .Take(MaxAssertions)
            .Select(a => a.Expression.Length > MaxAssertionLength ? a.Expression[..MaxAssertionLength] : a.Expression)],
        Measurements = Numbers(check.Measurements),
    };

    private static Dictionary<string, double> Numbers(IReadOnlyDictionary<string, object?> measurements)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (path, value) in measurements)
        {
            if (numbers.Count == MaxMeasurements)
            {
                break;
            }

            double? number = value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                decimal m => (double)m,
                TimeSpan t => t.TotalMilliseconds,
                _ => null,
            };
            if (number is { } n && double.IsFinite(n))
            {
                numbers[path] = n;
            }
        }

        return numbers;
    }

    /// <summary>A run id that sorts by time and is unique across instances.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
