using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>Chooses where incidents go for a command line run.</summary>
internal static class IncidentSinkFactory
{
    // TEMPORARY: wired to Serverless.Diag.GitHub.IncidentSinks when the incidents component lands.
    public static IIncidentSink? Create(bool fileIssues, string? issuesDirectory, DiagConfig config, SecretRedactor secrets, CliServices services)
    {
        _ = (config, secrets);
        if (fileIssues || issuesDirectory is not null)
        {
            services.Stderr.WriteLine("warning: incidents are not available in this build yet");
        }

        return null;
    }
}
