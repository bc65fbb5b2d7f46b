using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Incidents;

namespace Serverless.Diag.Functions.Running;

/// <summary>How a diagnosis request ended: it ran, or it was refused before anything touched a target.</summary>
public abstract record DiagnosisOutcome
{
    private DiagnosisOutcome()
    {
    }

    /// <param name="IncidentsRequested">Incidents were asked for (timer, or file_issues=true).</param>
    /// <param name="IncidentsAvailable">A sink was configured (GITHUB_TOKEN and a repository).</param>
    public sealed record Completed(DiagnosisResult Result, bool IncidentsRequested, bool IncidentsAvailable) : DiagnosisOutcome
    {
        public IncidentSummary? Incidents => Result.Incidents;
    }

    /// <summary>The request named an environment or check the config does not have.</summary>
    public sealed record UnknownSelection(string Message, IReadOnlyList<string> ValidNames) : DiagnosisOutcome;

    /// <summary>The deployed config cannot run (invalid file, missing app setting): an operator's problem, not the caller's.</summary>
    public sealed record ConfigRefused(string ConfigPath, IReadOnlyList<ConfigError> Errors) : DiagnosisOutcome;
}
