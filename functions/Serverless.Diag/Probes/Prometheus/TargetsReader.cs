using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Serverless.Diag.Probes.Prometheus;

/// <summary>Counts <c>data.activeTargets</c> by health and shows the ones that are down with their last error.</summary>
internal static class TargetsReader
{
    private const int EvidenceTargets = 20;

    public static ProbeResult Read(JsonElement data, string? job, ProbeContext context)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("activeTargets", out var targets) || targets.ValueKind != JsonValueKind.Array)
        {
            return ProbeResult.Failed(ErrorCause.Protocol, "the targets answer has no data.activeTargets list");
        }

        int up = 0, down = 0, unknown = 0;
        var downList = new StringBuilder();
        var shown = 0;
        foreach (var target in targets.EnumerateArray())
        {
            var labels = target.TryGetProperty("labels", out var l) ? l : default;
            var targetJob = PrometheusProbe.Text(labels, "job") ?? PrometheusProbe.Text(target, "scrapePool");
            if (job is not null && targetJob != job)
            {
                continue;
            }

            switch (PrometheusProbe.Text(target, "health"))
            {
                case "up":
                    up++;
                    break;
                case "down":
                    down++;
                    if (shown++ < EvidenceTargets)
                    {
                        var instance = PrometheusProbe.Text(labels, "instance") ?? PrometheusProbe.Text(target, "scrapeUrl");
                        downList.Append(CultureInfo.InvariantCulture, $"{targetJob} {instance}: {PrometheusProbe.Text(target, "lastError") ?? "no error given"}\n");
                    }

                    break;
                default:
                    unknown++;
                    break;
            }
        }

        var result = new ProbeResult();
        result.Measurements.Set(PrometheusVocabulary.TargetsUp, up);
        result.Measurements.Set(PrometheusVocabulary.TargetsDown, down);
        result.Measurements.Set(PrometheusVocabulary.TargetsUnknown, unknown);
        result.Measurements.Set(PrometheusVocabulary.TargetsTotal, up + down + unknown);
        if (down > 0)
        {
            if (down > EvidenceTargets)
            {
                downList.Append(CultureInfo.InvariantCulture, $"... and {down - EvidenceTargets} more\n");
            }

            result.Evidence.Add(new Evidence($"Targets down ({down})", context.Secrets.Redact(downList.ToString())));
            result.Hints.Add("A target is down: check that the service is running and its /metrics endpoint answers from the Prometheus host (network, port, auth).");
        }

        return result;
    }
}
