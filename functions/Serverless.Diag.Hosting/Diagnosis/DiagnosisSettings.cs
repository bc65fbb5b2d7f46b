using System.Globalization;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// What the Functions worker and <c>serverless-diag serve</c> read from app settings (environment variables).
/// Read once at start; nothing here is a secret.
/// </summary>
public sealed record DiagnosisSettings
{
    public const string DefaultSchedule = "0 */5 * * * *";
    public const string DefaultConfigFile = "diag.yaml";

    /// <summary>Azure answers an HTTP trigger with 504 after 230 s whatever functionTimeout says; 200 s leaves room to report.</summary>
    public static readonly TimeSpan MaxDiagnoseBudget = TimeSpan.FromSeconds(200);

    /// <summary>Absolute path of diag.yaml.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>NCRONTAB with seconds; the timer trigger reads the same setting through %DIAG_SCHEDULE%.</summary>
    public string Schedule { get; init; } = DefaultSchedule;

    /// <summary>How long /api/diagnose may run checks before it answers with the unfinished ones as not run.</summary>
    public TimeSpan DiagnoseBudget { get; init; } = MaxDiagnoseBudget;

    /// <summary>
    /// How long a call waits for the config to be loaded and planned before it is answered 500 with that problem. A file
    /// within the config limits takes well under a second; the default leaves room for a busy instance.
    /// </summary>
    public TimeSpan PrepareLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// DIAG_MAX_PARALLEL_RUNS: how many runs (distinct selections; identical requests share one) probe at the same time.
    /// Each run reads bodies and keeps results, so this bounds the instance's memory under a burst of calls; the others
    /// wait their turn, and the wait comes out of their budget. Default: two per core, at least 4.
    /// </summary>
    public int MaxParallelRuns { get; init; } = DefaultMaxParallelRuns;

    public static int DefaultMaxParallelRuns => Math.Max(4, 2 * System.Environment.ProcessorCount);

    /// <summary>
    /// DIAG_ALLOW_LOAD_ON_DEMAND=true: /api/diagnose may run load checks (still only where the environment has
    /// allow_load). Off by default: whoever can call the endpoint could otherwise put load on a target at will,
    /// as often as they like. Scheduled runs are not affected.
    /// </summary>
    public bool AllowLoadOnDemand { get; init; }

    /// <summary>
    /// DIAG_STATE: the state store (a directory, a table endpoint or a storage connection string); null: no memory
    /// across runs. May hold a key: never logged as it is.
    /// </summary>
    public string? State { get; init; }

    /// <summary>Reads DIAG_CONFIG (relative to <paramref name="appRoot"/>), DIAG_SCHEDULE, DIAG_DIAGNOSE_BUDGET and DIAG_STATE.</summary>
    /// <exception cref="ArgumentException">A setting is unusable; the message names it.</exception>
    public static DiagnosisSettings From(Func<string, string?> environment, string appRoot, string? configOverride = null)
    {
        var configSetting = NonEmpty(configOverride) ?? NonEmpty(environment("DIAG_CONFIG")) ?? DefaultConfigFile;
        return new DiagnosisSettings
        {
            ConfigPath = Path.GetFullPath(configSetting, appRoot),
            Schedule = NonEmpty(environment("DIAG_SCHEDULE")) ?? DefaultSchedule,
            DiagnoseBudget = ReadBudget(NonEmpty(environment("DIAG_DIAGNOSE_BUDGET"))),
            AllowLoadOnDemand = Flag(environment, "DIAG_ALLOW_LOAD_ON_DEMAND"),
            MaxParallelRuns = ReadParallelRuns(NonEmpty(environment("DIAG_MAX_PARALLEL_RUNS"))),
            State = StateStores.Setting(null, environment),
        };
    }

    private static TimeSpan ReadBudget(string? text)
    {
        if (text is null)
        {
            return MaxDiagnoseBudget;
        }

        var number = text.EndsWith('s') ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || double.IsNaN(seconds)
            || seconds < 1 || seconds > MaxDiagnoseBudget.TotalSeconds)
        {
            throw new ArgumentException(
                $"DIAG_DIAGNOSE_BUDGET must be a number of seconds from 1 to {MaxDiagnoseBudget.TotalSeconds:0} (Azure ends an HTTP call at 230 s); got '{(text.Length > 20 ? text[..20] + "…" : text)}'");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static int ReadParallelRuns(string? text)
    {
        if (text is null)
        {
            return DefaultMaxParallelRuns;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) || runs < 1 || runs > 1000)
        {
            throw new ArgumentException($"DIAG_MAX_PARALLEL_RUNS must be a whole number from 1 to 1000; got '{(text.Length > 20 ? text[..20] + "…" : text)}'");
        }

        return runs;
    }

    private static bool Flag(Func<string, string?> environment, string name) => NonEmpty(environment(name)) switch
    {
        null => false,
        var text when bool.TryParse(text, out var flag) => flag,
        var text => throw new ArgumentException($"{name} must be true or false, not '{(text.Length > 20 ? text[..20] + "…" : text)}'"),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
