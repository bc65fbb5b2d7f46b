using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub;

/// <summary>The incident sinks hosts can ask for: GitHub issues, or Markdown files in a folder.</summary>
public static class IncidentSinks
{
    /// <summary>
    /// GitHub issues, configured like GitHub Actions configures a step: <c>GITHUB_TOKEN</c>, <c>GITHUB_REPOSITORY</c>
    /// (unless <c>github.repository</c> names one) and <c>GITHUB_API_URL</c> (default https://api.github.com; a
    /// GitHub Enterprise Server URL works unchanged). Null, with the reason logged, when the token or repository is missing.
    /// </summary>
    /// <param name="templateRoot">
    /// A checkout of the repository (default: GITHUB_WORKSPACE, set in Actions). When <c>github.template</c> exists there it is
    /// read locally; otherwise the default branch's copy is read through the contents API (Functions have no checkout).
    /// </param>
    /// <param name="notifier">Sends the lifecycle's events to the <c>notify:</c> channels (null: none).</param>
    /// <param name="stateStore">
    /// Keeps what steady runs change without a write to the issue (last seen, occurrences). Default: one store shared by
    /// the process, so a host that creates a sink per run still counts every run; a durable store counts across processes.
    /// </param>
    public static IIncidentSink? FromEnvironment(
        Func<string, string?> env,
        GitHubSettings settings,
        TimeProvider time,
        ILoggerFactory loggers,
        SecretRedactor secrets,
        string? templateRoot = null,
        IIncidentStateStore? stateStore = null,
        IIncidentNotifier? notifier = null)
    {
        var logger = loggers.CreateLogger(typeof(IncidentSinks).FullName!);
        var connection = GitHubConnection.FromEnvironment(env, settings.Repository, logger, secrets, "file incidents");
        if (connection is null)
        {
            return null;
        }

        var local = LocalTemplate(templateRoot ?? env("GITHUB_WORKSPACE"), settings.Template);
        return Create(connection, settings, time, loggers, secrets, new GitHubCallOptions(), local, stateStore: stateStore ?? InMemoryIncidentStateStore.Shared, notifier: notifier);
    }

    /// <summary>
    /// The incident lifecycle without issues, for <c>notify:</c> channels: the same decisions (and <c>github:</c> timings:
    /// close_after, reopen_within, remind_every, escalate_after) kept in <paramref name="store"/>, so each event is sent
    /// once across runs and processes, and what a run could not deliver is sent by the next.
    /// </summary>
    public static IIncidentSink WithoutIssues(IIncidentStateStore store, IIncidentNotifier notifier, GitHubSettings settings, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets) =>
        new StateStoreIncidentSink(store, notifier, settings, time, loggers.CreateLogger<StateStoreIncidentSink>(), secrets);

    /// <summary>What would be filed, as Markdown files in <paramref name="directory"/>; same renderer as the issues.</summary>
    public static IIncidentSink ToDirectory(string directory, TimeProvider time, SecretRedactor secrets) => new DirectoryIncidentSink(directory, time, secrets);

    internal static IIncidentSink Create(GitHubConnection connection, GitHubSettings settings, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets, GitHubCallOptions options, string? localTemplate = null, IncidentTiming? timing = null, IIncidentStateStore? stateStore = null, IIncidentNotifier? notifier = null)
    {
        var client = GitHubClientFactory.Create(connection.Repository, connection.Token, options.RequestTimeout);
        var policy = new GitHubCallPolicy(time, loggers.CreateLogger<GitHubCallPolicy>(), options);
        var gateway = new IssueGateway(client, connection.Repository, policy, secrets);
        var scope = $"{connection.Repository.ApiUrl}|{connection.Repository.Owner}/{connection.Repository.Name}";
        return new GitHubIncidentSink(gateway, settings, time, loggers.CreateLogger<GitHubIncidentSink>(), secrets, timing, localTemplate, stateStore, scope, notifier);
    }

    private static string? LocalTemplate(string? root, string? template)
    {
        if (string.IsNullOrEmpty(root) || string.IsNullOrEmpty(template))
        {
            return null;
        }

        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(rootFull, template));
        // Only inside the checkout: the config must not be able to point the tool at arbitrary files.
        return full.StartsWith(rootFull, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }
}
