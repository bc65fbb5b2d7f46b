using System.Globalization;
using Serverless.Diag.Probes.Metrics.Exposition;

namespace Serverless.Diag.Probes.Metrics.Expressions;

/// <summary>
/// Evaluates a named value over one or two scrapes. Differences from PromQL, all on purpose:
/// <list type="bullet">
/// <item>increase/rate use the two exact scrapes, without PromQL's extrapolation to the range edges;</item>
/// <item>a series that appears only in the second scrape counts from 0 (client libraries create a labelled
/// counter on its first increment, and PromQL would miss those first errors);</item>
/// <item>a vector used as a number is summed; histogram_quantile adds the buckets of every matching series by <c>le</c>;</item>
/// <item>ratio with a zero denominator is 0 with the note "no traffic in the window", not a division error.</item>
/// </list>
/// Counter resets are handled as PromQL does: a drop means the counter restarted from 0.
/// </summary>
public static class MetricEvaluator
{
    public const string NoTraffic = "no traffic in the window";

    /// <exception cref="MetricUnavailableException">The value cannot be computed from these scrapes.</exception>
    public static MetricValue Evaluate(MetricExpression expression, ScrapeWindow window)
    {
        var notes = new List<string>();
        var value = Scalar(expression, window, notes);
        return new MetricValue(value, notes.Distinct(StringComparer.Ordinal).ToList());
    }

    private static double Scalar(MetricExpression expression, ScrapeWindow window, List<string> notes) => expression switch
    {
        VectorExpression vector => Vector(vector, window, notes).Sum(s => s.Value),
        AggregateExpression aggregate => Aggregate(aggregate, window, notes),
        RatioExpression ratio => Ratio(ratio, window, notes),
        QuantileExpression quantile => Quantile(quantile, window, notes),
        _ => throw new MetricUnavailableException($"unsupported expression {expression}"),
    };

    private static double Aggregate(AggregateExpression aggregate, ScrapeWindow window, List<string> notes)
    {
        var values = Vector(aggregate.Vector, window, notes).Select(s => s.Value).ToList();
        if (values.Count == 0 && aggregate.Function is AggregateFunction.Min or AggregateFunction.Max or AggregateFunction.Avg)
        {
            throw new MetricUnavailableException($"{aggregate.Function.ToString().ToLowerInvariant()}() of no series");
        }

        return aggregate.Function switch
        {
            AggregateFunction.Sum => values.Sum(),
            AggregateFunction.Count => values.Count,
            AggregateFunction.Min => values.Min(),
            AggregateFunction.Max => values.Max(),
            _ => values.Average(),
        };
    }

    private static double Ratio(RatioExpression ratio, ScrapeWindow window, List<string> notes)
    {
        var numerator = Scalar(ratio.Numerator, window, notes);
        var denominator = Scalar(ratio.Denominator, window, notes);
        if (denominator == 0)
        {
            notes.Add(NoTraffic);
            return 0;
        }

        return numerator / denominator;
    }

