using System.Globalization;
using System.Text;
using HdrHistogram;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>The latency histogram as text a human reads in an issue: percentiles, a bar chart, HdrHistogram's own table.</summary>
internal static class LatencyText
{
    private const int BarWidth = 40;
    private static readonly double[] Percentiles = [50, 75, 90, 95, 99, 99.9, 99.99];

    public static string PercentileTable(LoadRecorder recorder)
    {
        var text = new StringBuilder();
        foreach (var p in Percentiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"p{p,-6} {Ms(recorder.Percentile(p)),10} ms\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"max     {Ms(recorder.MaxMs),10} ms\n");
        return text.ToString();
    }

    /// <summary>
    /// Requests per latency band, bands doubling from 0.25 ms so a 1 ms service and a 10 s stall fit in one small chart.
    /// Empty bands between the fastest and the slowest are kept: a gap is what makes a bimodal service visible.
    /// </summary>
    public static string Chart(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return "(no requests)\n";
        }

        var bands = new SortedDictionary<int, long>();
        foreach (var value in histogram.RecordedValues())
        {
            var band = Band(value.ValueIteratedTo);
            bands[band] = bands.GetValueOrDefault(band) + value.CountAddedInThisIterationStep;
        }

        var first = bands.Keys.First();
        var last = bands.Keys.Last();
        var peak = bands.Values.Max();
        var total = (double)histogram.TotalCount;
        var text = new StringBuilder();
        for (var band = first; band <= last; band++)
        {
            var count = bands.GetValueOrDefault(band);
            var bar = count == 0 ? 0 : Math.Max(1, (int)Math.Round(BarWidth * (double)count / peak));
            var label = $"{Ms(Lower(band)),8} - {Ms(Lower(band + 1)),-8} ms";
            text.Append(CultureInfo.InvariantCulture, $"{label} |{new string('#', bar),-BarWidth}| {count} ({count * 100 / total:0.0}%)\n");
        }

        return text.ToString();
    }

    /// <summary>HdrHistogram's percentile distribution (the format its plotters read), in milliseconds.</summary>
    public static string Distribution(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return "(no requests)\n";
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        histogram.OutputPercentileDistribution(writer, percentileTicksPerHalfDistance: 1, outputValueUnitScalingRatio: 1000.0);
        return writer.ToString();
    }

    private static int Band(long micros) => micros <= 250 ? 0 : (int)Math.Ceiling(Math.Log2(micros / 250.0));

    private static double Lower(int band) => band == 0 ? 0 : 0.25 * Math.Pow(2, band - 1);

    private static string Ms(double ms) => ms switch
    {
        < 10 => ms.ToString("0.###", CultureInfo.InvariantCulture),
        < 1000 => ms.ToString("0.#", CultureInfo.InvariantCulture),
        _ => ms.ToString("0", CultureInfo.InvariantCulture),
    };
}
