using System.Globalization;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>Which part of the config to run, and whether to file incidents. Names only: never a URL or a query.</summary>
public sealed record DiagnosisRequest
{
    public IReadOnlyList<string> Environments { get; init; } = [];

    public IReadOnlyList<string> Checks { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool FileIssues { get; init; }

    /// <summary>Only the checks whose interval has passed (the timer); needs a state store, else every check is due.</summary>
    public bool DueOnly { get; init; }

    /// <summary>Checks not finished by then are reported as not run (HTTP: Azure's 230 s limit); null: no limit.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>Requests with the same key share one run while it is in flight.</summary>
    public string Key => string.Join(
        '|',
        Canonical(Environments),
        Canonical(Checks),
        Canonical(Tags),
        FileIssues ? "issues" : "no-issues",
        DueOnly ? "due" : "all",
        Budget is { } budget ? budget.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) : "unbounded");

    private static string Canonical(IReadOnlyList<string> names) =>
        string.Join(',', names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
