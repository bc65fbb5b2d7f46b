using Serverless.Diag.Reporting;

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
    /// <summary>What set it: <see cref="SilenceMark.Silence"/> (the command line, the Action) or <see cref="SilenceMark.Snooze"/> (<c>/diag snooze</c> in an incident issue).</summary>
    public string Kind { get; init; } = SilenceMark.Silence;

    /// <summary>
    /// The covered checks that have passed since it was set (<see cref="UntilPass"/>): it ends once every covered
    /// check is among them, whether they passed in one run or in several, on one instance or on several.
    /// </summary>
    public IReadOnlyList<string> Passed { get; init; } = [];

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

    /// <summary>
    /// A <c>/diag snooze</c> of one check kept as a silence, so every instance and <c>silence --list</c> see it. Its id
    /// follows from the check and the end: the same snooze seen by several runs or instances is stored once.
    /// </summary>
    /// <param name="by">Who snoozed it, as the issue shows the login.</param>
    public static Silence ForSnooze(string environment, string check, DateTimeOffset snoozedAt, DateTimeOffset until, string? by)
    {
        var key = System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"snooze|{environment}|{check}|{until.ToUnixTimeSeconds()}"));
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key).AsSpan(0, 4));
        return new Silence(id, environment, [check], [], snoozedAt < until ? snoozedAt : until.AddMinutes(-1), until, by, UntilPass: false, CreatedBy: "/diag snooze")
        {
            Kind = SilenceMark.Snooze,
        };
    }
}
