using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Diagnosis;

namespace Serverless.Diag.Functions;

/// <summary>The worker's services: the shared diagnosis service with the app settings, the log filters, Application Insights.</summary>
internal static class WorkerComposition
{
    public static void Configure(FunctionsApplicationBuilder builder, Func<string, string?> environment, string workingDirectory)
    {
        // The host sets AzureWebJobsScriptRoot to the app root (where host.json and diag.yaml are).
        var appRoot = NonEmpty(environment("AzureWebJobsScriptRoot")) ?? NonEmpty(environment("FUNCTIONS_APPLICATION_DIRECTORY")) ?? workingDirectory;
        builder.Services.AddDiagnosis(DiagnosisSettings.From(environment, appRoot), environment);

        // Every log line of ours reaches the host (and Application Insights) once, with its level. ASP.NET Core's
        // request logs would repeat what the host logs and print the query, which holds the function key (code=).
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Azure.Functions.Worker", LogLevel.Warning);
        WorkerTelemetry.Configure(builder.Services, builder.Logging);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
