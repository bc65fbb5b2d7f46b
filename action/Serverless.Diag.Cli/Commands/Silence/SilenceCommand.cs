using System.Globalization;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Secrets;
using Serverless.Diag.Silences;
using Serverless.Diag.State;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Cli.Commands.Silence;

/// <summary>The work of <c>serverless-diag silence</c>: adds, lists or clears silences in the state store.</summary>
internal sealed class SilenceCommand(CliServices services)
{
    private const int MaxReasonLength = 200;

    public sealed record Request(
        string ConfigPath,
        IReadOnlyList<string> Environments,
        bool All,
        IReadOnlyList<string> Checks,
        IReadOnlyList<string> Tags,
        string? For,
        string? Reason,
        bool UntilPass,
        bool Force,
        bool List,
        string? Clear,
        string? State);

    public async Task<int> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var config = services.Pipeline.LoadConfig(request.ConfigPath);
        if (config.Problems.Count > 0)
        {
            throw new ConfigException(config.Problems);
        }

        var secrets = new SecretRedactor();
        var store = StateStores.Open(StateStores.Setting(request.State, services.Environment), services.TimeProvider, secrets)
            ?? throw new ArgumentException($"silences live in the state store, so every instance sees them: {StatePolicy.StoreSettingHint}");
        if (store is not ISilenceStore silences)
        {
            throw new ArgumentException($"the state store {store.Description} cannot keep silences");
        }

        var now = services.TimeProvider.GetUtcNow();
        try
        {
            if (request.List)
            {
                WriteList(await silences.ListSilencesAsync(cancellationToken), now, secrets);
                return ExitCodes.Passed;
            }

            if (request.Clear is { } id)
            {
                // A snooze is the incident's: cleared here, the issue would store it again at the next run.
                if ((await silences.ListSilencesAsync(cancellationToken)).FirstOrDefault(s => string.Equals(s.Id, id.Trim(), StringComparison.OrdinalIgnoreCase)) is { Kind: SilenceMark.Snooze } snooze)
                {
                    services.Stderr.WriteLine($"error: {snooze.Id} is a /diag snooze from the incident issue of {snooze.Environment}/{string.Join(", ", snooze.Checks)}; it ends at {Until(snooze)} and is not cleared from here");
                    return ExitCodes.UsageOrConfig;
                }

                if (!await silences.RemoveSilenceAsync(id.Trim(), cancellationToken))
                {
                    services.Stderr.WriteLine($"error: no silence with id '{MarkdownText.OneLine(MarkdownText.Truncate(id, 40))}' (see --list)");
                    return ExitCodes.UsageOrConfig;
                }

                services.Stdout.WriteLine($"silence {id.Trim()} cleared");
                return ExitCodes.Passed;
            }

            foreach (var silence in Create(request, config, now))
            {
                await silences.AddSilenceAsync(silence, now, cancellationToken);
                services.Stdout.WriteLine(secrets.Redact(Describe(silence, now)));
            }

            return ExitCodes.Passed;
        }
        catch (Exception e) when (e is not (OperationCanceledException or ArgumentException or SelectionException) || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            services.Stderr.WriteLine(secrets.Redact($"error: the state store could not be used ({StoreErrors.OneLine(e)})"));
            return ExitCodes.Internal;
        }
    }

    private static List<Silences.Silence> Create(Request request, DiagConfig config, DateTimeOffset now)
    {
        if (request.For is null)
        {
            throw new ArgumentException("--for is needed: how long the silence lasts, such as 30m or 2h (or use --list / --clear ID)");
        }

        if (!Units.TryParseDuration(request.For, out var duration) || duration < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"--for must be a duration of at least 1m, such as 30m, 2h or 1d, not '{MarkdownText.Truncate(request.For, 40)}'");
        }

        if (duration > Silences.Silence.MaxWithoutForce && !request.Force)
        {
            throw new ArgumentException($"--for {Units.WriteDuration(duration)} is longer than 7d: a forgotten silence hides real outages; add --force if you mean it");
        }

        var names = config.Environments.Select(e => e.Name).ToList();
        var environments = request.All ? names : [.. request.Environments.Distinct(StringComparer.Ordinal)];
        if (environments.Count == 0)
        {
            environments = names.Count == 1 ? names : throw new ArgumentException($"--env or --all is needed: the config has {names.Count} environments ({string.Join(", ", names)})");
        }

        foreach (var environment in environments.Where(e => !names.Contains(e, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown environment '{environment}'{Suggestions.DidYouMean(environment, names)}", names);
        }

        var checkNames = config.Checks.Select(c => c.Name).ToList();
        foreach (var check in request.Checks.Where(c => !checkNames.Contains(c, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown check '{check}'{Suggestions.DidYouMean(check, checkNames)}", checkNames);
        }

        var tagNames = config.Checks.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal).ToList();
        foreach (var tag in request.Tags.Where(t => !tagNames.Contains(t, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown tag '{tag}'{Suggestions.DidYouMean(tag, tagNames)}", tagNames);
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : MarkdownText.Truncate(MarkdownText.OneLine(request.Reason), MaxReasonLength);
        return [.. environments.Select(environment => new Silences.Silence(
            Silences.Silence.NewId(), environment, [.. request.Checks.Distinct(StringComparer.Ordinal)], [.. request.Tags.Distinct(StringComparer.Ordinal)],
            now, now + duration, reason, request.UntilPass, "cli"))];
    }

    private void WriteList(IReadOnlyList<Silences.Silence> all, DateTimeOffset now, SecretRedactor secrets)
    {
        var active = all.Where(s => s.Until > now).OrderBy(s => s.Until).ToList();
        if (active.Count == 0)
        {
            services.Stdout.WriteLine("no silences in force");
            return;
        }

        foreach (var silence in active)
        {
            services.Stdout.WriteLine(secrets.Redact(Describe(silence, now)));
        }
    }

    private static string Describe(Silences.Silence silence, DateTimeOffset now)
    {
        var scope = silence.Checks.Count == 0 && silence.Tags.Count == 0
            ? "every check"
            : string.Join(", ", silence.Checks.Concat(silence.Tags.Select(t => "tag:" + t)));
        return $"{silence.Id}  {silence.Environment}  {scope}  until {Until(silence)} ({Units.FormatDuration(silence.Until - now)} left)"
            + (silence.UntilPass ? "  or until they pass" + (silence.Passed.Count > 0 ? $" (passed so far: {string.Join(", ", silence.Passed)})" : string.Empty) : string.Empty)
            + (silence.Kind == SilenceMark.Snooze
                ? $"  snoozed{(silence.Reason is { } by ? $" by {by.Replace("\u200B", string.Empty, StringComparison.Ordinal)}" : string.Empty)} with /diag snooze"
                : silence.Reason is { } reason ? $"  reason: {reason}" : string.Empty);
    }

    private static string Until(Silences.Silence silence) => silence.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
