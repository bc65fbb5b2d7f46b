namespace Serverless.Diag.Configuration;

public sealed partial class ConfigLoader
{
    private static readonly string[] GitHubKeys =
        ["repository", "labels", "template", "close_after", "reopen_within", "remind_every", "storm_threshold", "escalate_after", "failure_threshold", "success_threshold"];

    private static GitHubSettings ReadGitHub(NodeReader reader, ConfigNode? node)
    {
        var defaults = new GitHubSettings();
        if (reader.Mapping(node, "'github'") is not { } mapping)
        {
            return defaults;
        }

        reader.UnknownKeys(mapping, GitHubKeys, "'github'");
        var labels = mapping["labels"] is { } labelNode ? reader.Names(labelNode, "'github.labels'").Select(s => s.Value).ToList() : defaults.Labels;
        var escalation = new Dictionary<Severity, TimeSpan>();
        if (reader.Mapping(mapping["escalate_after"], "'github.escalate_after'") is { } perSeverity)
        {
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
        }

        // 'close_after' is the older name of 'success_threshold': either may be written, not both.
        var closeAfterNode = mapping["success_threshold"] ?? mapping["close_after"];
        if (mapping["success_threshold"] is not null && mapping["close_after"] is not null)
        {
            reader.Diagnostics.Add(mapping.KeyOf("close_after")!, "'github.close_after' is another name for 'github.success_threshold': write only one");
        }

        var failureNode = mapping["failure_threshold"];
        var failureThreshold = reader.Int(failureNode, "'github.failure_threshold'", 1, 1000);
        return new GitHubSettings
        {
            Repository = reader.Scalar(mapping["repository"], "'github.repository'")?.Value,
            Labels = labels,
            Template = reader.Scalar(mapping["template"], "'github.template'")?.Value,
            CloseAfter = reader.Int(closeAfterNode, "'github.success_threshold'", 1, 1000) ?? defaults.CloseAfter,
            FailureThreshold = failureThreshold ?? defaults.FailureThreshold,
            FailureThresholdNode = failureThreshold > 1 ? failureNode as ConfigScalar : null,
            ReopenWithin = reader.Duration(mapping["reopen_within"], "'github.reopen_within'") ?? defaults.ReopenWithin,
            RemindEvery = reader.Duration(mapping["remind_every"], "'github.remind_every'") ?? defaults.RemindEvery,
            StormThreshold = reader.Int(mapping["storm_threshold"], "'github.storm_threshold'", 1, 10_000) ?? defaults.StormThreshold,
            EscalateAfter = escalation,
        };
    }
}
