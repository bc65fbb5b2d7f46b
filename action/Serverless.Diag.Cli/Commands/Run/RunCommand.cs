using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;

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
        FailOn FailOn);

    public async Task<(int ExitCode, DiagnosisResult? Result)> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var pipeline = services.Pipeline;
        var config = pipeline.LoadConfig(request.ConfigPath);
        var plan = pipeline.Plan(config, new RunFilter
        {
            Environments = request.Environments,
            Checks = request.Checks,
            Tags = request.Tags,
            VarOverrides = request.Vars,
        });

        var incidents = IncidentSinkFactory.Create(request.FileIssues, request.IssuesDirectory, config, plan.Secrets, services);
        var total = plan.Environments.Sum(e => e.Checks.Count);
        var result = await pipeline.RunAsync(plan, incidents, new StderrProgress(services.Stderr, services.TimeProvider, total), cancellationToken);
        await ReportOutput.WriteAsync(result.Report, request.Format, request.OutputPath, services, cancellationToken);
        if (result.Incidents is { } summary)
        {
            services.Stderr.WriteLine(
                $"incidents: {summary.Opened} opened, {summary.Updated} updated, {summary.Commented} commented, {summary.Closed} closed, {summary.Reopened} reopened");
            foreach (var problem in summary.Problems)
            {
                services.Stderr.WriteLine($"incidents: {plan.Secrets.Redact(problem)}");
            }
        }

        return (FailOnRules.ExitCode(result.Report.Status, request.FailOn), result);
    }
}
