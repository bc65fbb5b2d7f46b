namespace Serverless.Diag.Configuration;

/// <summary>
/// The bounds a config must stay within, so that a hostile or broken file is refused with a position
/// instead of exhausting the stack, memory or time. Each is far above what a real troubleshooting
/// guide needs; the README lists them.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Nesting of YAML mappings and sequences (the check list itself is level 2).</summary>
    public const int MaxDepth = 64;

    /// <summary>Uses of YAML aliases (<c>*name</c>, merge keys included) in one file.</summary>
    public const int MaxAliasUses = 10_000;

    /// <summary>Size of the document once every alias is expanded: nodes plus characters of scalars.</summary>
    public const long MaxExpandedSize = 20_000_000;

    /// <summary>How deep <c>${var}</c> references may nest (a var whose value uses a var, and so on).</summary>
    public const int MaxVariableDepth = 64;

    /// <summary>Characters one value may have after interpolation.</summary>
    public const int MaxInterpolatedLength = 1024 * 1024;

    /// <summary>Characters interpolation may produce for one environment, all values together.</summary>
    public const long MaxInterpolatedTotal = 64L * 1024 * 1024;

    /// <summary>Problems reported for one config; the rest are counted.</summary>
    public const int MaxReportedProblems = 500;

    /// <summary>A check's per-attempt <c>timeout</c>: timers take at most about 24 days, and an attempt of a day is already no diagnosis.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromHours(24);

    /// <summary>The pause between a check's attempts.</summary>
    public static TimeSpan MaxRetryDelay { get; } = TimeSpan.FromHours(1);
}
