using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Functions.Diagnose;
using Serverless.Diag.Functions.Invocations;
using Serverless.Diag.Functions.Logging;
using Serverless.Diag.Functions.Running;
using Serverless.Diag.Functions.Scheduled;
using Serverless.Diag.Hosting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Functions.Hosting;

/// <summary>Composes the handler: Kestrel on the host's port, the two functions, the readiness probe.</summary>
public static class FunctionsApp
{
    /// <param name="environment">The process environment (app settings, <c>${env:...}</c> secrets); a dictionary in tests.</param>
    /// <param name="configure">Last word on the services, for tests (a FakeTimeProvider, a fake incident sink).</param>
    public static WebApplication Build(HandlerSettings settings, Func<string, string?> environment, Action<IServiceCollection>? configure = null)
    {
        // The slim builder skips configuration sources and features a custom handler never uses: faster cold start.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = false;
        });
        builder.Logging.AddProvider(new InvocationLogProvider());

        // ASP.NET Core's request logs would print the query, which may hold the function key (code=).
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ProbeCatalog.CreateDefault());
        services.AddSingleton(sp =>
        {
            var secrets = new SecretRedactor();
            secrets.Add(environment("GITHUB_TOKEN"));
            secrets.Add(settings.ApiKey);
            return new RedactingLoggerFactory(sp.GetRequiredService<ILoggerFactory>(), secrets);
        });
        services.AddSingleton(sp => new DiagnosisPipeline(
            sp.GetRequiredService<Serverless.Diag.Probes.ProbeRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RedactingLoggerFactory>(),
            environment));
        services.AddSingleton<IIncidentSinkFactory>(sp => new GitHubIncidentSinkFactory(
            environment,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RedactingLoggerFactory>()));
        services.AddSingleton<DiagnosisService>();
        services.AddSingleton<ScheduledDiagnosisFunction>();
        if (settings.Standalone)
        {
            services.AddSingleton<StandaloneScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<StandaloneScheduler>());
        }

        configure?.Invoke(services);

        var app = builder.Build();
        app.Use(ContainFailuresAsync);
        app.MapGet("/", () => Results.Text("ok"));
        ScheduledDiagnosisEndpoint.Map(app);
        DiagnoseEndpoint.Map(app);
        return app;
    }

    // The engine turns a target's faults into results; anything reaching here is our bug. Answer 500 with
    // the exception's type only: the host shows the body to callers, and a stack trace helps no one there.
    private static async Task ContainFailuresAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var loggers = context.RequestServices.GetRequiredService<RedactingLoggerFactory>();
            loggers.CreateLogger("Serverless.Diag.Functions").LogError(e, "Unexpected failure on {Path}", context.Request.Path.Value);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(
                    new ErrorBody($"internal error ({e.GetType().Name}); see the function's logs"),
                    ErrorJson.Default.ErrorBody,
                    contentType: "application/json; charset=utf-8");
            }
        }
    }
}
