using Microsoft.Extensions.Logging;
using Serverless.Diag.Cli.Infrastructure.Logging;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>What every command needs; created once per invocation.</summary>
internal sealed class CliServices : IDisposable
{
    private readonly DeferredLoggerFactory _console;
    private readonly RedactingLoggerFactory _logs;

    public CliServices(TextWriter stdout, TextWriter stderr, Func<string, string?> environment, TimeProvider? timeProvider = null)
    {
        Stdout = stdout;
        Stderr = stderr;
        Environment = environment;
        TimeProvider = timeProvider ?? TimeProvider.System;
        var verbose = environment("DIAG_VERBOSE") is "1" or "true";

        // Logs go to stderr: stdout carries only the report. Every line is masked before the console sees it, with the
        // process's own credentials from the start and the run's secrets once it is planned (IncludeRunSecrets).
        var minimumLevel = verbose ? LogLevel.Debug : LogLevel.Warning;
        _console = new DeferredLoggerFactory(() => ConsoleLogging.Create(minimumLevel, standardError: true), minimumLevel);
        var processSecrets = new SecretRedactor();
        processSecrets.Add(environment("GITHUB_TOKEN"));
        processSecrets.Add(environment("AZURE_CLIENT_SECRET"));
        processSecrets.AddRange(CredentialParts.Extract(environment("DIAG_STATE") ?? string.Empty));

        _logs = new RedactingLoggerFactory(_console, processSecrets);
        LoggerFactory = _logs;
        Pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider, LoggerFactory, environment);
    }

    public TextWriter Stdout { get; }

    public TextWriter Stderr { get; }

    public Func<string, string?> Environment { get; }

    public TimeProvider TimeProvider { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>From here on, log lines mask the run's secrets too; call it as soon as the run is planned.</summary>
    public void IncludeRunSecrets(SecretRedactor secrets) => _logs.Include(secrets);

    public DiagnosisPipeline Pipeline { get; }

    public static CliServices ForProcess() =>
        new(System.Console.Out, System.Console.Error, System.Environment.GetEnvironmentVariable);

    public void Dispose() => _console.Dispose();
}
