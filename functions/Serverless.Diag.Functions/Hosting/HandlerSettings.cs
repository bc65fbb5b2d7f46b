namespace Serverless.Diag.Functions.Hosting;

/// <summary>
/// What the Functions host (or the operator, in standalone mode) tells the handler through app settings.
/// Read once at start; nothing here is a secret.
/// </summary>
public sealed record HandlerSettings
{
    public const string DefaultSchedule = "0 */5 * * * *";
    public const string DefaultConfigFile = "diag.yaml";
    public const string DefaultStandaloneUrl = "http://127.0.0.1:7071";

    /// <summary>Absolute path of diag.yaml.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>NCRONTAB with seconds; the timer trigger reads the same setting through %DIAG_SCHEDULE%.</summary>
    public string Schedule { get; init; } = DefaultSchedule;

    /// <summary>Where Kestrel listens: 127.0.0.1 and the port the host chose, or DIAG_URLS in standalone mode.</summary>
    public required IReadOnlyList<string> Urls { get; init; }

    /// <summary>Schedule ScheduledDiagnosis ourselves instead of waiting for a Functions host.</summary>
    public bool Standalone { get; init; }

    /// <summary>
    /// Standalone only: the key /api/diagnose requires (x-functions-key header or code= query), standing in for
    /// the host's authLevel: function. Null leaves the endpoint open, which is only sensible on loopback.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>
    /// DIAG_ALLOW_LOAD_ON_DEMAND=true: /api/diagnose may run load checks (still only where the environment has
    /// allow_load). Off by default: whoever can call the endpoint could otherwise put load on a target at will,
    /// as often as they like. Scheduled runs are not affected.
    /// </summary>
    public bool AllowLoadOnDemand { get; init; }

    /// <summary>Reads the settings from the process environment (or a test's dictionary) and the command line.</summary>
    /// <exception cref="ArgumentException">A setting is unusable; the message says which.</exception>
    public static HandlerSettings From(IReadOnlyList<string> args, Func<string, string?> environment, string workingDirectory)
    {
        var standalone = args.Contains("--standalone", StringComparer.Ordinal);
        var unknown = args.Where(a => a != "--standalone").ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown argument '{unknown[0]}' (the only option is --standalone)");
        }

        var scriptRoot = NonEmpty(environment("AzureWebJobsScriptRoot")) ?? workingDirectory;
        var configSetting = NonEmpty(environment("DIAG_CONFIG")) ?? DefaultConfigFile;
        var configPath = Path.GetFullPath(configSetting, scriptRoot);

        var port = NonEmpty(environment("FUNCTIONS_CUSTOMHANDLER_PORT")) ?? NonEmpty(environment("FUNCTIONS_HTTPWORKER_PORT"));
        IReadOnlyList<string> urls;
        if (port is not null)
        {
            if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 0 or > 65535)
            {
                throw new ArgumentException($"FUNCTIONS_CUSTOMHANDLER_PORT is not a port number: '{port}'");
            }

            // The host calls us on loopback only; nothing else should reach the handler.
            urls = [$"http://127.0.0.1:{number}"];
        }
        else if (standalone)
        {
            urls = (NonEmpty(environment("DIAG_URLS")) ?? DefaultStandaloneUrl)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else
        {
            throw new ArgumentException("FUNCTIONS_CUSTOMHANDLER_PORT is not set: start this program from the Functions host, or with --standalone");
        }

        return new HandlerSettings
        {
            ConfigPath = configPath,
            Schedule = NonEmpty(environment("DIAG_SCHEDULE")) ?? DefaultSchedule,
            Urls = urls,
            Standalone = standalone,
            ApiKey = standalone ? NonEmpty(environment("DIAG_API_KEY")) : null,
            AllowLoadOnDemand = Flag(environment, "DIAG_ALLOW_LOAD_ON_DEMAND"),
        };
    }

    private static bool Flag(Func<string, string?> environment, string name) => NonEmpty(environment(name)) switch
    {
        null => false,
        var text when bool.TryParse(text, out var flag) => flag,
        var text => throw new ArgumentException($"{name} must be true or false, not '{text}'"),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
