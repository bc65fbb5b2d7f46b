using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Http;
using Serverless.Diag.Hosting.Scheduling;

namespace Serverless.Diag.Hosting;

/// <summary>The Functions worker's registration of <see cref="DiagnosisComponents"/>, the graph <c>serve</c> composes directly: both behave the same.</summary>
public static class DiagnosisServices
{
    /// <param name="environment">The app settings (process environment; a dictionary in tests).</param>
    /// <param name="apiKey">A key /api/diagnose checks itself (null under the Functions host, which checks the function key).</param>
    public static IServiceCollection AddDiagnosis(this IServiceCollection services, DiagnosisSettings settings, Func<string, string?> environment, string? apiKey = null)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ProbeCatalog.CreateDefault());
        services.AddSingleton(sp => DiagnosisComponents.Compose(
            settings,
            environment,
            apiKey,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Probes.ProbeRegistry>(),
            sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));

        // What the functions take; the container disposes the components, not these views of them.
        services.AddSingleton<DiagnoseHttpHandler>(sp => sp.GetRequiredService<DiagnosisComponents>().Http);
        services.AddSingleton<ScheduledDiagnosisRunner>(sp => sp.GetRequiredService<DiagnosisComponents>().Runner);
        return services;
    }
}