    private static double Quantile(QuantileExpression quantile, ScrapeWindow window, List<string> notes)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var sample in Vector(quantile.Buckets, window, notes))
        {
            if (!sample.Labels.Has("le") || !ExpositionParser.TryParseFloat(sample.Labels["le"], out var le))
            {
                throw new MetricUnavailableException($"histogram_quantile needs bucket series with an 'le' label; {sample.Name} has none");
            }

            buckets[le] = buckets.GetValueOrDefault(le) + sample.Value;
        }

        var result = BucketQuantile(quantile.Quantile, [.. buckets.Select(b => (b.Key, b.Value))]);
        if (double.IsNaN(result.Value))
        {
            if (result.NoObservations)
            {
                notes.Add(NoTraffic);
                return 0;
            }

            throw new MetricUnavailableException(result.Problem ?? "histogram_quantile found no buckets");
        }

        return result.Value;
    }

    /// <summary>PromQL's bucketQuantile: linear interpolation inside the bucket holding the rank.</summary>
    internal static (double Value, bool NoObservations, string? Problem) BucketQuantile(double q, (double UpperBound, double Count)[] buckets)
    {
        if (buckets.Length < 2)
        {
            return (double.NaN, false, "histogram_quantile needs at least two buckets");
        }

        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return (double.NaN, false, "histogram_quantile needs a le=\"+Inf\" bucket");
        }

        // Buckets are cumulative; small float errors can make them non-monotonic, which PromQL also repairs.
        for (var i = 1; i < buckets.Length; i++)
        {
            buckets[i].Count = Math.Max(buckets[i].Count, buckets[i - 1].Count);
        }

        var observations = buckets[^1].Count;
        if (observations <= 0 || double.IsNaN(observations))
        {
            return (double.NaN, true, null);
        }

        var rank = q * observations;
        var b = Array.FindIndex(buckets, bucket => bucket.Count >= rank);
        if (b == buckets.Length - 1)
        {
            return (buckets[^2].UpperBound, false, null);
        }

        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return (buckets[0].UpperBound, false, null);
        }

        var start = 0d;
        var end = buckets[b].UpperBound;
        var count = buckets[b].Count;
        if (b > 0)
        {
            start = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }

        return (start + ((end - start) * (rank / count)), false, null);
    }

    private static List<VectorSample> Vector(VectorExpression expression, ScrapeWindow window, List<string> notes) => expression switch
    {
        VectorSelector selector => Select(selector, window.After, notes).Select(s => new VectorSample(s.Name, s.Labels, s.Value)).ToList(),
        RangeExpression range => Range(range, window, notes),
        _ => throw new MetricUnavailableException($"unsupported expression {expression}"),
    };

    private static List<VectorSample> Range(RangeExpression range, ScrapeWindow window, List<string> notes)
    {
        if (window.Before is null || window.Elapsed <= TimeSpan.Zero)
        {
            throw new MetricUnavailableException($"{range.Function.ToString().ToLowerInvariant()}() needs two scrapes: set the check's 'window'");
        }

        var before = Select(range.Selector, window.Before, notes: null).ToDictionary(s => s.SeriesKey, s => s.Value, StringComparer.Ordinal);
        var result = new List<VectorSample>();
        foreach (var sample in Select(range.Selector, window.After, notes))
        {
            var previous = before.GetValueOrDefault(sample.SeriesKey);
            var increase = sample.Value - previous;
            if (sample.Value < previous)
            {
                // Reset: the process restarted and counts again from zero.
                increase = sample.Value;
                notes.Add($"counter reset: {sample.SeriesKey} went from {Format(previous)} to {Format(sample.Value)}");
            }

            var value = range.Function == RangeFunction.Rate ? increase / window.Elapsed.TotalSeconds : increase;
            result.Add(new VectorSample(sample.Name, sample.Labels, value));
        }

        return result;
    }

    private static List<MetricSample> Select(VectorSelector selector, ExpositionDocument document, List<string>? notes)
    {
        IReadOnlyList<MetricSample> named = selector.MetricName is null
            ? document.Samples
            : document.Samples.Where(s => s.Name == selector.MetricName).ToList();

        // Only the latest scrape must expose the metric (notes is null for the first scrape of a window).
        // A family announced by # TYPE/# HELP without samples yet (a labelled counter before its first increment) is present.
        if (selector.MetricName is not null && named.Count == 0 && notes is not null && document.FamilyOf(selector.MetricName) is null)
        {
            throw new MetricUnavailableException($"no metric named {selector.MetricName} in the scrape");
        }

        var matched = named.Where(s => selector.Matchers.All(m => m.Matches(s.Name, s.Labels))).ToList();
        if (matched.Count == 0)
        {
            notes?.Add($"no series matched {selector}");
        }

        return matched;
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private readonly record struct VectorSample(string Name, LabelSet Labels, double Value);
}
