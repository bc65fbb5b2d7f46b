using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>How a diagnosis request ended: it ran, or it was refused before anything touched a target.</summary>
public abstract record DiagnosisOutcome
{
    private DiagnosisOutcome()
    {
    }

    /// <param name="IncidentsRequested">Incidents were asked for (timer, or file_issues=true).</param>
    /// <param name="IncidentsAvailable">A sink was configured (GITHUB_TOKEN and a repository).</param>
    /// <param name="Config">The config the run was planned from: what is published after it must describe the same file.</param>
    public sealed record Completed(DiagnosisResult Result, bool IncidentsRequested, bool IncidentsAvailable, DiagConfig Config) : DiagnosisOutcome
    {
        public IncidentSummary? Incidents => Result.Incidents;
    }

    /// <summary>The request named an environment, check or tag the config does not have.</summary>
    public sealed record UnknownSelection(string Message, IReadOnlyList<string> ValidNames) : DiagnosisOutcome;

    /// <summary>
    /// The deployed config cannot run (invalid file, missing app setting, unresolved Key Vault reference):
    /// an operator's problem, not the caller's. <paramref name="Problems"/> are <c>file:line:col: message</c> lines
    /// or, for app settings, sentences naming the setting.
    /// </summary>
    public sealed record ConfigRefused(string ConfigPath, IReadOnlyList<string> Problems) : DiagnosisOutcome
    {
        public static ConfigRefused From(string configPath, IEnumerable<ConfigError> errors) =>
            new(configPath, [.. errors.Select(e => e.ToString())]);
    }
}
