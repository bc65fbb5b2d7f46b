using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Http;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Hosting.Scheduling;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting;

/// <summary>The services the Functions worker and <c>serve</c> share: one registration, so both behave the same.</summary>
public static class DiagnosisServices
{
    /// <summary>
    /// How long a run waits for another instance filing the same environment's incidents. Filing takes seconds;
    /// the wait stays well inside the HTTP trigger's 230 s after a full diagnose budget.
    /// </summary>
    public static readonly TimeSpan IncidentLeaseWait = TimeSpan.FromSeconds(20);

    /// <param name="environment">The app settings (process environment; a dictionary in tests).</param>
    /// <param name="apiKey">serve's own key for /api/diagnose (null under the Functions host, which checks the function key).</param>
    public static IServiceCollection AddDiagnosis(this IServiceCollection services, DiagnosisSettings settings, Func<string, string?> environment, string? apiKey = null)
    {
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ProbeCatalog.CreateDefault());
        services.AddSingleton(sp =>
        {
            var secrets = new SecretRedactor();
            secrets.Add(environment("GITHUB_TOKEN"));
            secrets.Add(apiKey);
            return new RedactingLoggerFactory(sp.GetRequiredService<ILoggerFactory>(), secrets);
        });
        services.AddSingleton(sp => new DiagnosisPipeline(
            sp.GetRequiredService<Probes.ProbeRegistry>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RedactingLoggerFactory>(),
            environment));
        services.AddSingleton<IIncidentSinkFactory>(sp => new GitHubIncidentSinkFactory(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RedactingLoggerFactory>(),
            sp.GetRequiredService<DiagnosisState>().Store));
        services.AddSingleton(sp => DiagnosisState.Open(settings.State, sp.GetRequiredService<RedactingLoggerFactory>().Secrets));

        // With a state store, filing holds the store's lease per environment: other instances and processes wait too.
        services.AddSingleton<IIncidentFilingLock>(sp => sp.GetRequiredService<DiagnosisState>().Store is { } store
            ? new StoreIncidentFilingLock(store, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RedactingLoggerFactory>().CreateLogger("Serverless.Diag.State"), IncidentLeaseWait)
            : new InProcessIncidentFilingLock());
        services.AddSingleton(sp => new DiagnosisService(
            sp.GetRequiredService<DiagnosisPipeline>(),
            settings,
            sp.GetRequiredService<IIncidentSinkFactory>(),
            sp.GetRequiredService<IIncidentFilingLock>(),
            sp.GetRequiredService<RedactingLoggerFactory>(),
            environment,
            sp.GetRequiredService<IHostApplicationLifetime>())
        {
            State = sp.GetRequiredService<DiagnosisState>(),
        });
        services.AddSingleton(sp => new History.HistoryPublisher(
            sp.GetRequiredService<DiagnosisState>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RedactingLoggerFactory>(),
            environment));
        services.AddSingleton(sp => new ScheduledDiagnosisRunner(sp.GetRequiredService<DiagnosisService>(), sp.GetRequiredService<History.HistoryPublisher>()));
        services.AddSingleton(new DiagnoseHttpOptions(apiKey));
        services.AddSingleton<DiagnoseHttpHandler>();
        return services;
    }
}
