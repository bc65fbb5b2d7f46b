using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;
using Serverless.Diag.Secrets;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Cli.Commands.History;

/// <summary>The work of <c>serverless-diag history</c>.</summary>
internal sealed class HistoryCommand(CliServices services)
{
    public sealed record Request(string ConfigPath, string? Environment, string? Check, string Since, HistoryFormat Format, string? State);

    public async Task<int> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var config = services.Pipeline.LoadConfig(request.ConfigPath);
        var environment = ChooseEnvironment(config, request.Environment);
        var checks = ChooseChecks(config, environment, request.Check);
        if (!Units.TryParseDuration(request.Since, out var period) || period <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--since must be a duration such as 24h or 7d, not '{request.Since}'");
        }

        var secrets = new SecretRedactor();
        var store = StateStores.Open(StateStores.Setting(request.State, services.Environment), services.TimeProvider, secrets)
            ?? throw new ArgumentException($"history reads the state store: {StatePolicy.StoreSettingHint}");
        var since = services.TimeProvider.GetUtcNow() - period;
        IReadOnlyList<HistoryEntry> entries;
        try
        {
            entries = await store.ReadHistoryAsync(environment, request.Check, since, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            services.Stderr.WriteLine(secrets.Redact($"error: the state store could not be read ({StoreErrors.OneLine(e)})"));
            return ExitCodes.Internal;
        }

        var summaries = HistorySummary.Summarise(checks, entries);
        var view = new HistoryView(environment, since, period, store.Description, summaries);
        if (request.Format == HistoryFormat.Json)
        {
            services.Stdout.WriteLine(secrets.Redact(HistoryJsonWriter.ToJson(view)));
        }
        else
        {
            services.Stdout.Write(secrets.Redact(HistoryTextWriter.ToText(view)));
        }

        return ExitCodes.Passed;
    }

    private static string ChooseEnvironment(DiagConfig config, string? requested)
    {
        var names = config.Environments.Select(e => e.Name).ToList();
        if (requested is null)
        {
            return names.Count == 1 ? names[0] : throw new ArgumentException($"--env is needed: the config has {names.Count} environments ({string.Join(", ", names)})");
        }

        return names.Contains(requested, StringComparer.Ordinal)
            ? requested
            : throw new SelectionException($"unknown environment '{requested}'{Suggestions.DidYouMean(requested, names)}", names);
    }

    private static List<string> ChooseChecks(DiagConfig config, string environment, string? requested)
    {
        var names = config.Checks.Where(c => c.RunsIn(environment)).Select(c => c.Name).ToList();
        if (requested is null)
        {
            return names;
        }

        return names.Contains(requested, StringComparer.Ordinal)
            ? [requested]
            : throw new SelectionException($"unknown check '{requested}'{Suggestions.DidYouMean(requested, names)}", names);
    }
}

internal sealed record HistoryView(string Environment, DateTimeOffset Since, TimeSpan Period, string Store, IReadOnlyList<CheckHistory> Checks);
