namespace Serverless.Diag.Configuration;

/// <summary>
/// One check as written, before interpolation. Settings that only its probe understands stay as
/// config nodes; the planner interpolates them per environment and hands them to the probe factory.
/// </summary>
public sealed record CheckDefinition
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required SourceMark Mark { get; init; }

    public string? Description { get; init; }

    public Severity Severity { get; init; } = Severity.P2;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public int Retries { get; init; }

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public IReadOnlyList<ConfigScalar> DependsOn { get; init; } = [];

    /// <summary>Null: every environment.</summary>
    public IReadOnlyList<string>? Environments { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The <c>expect</c> lines as written (a <c>warn:</c> mapping already unwrapped).</summary>
    public IReadOnlyList<ExpectLine> Expect { get; init; } = [];

    /// <summary>Hints written in the config, shown with the probe's own.</summary>
    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>Thresholds and schedule: what this check asks of the state store.</summary>
    public CheckMemory Memory { get; init; } = CheckMemory.None;

    /// <summary>Where a <c>baseline</c> in the assertions comes from (<c>baseline:</c>, else <c>defaults:</c>, else 7 days, 10 runs, median).</summary>
    public BaselineSettings Baseline { get; init; } = BaselineSettings.Default;

    /// <summary><c>trend:</c>: forecast when the limited measurements cross their limits; null: no forecast.</summary>
    public TrendSettings? Trend { get; init; }

    /// <summary>Checks to run next when this one fails or errors (<c>on_failure</c>), in the same run.</summary>
    public IReadOnlyList<string> OnFailure => [.. OnFailureNames.Select(n => n.Value)];

    /// <summary><c>on_failure</c> as written, with positions.</summary>
    public IReadOnlyList<ConfigScalar> OnFailureNames { get; init; } = [];

    /// <summary><c>schedule: on_failure</c>: the check runs only as another check's follow-up, never on its own.</summary>
    public bool FollowUpOnly { get; init; }

    /// <summary>
    /// Whether http, websocket and http-load requests carry a W3C <c>traceparent</c> (the trace id is the
    /// availability result's operation id, so a failing check opens onto the server's own trace).
    /// </summary>
    public bool Trace { get; init; } = true;

    /// <summary>Probe-specific settings (url, connection, query...), not yet interpolated.</summary>
    public required ConfigMapping Settings { get; init; }

    /// <summary>The keys config sections add to checks (<see cref="IConfigSection.CheckKeys"/>), as written; read by their section.</summary>
    internal ConfigMapping SectionSettings { get; init; } = new([], SourceMark.None);

    public bool RunsIn(string environment) => Environments is null || Environments.Contains(environment, StringComparer.Ordinal);
}

/// <param name="Text">The assertion source.</param>
/// <param name="IsWarning">Written as <c>warn: ...</c>: its failure degrades, not fails.</param>
/// <param name="Parsed">
/// Parsed once at load when the line uses no variables (null if it was refused there, with its position);
/// a line with variables is parsed per environment by the planner, after interpolation.
/// </param>
public sealed record ExpectLine(ConfigScalar Text, bool IsWarning, Assertions.Assertion? Parsed = null)
{
    public bool HasVariables => Text.Value.Contains("${", StringComparison.Ordinal);
}
