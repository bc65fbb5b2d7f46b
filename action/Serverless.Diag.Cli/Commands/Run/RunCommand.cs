using Serverless.Diag.Cli.GitHubActions;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Cli.Commands.Run;

/// <summary>The work of <c>serverless-diag run</c>.</summary>
internal sealed class RunCommand(CliServices services)
{
    public sealed record Request(
        string ConfigPath,
        IReadOnlyList<string> Environments,
        IReadOnlyList<string> Checks,
        IReadOnlyList<string> Tags,
        IReadOnlyDictionary<string, string> Vars,
        ReportFormat Format,
        string? OutputPath,
        bool FileIssues,
        string? IssuesDirectory,
        FailOn FailOn,
        bool CommentOnPr = false,
        string? State = null,
        bool DueOnly = false,
        bool Notify = false,
        bool DryRunNotify = false,
        string? Baseline = null,
        string? Deployment = null);

    public async Task<(int ExitCode, DiagnosisResult? Result)> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var pipeline = services.Pipeline;
        DiagConfig config;
        RunPlan plan;
        ReportBaselines? baselineReport;
        var stateSetting = StateStores.Setting(request.State, services.Environment);
        if (request.DueOnly && stateSetting is null)
        {
            throw new ArgumentException($"--due-only needs a state store: {StatePolicy.StoreSettingHint}");
        }

        var deployment = await DeploymentArgument.ResolveAsync(request.Deployment, services.Environment, cancellationToken);
        if (deployment is not null && stateSetting is null)
        {
            throw new ArgumentException($"--deployment records a marker in the state store: {StatePolicy.StoreSettingHint}");
        }

        try
        {
            config = pipeline.LoadConfig(request.ConfigPath);
            plan = pipeline.Plan(
                config,
                new RunFilter
                {
                    Environments = request.Environments,
                    Checks = request.Checks,
                    Tags = request.Tags,
                    VarOverrides = request.Vars,
                },
                stateConfigured: stateSetting is not null);
            baselineReport = request.Baseline is null ? null : ReportBaselines.Load(request.Baseline);
        }
        catch (Exception e) when (e is ConfigException or SelectionException)
        {
            await GitHubActionsMode.ConfigRefusedAsync(services, e, cancellationToken);
            throw;
        }

        services.IncludeRunSecrets(plan.Secrets);
        var actions = GitHubActionsMode.Start(services, plan, request.CommentOnPr);

        var store = StateStores.Open(stateSetting, services.TimeProvider, plan.Secrets);
        var notifier = NotifierFactory.Create(request.Notify, request.DryRunNotify, request.FileIssues || store is not null, config, plan.Secrets, services);
        var incidents = IncidentSinkFactory.Create(request.FileIssues && !request.DryRunNotify, request.IssuesDirectory, config, plan.Secrets, services, notifier, store as Serverless.Diag.Incidents.IIncidentStateStore);
        if (request.DryRunNotify && notifier is not null && incidents is null)
        {
            incidents = new Serverless.Diag.Incidents.PreviewIncidentSink(notifier, services.TimeProvider, GitHub.GitHubSettings.Of(config).StormThreshold);
        }
        else if (notifier is not null && incidents is null && store is Serverless.Diag.Incidents.IIncidentStateStore lifecycle)
        {
            // No issues filed: the state store keeps the incident lifecycle so each event is still sent once.
            incidents = GitHub.IncidentSinks.WithoutIssues(lifecycle, notifier, GitHub.GitHubSettings.Of(config), services.TimeProvider, services.LoggerFactory, plan.Secrets);
        }

        var total = plan.Environments.Sum(e => e.Checks.Count);
        var options = new RunOptions
        {
            State = store,
            DueOnly = request.DueOnly,
            BaselineReport = baselineReport,
            Deployment = deployment,
        };
        var result = await pipeline.RunAsync(plan, incidents, new StderrProgress(services.Stderr, services.TimeProvider, total), options, cancellationToken);
        using (actions?.StopCommands())
        {
            await ReportOutput.WriteAsync(result.Report, request.Format, request.OutputPath, services, cancellationToken);
        }

        if (result.Incidents is { } summary)
        {
            services.Stderr.WriteLine(
                $"incidents: {summary.Opened} opened, {summary.Updated} updated, {summary.Commented} commented, {summary.Closed} closed, {summary.Reopened} reopened");
            foreach (var problem in summary.Problems)
            {
                services.Stderr.WriteLine($"incidents: {plan.Secrets.Redact(problem)}");
            }
        }

        if (actions is not null)
        {
            await actions.AfterRunAsync(result, request.Format == ReportFormat.Json ? request.OutputPath : null, cancellationToken);
        }

        return (FailOnRules.ExitCode(result.Report.Status, request.FailOn), result);
    }
}
