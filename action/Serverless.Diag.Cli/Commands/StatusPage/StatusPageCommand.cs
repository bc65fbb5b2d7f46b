using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.GitHub.Reports;
using Serverless.Diag.Hosting;
using Serverless.Diag.Secrets;
using Serverless.Diag.Sinks.StatusPage;
using Serverless.Diag.State;

namespace Serverless.Diag.Cli.Commands.StatusPage;

/// <summary>The work of <c>serverless-diag status-page</c>: open incidents come from GitHub when GITHUB_TOKEN and a repository are set.</summary>
internal sealed class StatusPageCommand(CliServices services)
{
    public async Task<int> ExecuteAsync(string configPath, string output, string? state, CancellationToken cancellationToken)
    {
        var config = services.Pipeline.LoadConfig(configPath);
        if (config.Problems.Count > 0)
        {
            throw new ConfigException(config.Problems);
        }

        var secrets = new SecretRedactor();
        secrets.Add(services.Environment("GITHUB_TOKEN"));
        var store = StateStores.Open(StateStores.Setting(state, services.Environment), secrets)
            ?? throw new ArgumentException($"status-page reads the state store: {StatePolicy.StoreSettingHint}");
        var incidents = GitHubOpenIncidents.FromEnvironment(services.Environment, GitHubSettings.Of(config), services.TimeProvider, services.LoggerFactory, secrets);
        StatusPageSite site;
        try
        {
            var model = await StatusPages.BuildAsync(config, store, services.TimeProvider.GetUtcNow(), incidents, cancellationToken);
            site = StatusPageRenderer.Render(model);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            services.Stderr.WriteLine(secrets.Redact($"error: the state store could not be read ({StoreErrors.OneLine(e)})"));
            return ExitCodes.Internal;
        }

        await site.WriteToAsync(output, cancellationToken);
        services.Stderr.WriteLine($"status page written to {Path.GetFullPath(Path.Combine(output, StatusPageSite.IndexFile))}");
        return ExitCodes.Passed;
    }
}
