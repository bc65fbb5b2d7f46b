namespace Serverless.Diag.Probes.Metrics.Exposition;

/// <summary>One scrape: every sample, and what the metadata said about each metric family.</summary>
public sealed class ExpositionDocument(IReadOnlyList<MetricSample> samples, IReadOnlyDictionary<string, MetricFamily> families)
{
    public IReadOnlyList<MetricSample> Samples { get; } = samples;

    public IReadOnlyDictionary<string, MetricFamily> Families { get; } = families;

    /// <summary>The family a sample belongs to: its own name, or the histogram/summary it is a <c>_bucket</c>/<c>_sum</c>/<c>_count</c> of.</summary>
    public MetricFamily? FamilyOf(string sampleName)
    {
        if (Families.TryGetValue(sampleName, out var family))
        {
            return family;
        }

        foreach (var suffix in ExpositionParser.ComplexSuffixes)
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) &&
                Families.TryGetValue(sampleName[..^suffix.Length], out family) &&
                family.Type is MetricType.Histogram or MetricType.Summary)
            {
                return family;
            }
        }

        return null;
    }
}
