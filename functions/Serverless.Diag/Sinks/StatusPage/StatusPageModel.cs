using Serverless.Diag.State.History;

namespace Serverless.Diag.Sinks.StatusPage;

/// <summary>Everything the status page shows; built by <see cref="StatusPages"/>, written by <see cref="StatusPageRenderer"/>.</summary>
/// <param name="History">Availability over the page's days, per environment and check.</param>
public sealed record StatusPageModel(
    string Title,
    DateTimeOffset GeneratedAt,
    AvailabilityReport History,
    IReadOnlyList<OpenIncident> Incidents,
    IReadOnlyList<MaintenanceNotice> Maintenance);

/// <summary>An incident that is open now.</summary>
/// <param name="Link">The incident's page (its GitHub issue) when known.</param>
public sealed record OpenIncident(string Environment, string Check, string Title, DateTimeOffset? Since, Uri? Link, string? Severity = null);

/// <summary>A maintenance window in progress or coming up.</summary>
/// <param name="Scope">Which environments and checks it covers, in words.</param>
public sealed record MaintenanceNotice(string Name, DateTimeOffset Start, DateTimeOffset End, string Scope, string? Description, bool InProgress);

/// <summary>Where the open incidents and their links come from (the GitHub pack's issues); the engine knows no issue tracker.</summary>
public interface IOpenIncidentSource
{
    Task<IReadOnlyList<OpenIncident>> ListOpenAsync(CancellationToken cancellationToken);
}

/// <summary>The files of the static site, by name.</summary>
public sealed record StatusPageSite(IReadOnlyDictionary<string, string> Files)
{
    public const string IndexFile = "index.html";
    public const string StyleFile = "status.css";

    public string IndexHtml => Files[IndexFile];

    /// <summary>Writes every file into <paramref name="directory"/> (created if missing), each written whole then renamed into place.</summary>
    public async Task WriteToAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, content) in Files)
        {
            var path = Path.Combine(directory, name);
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
    }

    public static string ContentType(string name) =>
        name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
}
