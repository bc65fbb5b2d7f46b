using System.Globalization;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>Turns a finished run into measurements, evidence and hints.</summary>
internal static class LoadResultBuilder
{
    public static ProbeResult Build(HttpLoadOptions options, LoadRecorder recorder, LoadRunSummary summary, SecretRedactor secrets)
    {
        var result = new ProbeResult();
        AddMeasurements(result.Measurements, recorder, summary);
        AddEvidence(result, options, recorder, summary, secrets);
        result.Hints.AddRange(LoadHints.For(recorder));
        return result;
    }

    /// <summary>The run could not measure anything useful (nothing answered, or the check's timeout cut it short).</summary>
    public static ProbeResult Failed(ErrorCause cause, string message, HttpLoadOptions options, LoadRecorder recorder, LoadRunSummary summary, SecretRedactor secrets)
    {
        var result = ProbeResult.Failed(cause, secrets.Redact(message));
        if (recorder.Count > 0)
        {
            AddEvidence(result, options, recorder, summary, secrets);
            result.Hints.AddRange(LoadHints.For(recorder));
        }

        return result;
    }

    public static void AddMeasurements(Measurements m, LoadRecorder recorder, LoadRunSummary summary)
    {
        var count = recorder.Count;
        var errors = recorder.Errors;
        m.Set(LoadVocabulary.Requests, count);
        m.Set(LoadVocabulary.Throughput, summary.Elapsed > TimeSpan.Zero ? count / summary.Elapsed.TotalSeconds : 0);
        m.Set(LoadVocabulary.ErrorRate, count == 0 ? 0 : (double)errors / count);
        m.Set(LoadVocabulary.P50, recorder.Percentile(50));
        m.Set(LoadVocabulary.P90, recorder.Percentile(90));
        m.Set(LoadVocabulary.P95, recorder.Percentile(95));
        m.Set(LoadVocabulary.P99, recorder.Percentile(99));
        m.Set(LoadVocabulary.Max, recorder.MaxMs);

        var statuses = recorder.StatusCounts().ToDictionary(s => s.Status, s => s.Count);
        foreach (var (status, n) in statuses)
        {
            m.Set($"{LoadVocabulary.Status}.{status}", n);
        }

        // A status that never came back was seen zero times: 'status.500 == 0' must hold, not be "not measured".
        m.AddResolver(LoadVocabulary.Status, path => int.TryParse(path.AsSpan(LoadVocabulary.Status.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599
            ? MeasurementLookup.Of((double)statuses.GetValueOrDefault(code))
            : MeasurementLookup.Missing($"'{path}' is not a status code (status.200 .. status.599)"));

        foreach (var kind in LoadErrorKinds.All.Where(k => k != LoadErrorKind.None))
        {
            m.Set($"{LoadVocabulary.Errors}.{LoadErrorKinds.Name(kind)}", recorder.ErrorCount(kind));
        }
    }

    private static void AddEvidence(ProbeResult result, HttpLoadOptions options, LoadRecorder recorder, LoadRunSummary summary, SecretRedactor secrets)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{Describe(options)}: {recorder.Count} requests in {Units.FormatDuration(summary.Elapsed)}");
        head.Append(CultureInfo.InvariantCulture, $" ({recorder.Count / Math.Max(summary.Elapsed.TotalSeconds, 1e-9):0.#} req/s), {recorder.Errors} errors\n");
        if (options.Run.Model == LoadModel.Open && recorder.LateStarts > 0)
        {
            head.Append(CultureInfo.InvariantCulture, $"{recorder.LateStarts} requests started late, more than 1 ms after their scheduled time (up to {recorder.MaxLatenessMs:0.#} ms): every connection was busy, or this machine was slow to wake the sender; the wait is part of their latency\n");
        }

        if (summary.StoppedEarly is { } why)
        {
            head.Append(CultureInfo.InvariantCulture, $"stopped early: {why}\n");
        }

        head.Append('\n').Append(LatencyText.PercentileTable(recorder)).Append('\n').Append(LatencyText.Chart(recorder.Latency));
        result.Evidence.Add(new Evidence("Latency (ms): percentiles and distribution", secrets.Redact(head.ToString())));
        result.Evidence.Add(new Evidence("Slowest requests", Slowest(recorder)));
        result.Evidence.Add(new Evidence("Outcomes: status codes and errors by kind", secrets.Redact(Outcomes(recorder))));
        result.Evidence.Add(new Evidence("Latency histogram (HdrHistogram percentile distribution, ms)", LatencyText.Distribution(recorder.Latency)));
    }

    private static string Describe(HttpLoadOptions options) => options.Run.Model == LoadModel.Open
        ? $"open model, {options.Run.Rate.ToString("0.##", CultureInfo.InvariantCulture)} req/s over {options.Concurrency} connections (latency from each request's scheduled start)"
        : $"closed model, {options.Concurrency} concurrent";

    private static string Slowest(LoadRecorder recorder)
    {
        var text = new StringBuilder("  #request   started at (ms)   latency (ms)   outcome\n");
        foreach (var r in recorder.Slowest)
        {
            var outcome = r.Error is LoadErrorKind.None or LoadErrorKind.Status ? r.Status.ToString(CultureInfo.InvariantCulture) : LoadErrorKinds.Name(r.Error);
            text.Append(CultureInfo.InvariantCulture, $"{r.Sequence,10}   {r.StartedAtMs,15:0.#}   {r.LatencyMs,12:0.##}   {outcome}\n");
        }

        return text.ToString();
    }

    private static string Outcomes(LoadRecorder recorder)
    {
        var text = new StringBuilder();
        foreach (var (status, count) in recorder.StatusCounts())
        {
            text.Append(CultureInfo.InvariantCulture, $"status {status}: {count}\n");
        }

        foreach (var kind in LoadErrorKinds.All.Where(k => k is not LoadErrorKind.None and not LoadErrorKind.Status))
        {
            if (recorder.ErrorCount(kind) is > 0 and var count)
            {
                text.Append(CultureInfo.InvariantCulture, $"error {LoadErrorKinds.Name(kind)}: {count}");
                text.Append(recorder.SampleMessage(kind) is { } sample ? $" (first: {sample})\n" : "\n");
            }
        }

        return text.Length == 0 ? "(no requests)\n" : text.ToString();
    }
}
