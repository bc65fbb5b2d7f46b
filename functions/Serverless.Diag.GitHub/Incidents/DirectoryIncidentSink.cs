using Serverless.Diag.Sinks.Markdown;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// Writes what would be filed, one Markdown file per incident, with the same renderer as the GitHub issues
/// (<c>--issues-dir</c>, <c>demo</c>). It has no memory: each run writes the incidents of that run.
/// </summary>
internal sealed class DirectoryIncidentSink(string directory, TimeProvider time, SecretRedactor secrets) : IIncidentSink
{
    public async Task<IncidentSummary> PublishAsync(RunReport report, DiagConfig config, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = GitHubSettings.Of(config);
        var context = new IncidentContext(
            string.IsNullOrEmpty(config.SourcePath) ? "diag.yaml" : Path.GetFileName(config.SourcePath), report.Version, secrets, settings.CloseAfter, settings.StormThreshold);
        var documents = new IncidentDocuments(context, settings.Labels);
        var problems = new List<string>();
        var written = 0;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return IncidentSummary.Empty with { Problems = [$"cannot create {directory}: {ex.Message}"] };
        }

        foreach (var incident in ObservationReader.Read(report, settings.StormThreshold).Failing.Where(i => i.MayOpen && i.Pending is null && i.SilencedUntil is null))
        {
            var state = IncidentState.Open(now, incident.Severity, [], ObservationReader.Bounded(incident.Related.Select(c => c.Name)), context.Safe(MarkdownText.OneLine("Issue detected: " + (incident.Check?.Headline ?? "alert storm")), 300));
            var draft = documents.Draft(incident, state, now, template: null);
            var file = new StringBuilder()
                .Append("# ").Append(draft.Title).Append("\n\n")
                .Append("Labels: ").Append(string.Join(", ", draft.Labels.Select(MarkdownText.Code))).Append("\n\n")
                .Append(draft.Body)
                .ToString();
            var path = Path.Combine(directory, FileName(incident.Environment, incident.IsStorm ? "alert-storm" : incident.CheckName));
            try
            {
                await File.WriteAllTextAsync(path, file, cancellationToken);
                written++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{incident.Fingerprint}: cannot write {path}: {ex.Message}");
            }
        }

        return new IncidentSummary(written, 0, 0, 0, 0, problems);
    }

    /// <summary>Environment and check names become a safe file name on every OS.</summary>
    internal static string FileName(string environment, string check)
    {
        static string Clean(string part) => new(part.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return $"{Clean(environment)}--{Clean(check)}.md".TrimStart('.');
    }
}
