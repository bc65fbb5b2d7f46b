using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Serverless.Diag.Cli.Infrastructure.Logging;

/// <summary>
/// The command line's console logging, built from the library's parts directly (its provider and filter rules, a
/// formatter of the same format) instead of through <see cref="LoggerFactory.Create"/>, whose DI container resolves
/// dozens of open generics that the Native AOT binary would construct at run time.
/// </summary>
internal static class ConsoleLogging
{
    /// <param name="minimum">Lines below it are not written.</param>
    /// <param name="standardError">Every line to stderr (the command line keeps stdout for the report), or to stdout (serve).</param>
    /// <param name="frameworkMinimum">The minimum for the framework's own categories (Microsoft.*, System.*), if higher.</param>
    /// <param name="extra">Another provider that receives the same lines through the same filters (tests record them).</param>
    public static ILoggerFactory Create(LogLevel minimum, bool standardError, LogLevel? frameworkMinimum = null, ILoggerProvider? extra = null)
    {
        var colors = UsesColors(standardError ? Console.IsErrorRedirected : Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
        var console = new ConsoleLoggerProvider(
            new FixedOptions(new ConsoleLoggerOptions
            {
                FormatterName = SingleLineConsoleFormatter.FormatterName,
                LogToStandardErrorThreshold = standardError ? LogLevel.Trace : LogLevel.None,
            }),
            [new SingleLineConsoleFormatter(colors)]);
        var filters = new LoggerFilterOptions { MinLevel = minimum };
        if (frameworkMinimum is { } framework)
        {
            filters.Rules.Add(new LoggerFilterRule(null, "Microsoft", framework, null));
            filters.Rules.Add(new LoggerFilterRule(null, "System", framework, null));
        }

        // Added, not passed in: the factory disposes what is added, and disposing the console provider writes out its queue.
        var factory = new LoggerFactory(extra is null ? [] : [extra], filters);
        factory.AddProvider(console);
        return factory;
    }

    /// <summary>
    /// The console's own rule: colours on a terminal unless NO_COLOR is set (no-color.org), and on a redirected stream
    /// only when DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION is 1 or true (CI logs that render colour).
    /// </summary>
    internal static bool UsesColors(bool redirected, Func<string, string?> environment) => redirected
        ? environment("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION") is { } allow && (allow == "1" || allow.Equals("true", StringComparison.OrdinalIgnoreCase))
        : string.IsNullOrEmpty(environment("NO_COLOR"));

    /// <summary>Options that never change: the console provider takes a monitor, and nothing here reloads.</summary>
    private sealed class FixedOptions(ConsoleLoggerOptions value) : IOptionsMonitor<ConsoleLoggerOptions>
    {
        public ConsoleLoggerOptions CurrentValue => value;

        public ConsoleLoggerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleLoggerOptions, string?> listener) => null;
    }
}
