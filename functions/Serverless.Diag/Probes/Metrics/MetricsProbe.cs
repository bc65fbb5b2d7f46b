using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Probes.Metrics.Exposition;
using Serverless.Diag.Probes.Metrics.Expressions;

namespace Serverless.Diag.Probes.Metrics;

/// <summary>Scrapes once (or twice, <c>window</c> apart) and sets one measurement per named value.</summary>
internal sealed class MetricsProbe(MetricsSettings settings, HttpMessageHandler handler) : IProbe
{
    private const string Accept = "text/plain;version=0.0.4;q=1,*/*;q=0.1";

    public MetricsSettings Settings => settings;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var first = await ScrapeAsync(context, cancellationToken);
        if (first.Failure is not null)
        {
            return first.Failure;
        }

        var window = new ScrapeWindow(null, first.Document!, TimeSpan.Zero);
        if (settings.Window > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(settings.Window, context.TimeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return ProbeResult.Failed(ErrorCause.Timeout, $"the check's timeout ({Units.FormatDuration(context.Timeout)}) ended before the second scrape");
            }

            var second = await ScrapeAsync(context, cancellationToken);
            if (second.Failure is not null)
            {
                return second.Failure;
            }

            window = new ScrapeWindow(first.Document, second.Document!, context.TimeProvider.GetElapsedTime(first.StartedAt, second.StartedAt));
        }

        return Evaluate(window, context);
    }

    private ProbeResult Evaluate(ScrapeWindow window, ProbeContext context)
    {
        var result = new ProbeResult();
        var table = new StringBuilder();
        foreach (var value in settings.Values)
        {
            try
            {
                var computed = MetricEvaluator.Evaluate(value.Expression, window);
                result.Measurements.Set(value.Name, computed.Value);
                table.Append(CultureInfo.InvariantCulture, $"{value.Name} = {Format(computed.Value)}    # {value.Text}\n");
                foreach (var note in computed.Notes)
                {
                    table.Append(CultureInfo.InvariantCulture, $"    note: {note}\n");
                }

                if (computed.Notes.Contains(MetricEvaluator.NoTraffic))
                {
                    result.Hints.Add($"{value.Name}: {MetricEvaluator.NoTraffic} (no requests between the two scrapes), so it reads 0.");
                }
            }
            catch (Exception e) when (e is MetricUnavailableException or System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                result.Measurements.SetAbsent(value.Name, e.Message);
                table.Append(CultureInfo.InvariantCulture, $"{value.Name}: not available: {e.Message}    # {value.Text}\n");
            }
        }

        var scraped = settings.Window > TimeSpan.Zero
            ? $"two scrapes {Units.FormatDuration(window.Elapsed)} apart, {window.After.Samples.Count} samples"
            : $"one scrape, {window.After.Samples.Count} samples";
        result.Evidence.Add(new Evidence($"Metric values ({scraped})", context.Secrets.Redact(table.ToString())));
        return result;
    }

    private async Task<Scrape> ScrapeAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var startedAt = context.TimeProvider.GetTimestamp();
        var what = $"scraping {context.Secrets.Redact(settings.Url.ToString())}";
        IReadOnlyList<RedirectHop> hops = [];
        try
        {
            var request = new OutgoingRequest(settings.Url, HttpMethod.Get, [new("Accept", Accept)]) { Credential = settings.Authorization };
            (var sent, hops) = await ObservabilityHttp.SendAsync(handler, request, context.Secrets, cancellationToken);
            using var response = sent;
            var body = await ObservabilityHttp.ReadBodyAsync(response, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new Scrape(null, startedAt, ObservabilityHttp.WithRedirects(ObservabilityHttp.StatusFailure(response.StatusCode, what, body, context), hops, context.Secrets));
            }

            if (body is null)
            {
                return new Scrape(null, startedAt, ProbeResult.Failed(ErrorCause.BodyTooLarge, $"{what}: the page is larger than {ObservabilityHttp.MaxBodyBytes / (1024 * 1024)} MB"));
            }

            if (IsOpenMetricsOrProtobuf(response.Content.Headers.ContentType))
            {
                return new Scrape(null, startedAt, ProbeResult.Failed(ErrorCause.Protocol, $"{what}: answered {response.Content.Headers.ContentType}, not the text format (text/plain; version=0.0.4)"));
            }

            return new Scrape(ExpositionParser.Parse(body), startedAt, null);
        }
        catch (ExpositionFormatException e)
        {
            context.Logger.LogDebug(e, "Invalid exposition from {Url}", context.Secrets.Redact(settings.Url.ToString()));
            var invalid = ProbeResult.Failed(ErrorCause.Protocol, context.Secrets.Redact($"{what}: not valid Prometheus text format: {e.Message}"));
            return new Scrape(null, startedAt, ObservabilityHttp.WithRedirects(invalid, hops, context.Secrets));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return new Scrape(null, startedAt, ObservabilityHttp.Failure(e, what, context, cancellationToken));
        }
    }

    private static bool IsOpenMetricsOrProtobuf(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is "application/openmetrics-text" or "application/vnd.google.protobuf";

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private readonly record struct Scrape(ExpositionDocument? Document, long StartedAt, ProbeResult? Failure);
}
