namespace Serverless.Diag.Functions.Running;

/// <summary>Which part of the config to run, and whether to file incidents. Names only: never a URL or a query.</summary>
public sealed record DiagnosisRequest
{
    public IReadOnlyList<string> Environments { get; init; } = [];

    public IReadOnlyList<string> Checks { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool FileIssues { get; init; }

    /// <summary>Requests with the same key share one run while it is in flight.</summary>
    public string Key => string.Join(
        '|',
        Canonical(Environments),
        Canonical(Checks),
        Canonical(Tags),
        FileIssues ? "issues" : "no-issues");

    private static string Canonical(IReadOnlyList<string> names) =>
        string.Join(',', names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
