namespace Serverless.Diag.Reporting;

/// <summary>What silences a check this run: its incident neither opens, escalates, reminds nor notifies.</summary>
/// <param name="Kind">maintenance (a planned window), silence (<c>serverless-diag silence</c>), snooze (<c>/diag snooze</c>) or label (the issue's <c>silenced</c> label).</param>
/// <param name="Name">The window's name, or the silence's id.</param>
/// <param name="Until">When it ends; null while open-ended (the <c>silenced</c> label).</param>
/// <param name="Reason">Why, as its author wrote it (already redacted).</param>
public sealed record SilenceMark(string Kind, string Name, DateTimeOffset? Until, string? Reason = null)
{
    public const string Maintenance = "maintenance";
    public const string Silence = "silence";
    public const string Snooze = "snooze";
    public const string Label = "label";

    /// <summary>One line for text reports: <c>silenced: maintenance weekly-db until 2026-03-29 03:00 UTC</c>.</summary>
    public string Describe() =>
        $"{Kind} {Name} " + (Until is { } until ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "until removed");
}
