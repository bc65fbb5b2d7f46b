using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.ApplicationInsights;

namespace Serverless.Diag.Functions;

/// <summary>
/// The worker's own telemetry through Application Insights (Worker.ApplicationInsights on the 2.x SDK): its ILogger
/// lines go straight to Application Insights with their level, and the worker tells the host so (capability
/// WorkerApplicationInsightsLoggingEnabled), so the host does not forward them a second time. The availability
/// results are sent by the diagnosis pipeline itself, not through this SDK.
/// </summary>
internal static class WorkerTelemetry
{
    public static void Configure(IServiceCollection services, ILoggingBuilder logging)
    {
        services
            .AddApplicationInsightsTelemetryWorkerService(options =>
            {
                // Every probe request would become a dependency item with its URL (which may carry a secret in the
                // query), and an http-load check would send thousands of them. The checks are recorded as
                // availability results instead.
                options.EnableDependencyTrackingTelemetryModule = false;

                // A run writes a handful of lines; sampling them would lose the summary the docs' query looks for.
                options.EnableAdaptiveSampling = false;
            })
            .ConfigureFunctionsApplicationInsights();
        services.AddSingleton<TelemetryFlush>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryFlush>());

        // The SDK only lets Warning and above through its logger by default; the run summary is Information.
        logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var warningOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == typeof(ApplicationInsightsLoggerProvider).FullName);
            if (warningOnly is not null)
            {
                options.Rules.Remove(warningOnly);
            }
        });
    }
}
