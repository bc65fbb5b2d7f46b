using System.Globalization;
using System.Text.RegularExpressions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Diagnosis;

/// <summary>
/// One check of a run as the cause rules read it: its report (already redacted), and from its definition only
/// what says what kind of request it was (the method and the names of the headers it sent, never their values).
/// </summary>
public sealed class CheckFacts
{
    private static readonly HashSet<string> LatencyPaths = new(StringComparer.Ordinal) { "latency", "ttfb", "p50", "p90", "p95", "p99", "max" };

    private List<(string Source, string Line)>? _lines;

    public CheckFacts(CheckReport report, string? method = null, IReadOnlyCollection<string>? requestHeaders = null, IReadOnlyList<string>? followUps = null)
    {
        Report = report;
        Method = method?.ToUpperInvariant();
        RequestHeaders = requestHeaders ?? [];
        FollowUps = followUps ?? [];
    }

    public CheckReport Report { get; }

    public string Name => Report.Name;

    public string Type => Report.Type;

    /// <summary>The HTTP method of an http check (upper case), null for other types or when not known.</summary>
    public string? Method { get; }

    /// <summary>Names of the request headers the check sends (Origin, Access-Control-Request-Method...).</summary>
    public IReadOnlyCollection<string> RequestHeaders { get; }

    /// <summary>The checks this one names in <c>on_failure</c>: its own dependencies, looked at next.</summary>
    public IReadOnlyList<string> FollowUps { get; }

    public bool IsFailing => Report.Status is CheckStatus.Fail or CheckStatus.Error;

    public bool IsHealthy => Report.Status is CheckStatus.Pass or CheckStatus.Warn;

    public string? ErrorCause => Report.Error?.Cause.Name;

    public double? Number(string path) => Report.Measurements.TryGetValue(path, out var value) && value is double d ? d : null;

    public string? Text(string path) => Report.Measurements.TryGetValue(path, out var value) ? value as string : null;

    /// <summary>The HTTP status an http check measured.</summary>
    public int? HttpStatus => Number("status") is { } s ? (int)s : null;

    public IEnumerable<AssertionResult> FailedAssertions => Report.Assertions.Where(a => !a.Passed && a.Level == AssertionLevel.Fail);

    /// <summary>A failed assertion on a latency figure (latency, ttfb, p95...), or a timeout: the check was slow.</summary>
    public bool WasSlow => ErrorCause == "timeout" || FailedAssertions.Any(a => LatencyPaths.Contains(AssertionRoot(a.Expression)));

    /// <summary>Every line of text the check reported: the error message and each evidence item's content.</summary>
    public IReadOnlyList<(string Source, string Line)> Lines => _lines ??= ReadLines();

    /// <summary>The first line matching <paramref name="pattern"/>, trimmed to a readable length, as evidence from this check.</summary>
    public (EvidenceLine Line, Match Match)? Find(Regex pattern)
    {
        foreach (var (source, line) in Lines)
        {
            var match = pattern.Match(line);
            if (match.Success)
            {
                return (new EvidenceLine(Name, $"{source}: {Shorten(line.Trim())}"), match);
            }
        }

        return null;
    }

    /// <summary>The last match in the text: a traceback names the exception on its last line.</summary>
    public (EvidenceLine Line, Match Match)? FindLast(Regex pattern)
    {
        for (var i = Lines.Count - 1; i >= 0; i--)
        {
            var (source, line) = Lines[i];
            var match = pattern.Match(line);
            if (match.Success)
            {
                return (new EvidenceLine(Name, $"{source}: {Shorten(line.Trim())}"), match);
            }
        }

        return null;
    }

    /// <summary>A response header's value as the http check's evidence shows it; null when the response did not carry it.</summary>
    public string? ResponseHeader(string name)
    {
        foreach (var evidence in Report.Evidence.Where(e => e.Language == "http"))
        {
            foreach (var line in evidence.Content.Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return null;
    }

    /// <summary>Whether the http check's evidence shows the response headers at all.</summary>
    public bool HasResponseHeaders => Report.Evidence.Any(e => e.Language == "http");

    public string Describe() => Report.Headline is { } headline ? $"{Report.Status.ToWire()}: {headline}" : Report.Status.ToWire();

    public static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    public static string Figure(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Shorten(string text, int max = 200) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string AssertionRoot(string expression)
    {
        var end = 0;
        while (end < expression.Length && (char.IsLetterOrDigit(expression[end]) || expression[end] is '_' or '.'))
        {
            end++;
        }

        return expression[..end];
    }

    private List<(string Source, string Line)> ReadLines()
    {
        var lines = new List<(string, string)>();
        if (Report.Error is { } error)
        {
            lines.Add(($"error ({error.Cause.Name})", error.Message));
        }

        foreach (var evidence in Report.Evidence)
        {
            foreach (var line in evidence.Content.Split('\n'))
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    lines.Add((evidence.Title, line.TrimEnd('\r')));
                }
            }
        }

        return lines;
    }
}
