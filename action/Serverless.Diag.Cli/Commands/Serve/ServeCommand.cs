using System.Net;
using System.Runtime.InteropServices;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary>
/// The standalone mode: the same scheduled run and <c>/api/diagnose</c> as the Functions app, in one process.
/// A config that cannot run, a bad schedule, or a public address without DIAG_API_KEY is refused at start (exit 2).
/// </summary>
internal static class ServeCommand
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string configPath, string urls, CliServices services, CancellationToken cancellationToken)
    {
        var listen = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (listen.Length == 0)
        {
            throw new ArgumentException("--urls names no address");
        }

        var apiKey = services.Environment("DIAG_API_KEY") is { } key && !string.IsNullOrWhiteSpace(key) ? key.Trim() : null;
        if (apiKey is null && listen.FirstOrDefault(u => !IsLoopback(u)) is { } open)
        {
            throw new ArgumentException($"refusing to serve /api/diagnose on '{open}' without a key: set DIAG_API_KEY, or listen on loopback only (e.g. {ServeCommandParser.DefaultUrls})");
        }

        var settings = DiagnosisSettings.From(services.Environment, Directory.GetCurrentDirectory(), configPath);
        CronScheduler.Parse(settings.Schedule);

        // Refuse a config that cannot run now, with its positions, rather than serve 500s (exit 2 via CommandGuard);
        // an unusable DIAG_STATE too, and settings that need a state store when DIAG_STATE is not set.
        var state = StateStores.Open(settings.State, new Secrets.SecretRedactor());
        services.Pipeline.Plan(services.Pipeline.LoadConfig(settings.ConfigPath), RunFilter.All, stateConfigured: settings.State is not null);

        await using var host = ServeHost.Create(settings, listen, apiKey, services.Environment);
        await host.StartAsync(cancellationToken);
        await services.Stderr.WriteLineAsync($"serverless-diag serve: /api/diagnose on {string.Join(", ", host.Urls)}; ScheduledDiagnosis on '{settings.Schedule}' (UTC); state: {state?.Description ?? "none (DIAG_STATE not set)"}");
        await UntilStoppedAsync(cancellationToken);

        // As the generic host did: requests in flight get 30 s to finish.
        using var grace = new CancellationTokenSource(ShutdownGrace);
        await host.StopAsync(grace.Token);
        return ExitCodes.Passed;
    }

    /// <summary>Until Ctrl+C (the command's token), or SIGTERM/SIGQUIT as a container runtime or systemd stops a service.</summary>
    private static async Task UntilStoppedAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard", StringComparison.Ordinal).Replace("://+", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
