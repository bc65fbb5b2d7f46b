using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Http;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary>
/// The standalone mode: the same scheduled run and <c>/api/diagnose</c> as the Functions app, in one process.
/// A config that cannot run, a bad schedule, or a public address without DIAG_API_KEY is refused at start (exit 2).
/// </summary>
internal static class ServeCommand
{
    /// <summary>Kestrel's own ceiling; the endpoint refuses bodies over 8 KB itself (413) before this matters.</summary>
    private const long MaxRequestBodyBytes = 64 * 1024;

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

        await using var app = Build(settings, listen, apiKey, services.Environment);
        await app.StartAsync(cancellationToken);
        await services.Stderr.WriteLineAsync($"serverless-diag serve: /api/diagnose on {string.Join(", ", listen)}; ScheduledDiagnosis on '{settings.Schedule}' (UTC); state: {state?.Description ?? "none (DIAG_STATE not set)"}");
        try
        {
            // Returns on SIGTERM (the host's console lifetime) or Ctrl+C (the command's token).
            await app.WaitForShutdownAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Passed;
    }

    internal static WebApplication Build(DiagnosisSettings settings, IReadOnlyList<string> listen, string? apiKey, Func<string, string?> environment, Action<IServiceCollection>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls([.. listen]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = false;
        });

        // ASP.NET Core's request logs would print the query, which may hold the key (code=).
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);

        builder.Services.AddDiagnosis(settings, environment, apiKey);
        builder.Services.AddSingleton<CronScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CronScheduler>());
        configure?.Invoke(builder.Services);

        var app = builder.Build();

        // RequestDelegate endpoints, not route handlers: a route handler's metadata asks for its delegate's MethodInfo,
        // which in the Native AOT binary builds a reverse lookup over every method (about 5% of serve's start-up).
        app.MapGet("/", static context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("ok", context.RequestAborted);
        });
        app.MapMethods(DiagnoseHttpHandler.Route, [HttpMethods.Get, HttpMethods.Post], static context =>
            context.RequestServices.GetRequiredService<DiagnoseHttpHandler>().InvokeAsync(context));
        return app;
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
