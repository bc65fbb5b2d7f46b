namespace Serverless.Diag.Silences;

/// <summary>
/// An ad hoc silence (<c>serverless-diag silence</c>): checks of one environment stay quiet until <see cref="Until"/>,
/// or until each of them passes once (<see cref="UntilPass"/>). Kept in the state store, so every instance sees it.
/// </summary>
/// <param name="Id">Short and unique: what <c>--clear</c> takes.</param>
/// <param name="Checks">Empty together with <paramref name="Tags"/>: the whole environment.</param>
/// <param name="Reason">Free text from its author; stored redacted.</param>
/// <param name="CreatedBy">Who or what set it (cli, action, a GitHub login); may be null.</param>
public sealed record Silence(
    string Id,
    string Environment,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset Until,
    string? Reason,
    bool UntilPass,
    string? CreatedBy = null)
{
    /// <summary>Longer than this needs <c>--force</c>: a forgotten silence hides real outages.</summary>
    public static TimeSpan MaxWithoutForce { get; } = TimeSpan.FromDays(7);

    public bool IsActive(DateTimeOffset now) => CreatedAt <= now.AddMinutes(5) && now < Until;

    public bool Covers(string environment, string check, IReadOnlyCollection<string> tags) =>
        string.Equals(Environment, environment, StringComparison.Ordinal)
        && ((Checks.Count == 0 && Tags.Count == 0)
            || Checks.Contains(check, StringComparer.Ordinal)
            || Tags.Any(t => tags.Contains(t, StringComparer.Ordinal)));

    /// <summary>A new id: eight hex digits, enough to be unique among the few silences alive at once.</summary>
    public static string NewId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));
}
