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
            sp.GetRequiredService<RedactingLoggerFactory>()));
        services.AddSingleton<IIncidentFilingLock, InProcessIncidentFilingLock>();
        services.AddSingleton(sp => new DiagnosisService(
            sp.GetRequiredService<DiagnosisPipeline>(),
            settings,
            sp.GetRequiredService<IIncidentSinkFactory>(),
            sp.GetRequiredService<IIncidentFilingLock>(),
            sp.GetRequiredService<RedactingLoggerFactory>(),
            environment,
            sp.GetRequiredService<IHostApplicationLifetime>()));
        services.AddSingleton<ScheduledDiagnosisRunner>();
        services.AddSingleton(new DiagnoseHttpOptions(apiKey));
        services.AddSingleton<DiagnoseHttpHandler>();
        return services;
    }
}
