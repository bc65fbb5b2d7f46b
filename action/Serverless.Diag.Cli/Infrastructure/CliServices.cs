using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>What every command needs; created once per invocation.</summary>
internal sealed class CliServices : IDisposable
{
    public CliServices(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider? timeProvider = null)
    {
        Stdout = stdout;
        Stderr = stderr;
        Environment = environment;
        TimeProvider = timeProvider ?? TimeProvider.System;
        var verbose = environment("DIAG_VERBOSE") is "1" or "true";

        // Logs go to stderr: stdout carries only the report.
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
        Pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider, LoggerFactory, environment);
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    public Func<string, string?> Environment { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }

    public DiagnosisPipeline Pipeline { get; }

    public static CliServices ForProcess() =>
        new(System.Console.Out, System.Console.Error, System.Environment.GetEnvironmentVariable);

    public void Dispose() => LoggerFactory.Dispose();
}
