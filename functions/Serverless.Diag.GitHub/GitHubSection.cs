using Serverless.Diag.Configuration;

namespace Serverless.Diag.GitHub;

/// <summary>
/// The incident policy keys: the <c>github:</c> block and a check's <c>escalate_after</c>. They mean something only
/// to this pack's sinks, so this pack reads them; the engine just routes the nodes here.
/// </summary>
public sealed class GitHubSection : IConfigSection
{
    public const string SectionKey = "github";

    public string Key => SectionKey;

    public IReadOnlyList<SettingKey> Keys { get; } =
    [
        new("repository", SettingKind.Text, "owner/name; default GITHUB_REPOSITORY."),
        new("labels", SettingKind.List, "Labels every incident carries; issues are found again by them."),
        new("template", SettingKind.Text, "The repository's issue template (Markdown with front matter, or an issue form .yml)."),
        new("close_after", SettingKind.Integer, "Older name of success_threshold: consecutive passing runs before an incident is closed."),
        new("success_threshold", SettingKind.Integer, "Consecutive passing runs before an incident is closed (default 2); a check's own success_threshold wins."),
        new("failure_threshold", SettingKind.Integer, "Consecutive failing runs before an incident opens (default 1; above 1 needs a state store); a check's own failure_threshold wins."),
        new("reopen_within", SettingKind.Text, "A check failing again within this time reopens its last issue."),
        new("remind_every", SettingKind.Text, "Reminder comment interval while still failing."),
        new("storm_threshold", SettingKind.Integer, "More failing checks than this in one environment: one environment-level incident."),
        new("escalate_after", SettingKind.Map, "Per severity (P0..P3): failing longer than this escalates one step."),
    ];

    public IReadOnlyList<SettingKey> CheckKeys { get; } =
    [
        new("escalate_after", SettingKind.Text, "Failing longer than this raises the incident's severity one step."),
    ];

    public object Read(ConfigMapping? block, IReadOnlyList<SectionCheck> checks, NodeReader reader)
    {
        var perCheck = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var check in checks)
        {
            if (reader.Duration(check.Settings["escalate_after"], "'escalate_after'") is { } delay)
            {
                perCheck[check.Name] = delay;
            }
        }

        var defaults = new GitHubSettings { CheckEscalateAfter = perCheck };
        if (block is null)
        {
            return defaults;
        }

        // 'close_after' is the older name of 'success_threshold': either may be written, not both.
        if (block["success_threshold"] is not null && block.KeyOf("close_after") is { } closeAfterKey)
        {
            reader.Diagnostics.Add(closeAfterKey, "'github.close_after' is another name for 'github.success_threshold': write only one");
        }

        var failureNode = block["failure_threshold"];
        var failureThreshold = reader.Int(failureNode, "'github.failure_threshold'", 1, 1000);
        var labels = block["labels"] is { } labelNode ? reader.Names(labelNode, "'github.labels'").Select(s => s.Value).ToList() : defaults.Labels;
        return defaults with
        {
            Repository = reader.Scalar(block["repository"], "'github.repository'")?.Value,
            Labels = labels,
            Template = reader.Scalar(block["template"], "'github.template'")?.Value,
            CloseAfter = reader.Int(block["success_threshold"] ?? block["close_after"], "'github.success_threshold'", 1, 1000) ?? defaults.CloseAfter,
            FailureThreshold = failureThreshold ?? defaults.FailureThreshold,
            FailureThresholdNode = failureThreshold > 1 ? failureNode as ConfigScalar : null,
            ReopenWithin = reader.Duration(block["reopen_within"], "'github.reopen_within'") ?? defaults.ReopenWithin,
            RemindEvery = reader.Duration(block["remind_every"], "'github.remind_every'") ?? defaults.RemindEvery,
            StormThreshold = reader.Int(block["storm_threshold"], "'github.storm_threshold'", 1, 10_000) ?? defaults.StormThreshold,
            EscalateAfter = ReadEscalation(block, reader),
        };
    }

    private static Dictionary<Severity, TimeSpan> ReadEscalation(ConfigMapping block, NodeReader reader)
    {
        var escalation = new Dictionary<Severity, TimeSpan>();
        if (reader.Mapping(block["escalate_after"], "'github.escalate_after'") is not { } perSeverity)
        {
            return escalation;
        }

        foreach (var (key, value) in perSeverity.Entries)
        {
            if (!SeverityExtensions.TryParse(key.Value, out var severity))
            {
                reader.Diagnostics.Add(key, $"'{key.Value}' is not a severity (P0, P1, P2, P3)");
                continue;
            }

            if (reader.Duration(value, $"'github.escalate_after.{key.Value}'") is { } delay)
            {
                escalation[severity] = delay;
            }
        }

        return escalation;
    }
}
