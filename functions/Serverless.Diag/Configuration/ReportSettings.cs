namespace Serverless.Diag.Configuration;

/// <summary>The <c>report:</c> block: whether the timer keeps a monthly availability report issue (read by <see cref="ReportSection"/>).</summary>
public sealed record ReportSettings
{
    public const string DefaultLabel = "availability-report";

    /// <summary><c>issue: monthly</c>: one GitHub issue per calendar month, edited in place as the month goes.</summary>
    public bool MonthlyIssue { get; init; }

    /// <summary>Labels of the report issue; it is found again by the first one and its title.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [DefaultLabel];

    public static ReportSettings Of(DiagConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Section<ReportSettings>(ReportSection.SectionKey) ?? new ReportSettings();
    }
}
