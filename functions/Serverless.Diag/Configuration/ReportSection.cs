namespace Serverless.Diag.Configuration;

/// <summary>The <c>report:</c> block: the monthly availability report the timer keeps as one GitHub issue.</summary>
public sealed class ReportSection : IConfigSection
{
    public const string SectionKey = "report";

    private static readonly string[] IssueValues = ["monthly", "off"];

    public string Key => SectionKey;

    public IReadOnlyList<SettingKey> Keys { get; } =
    [
        new("issue", SettingKind.Text, "monthly: the timer keeps one availability report issue per month, edited in place; off (default): none."),
        new("labels", SettingKind.List, "Labels of the report issue (default [availability-report]); it is found again by the first."),
    ];

    public IReadOnlyList<SettingKey> CheckKeys { get; } = [];

    public object Read(ConfigMapping? block, IReadOnlyList<SectionCheck> checks, NodeReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (block is null)
        {
            return new ReportSettings();
        }

        var monthly = false;
        if (reader.Scalar(block["issue"], "'report.issue'") is { } issue)
        {
            if (!IssueValues.Contains(issue.Value, StringComparer.Ordinal))
            {
                reader.Diagnostics.Add(issue, $"'report.issue' must be monthly or off, not '{NodeReader.Shown(issue)}'{Suggestions.DidYouMean(issue.Value, IssueValues)}");
            }

            monthly = issue.Value == "monthly";
        }

        var labelNode = block["labels"];
        var labels = labelNode is null ? null : reader.Names(labelNode, "'report.labels'").Select(s => s.Value).ToList();
        if (labelNode is not null && labels is { Count: 0 })
        {
            reader.Diagnostics.Add(labelNode, "'report.labels' needs at least one label: the report issue is found again by it");
        }

        return new ReportSettings { MonthlyIssue = monthly, Labels = labels is { Count: > 0 } ? labels : [ReportSettings.DefaultLabel] };
    }
}
