using System.Globalization;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;
using Serverless.Diag.Secrets;
using Serverless.Diag.Sinks.Availability;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Cli.Commands.Report;

/// <summary>The work of <c>serverless-diag report</c>.</summary>
internal sealed class ReportCommand(CliServices services)
{
    public sealed record Request(string ConfigPath, IReadOnlyList<string> Environments, string Since, string? Month, AvailabilityFormat Format, string? State);

    public async Task<int> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var config = services.Pipeline.LoadConfig(request.ConfigPath);
        if (config.Problems.Count > 0)
        {
            throw new ConfigException(config.Problems);
        }

        var environments = ChooseEnvironments(config, request.Environments);
        var (from, to) = Period(request, services.TimeProvider.GetUtcNow());
        var secrets = new SecretRedactor();
        var store = StateStores.Open(StateStores.Setting(request.State, services.Environment), secrets)
            ?? throw new ArgumentException($"report reads the state store: {StatePolicy.StoreSettingHint}");
        AvailabilityReport report;
        try
        {
            report = await AvailabilityReports.BuildAsync(config, store, environments, from, to, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            services.Stderr.WriteLine(secrets.Redact($"error: the state store could not be read ({StoreErrors.OneLine(e)})"));
            return ExitCodes.Internal;
        }

        var output = request.Format switch
        {
            AvailabilityFormat.Json => AvailabilityJsonWriter.ToJson(report) + Environment.NewLine,
            AvailabilityFormat.Markdown => AvailabilityMarkdownWriter.ToMarkdown(report),
            _ => AvailabilityTextWriter.ToText(report),
        };
        services.Stdout.Write(secrets.Redact(output));
        return ExitCodes.Passed;
    }

    private static (DateTimeOffset From, DateTimeOffset To) Period(Request request, DateTimeOffset now)
    {
        if (request.Month is { } month)
        {
            if (!DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
            {
                throw new ArgumentException($"--month must be a month such as 2026-11, not '{month}'");
            }

            var from = new DateTimeOffset(start.Year, start.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var end = from.AddMonths(1);
            return from > now ? throw new ArgumentException($"--month {month} has not begun") : (from, end < now ? end : now);
        }

        if (!Units.TryParseDuration(request.Since, out var period) || period <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--since must be a duration such as 7d or 30d, not '{request.Since}'");
        }

        return (now - period, now);
    }

    private static List<string> ChooseEnvironments(DiagConfig config, IReadOnlyList<string> requested)
    {
        var names = config.Environments.Select(e => e.Name).ToList();
        foreach (var name in requested.Where(n => !names.Contains(n, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown environment '{name}'{Suggestions.DidYouMean(name, names)}", names);
        }

        return requested.Count == 0 ? names : [.. requested.Distinct(StringComparer.Ordinal)];
    }
}
