using System.Globalization;
using System.Text;

namespace Serverless.Diag.Probes.Metrics.Exposition;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4): <c># HELP</c>, <c># TYPE</c>, labels with
/// their escapes, <c>NaN</c>/<c>+Inf</c>/<c>-Inf</c>, optional timestamps, histograms and summaries.
/// </summary>
/// <remarks>
/// Our own parser on purpose: prometheus-net and OpenTelemetry only <em>write</em> this format, and no
/// maintained .NET package parses it (let alone evaluates the PromQL subset the metrics check needs).
/// Invalid input raises <see cref="ExpositionFormatException"/> naming the line, and nothing else.
/// </remarks>
public static class ExpositionParser
{
    internal static readonly string[] ComplexSuffixes = ["_bucket", "_sum", "_count"];

    public static ExpositionDocument Parse(string text)
    {
        var samples = new List<MetricSample>();
        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        var helpSeen = new HashSet<string>(StringComparer.Ordinal);
        var familiesWithSamples = new HashSet<string>(StringComparer.Ordinal);
        var seriesSeen = new HashSet<string>(StringComparer.Ordinal);

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed[0] == '#')
            {
                ParseComment(trimmed, number, families, helpSeen, familiesWithSamples);
                continue;
            }

            var sample = ParseSample(trimmed, number);
            var family = FamilyName(sample.Name, families);
            familiesWithSamples.Add(family);
            CheckComplexSample(sample, families.GetValueOrDefault(family), line);
            if (!seriesSeen.Add(sample.SeriesKey))
            {
                throw new ExpositionFormatException(number, $"duplicate sample for series {sample.SeriesKey}", line);
            }

            samples.Add(sample);
        }

        return new ExpositionDocument(samples, families);
    }

    private static void ParseComment(string line, int number, Dictionary<string, MetricFamily> families, HashSet<string> helpSeen, HashSet<string> familiesWithSamples)
    {
        var cursor = new LineCursor(line, number);
        cursor.Expect('#');
        cursor.SkipBlanks();
        var keyword = cursor.ReadWhile(c => !IsBlank(c));
        if (keyword is not ("HELP" or "TYPE") || !cursor.SkipBlanks())
        {
            return; // An ordinary comment.
        }

        var name = cursor.ReadMetricName();
        if (!cursor.AtEnd && !IsBlank(cursor.Peek))
        {
            throw cursor.Error($"invalid metric name in {keyword} line");
        }

        if (!cursor.AtEnd)
        {
            cursor.Advance();
        }

        if (keyword == "HELP")
        {
            var help = cursor.AtEnd ? string.Empty : UnescapeHelp(cursor.RestAfterOneBlank());
            if (!helpSeen.Add(name))
            {
                throw cursor.Error($"second HELP line for metric {name}");
            }

            var existing = families.GetValueOrDefault(name);
            families[name] = (existing ?? new MetricFamily(name, MetricType.Untyped, null)) with { Help = help };
            return;
        }

        cursor.SkipBlanks();
        var typeText = cursor.ReadWhile(c => !IsBlank(c));
        cursor.SkipBlanks();
        if (!cursor.AtEnd)
        {
            throw cursor.Error("unexpected text after the metric type");
        }

        if (!TryParseType(typeText, out var type))
        {
            throw cursor.Error(typeText.Length == 0 ? $"TYPE line for {name} without a type" : $"unknown metric type '{typeText}' (counter, gauge, histogram, summary or untyped)");
        }

        if (families.TryGetValue(name, out var family) && family.Type != MetricType.Untyped)
        {
            throw cursor.Error($"second TYPE line for metric {name}");
        }

        if (familiesWithSamples.Contains(name))
        {
            throw cursor.Error($"TYPE line for metric {name} after its samples");
        }

        families[name] = new MetricFamily(name, type, family?.Help);
    }

    private static bool TryParseType(string text, out MetricType type)
    {
        type = text switch
        {
            "counter" => MetricType.Counter,
            "gauge" => MetricType.Gauge,
            "histogram" => MetricType.Histogram,
            "summary" => MetricType.Summary,
            "untyped" => MetricType.Untyped,
            _ => (MetricType)(-1),
        };
        return (int)type >= 0;
    }

    private static MetricSample ParseSample(string line, int number)
    {
        var cursor = new LineCursor(line, number);
        var name = cursor.ReadMetricName();
        var blankAfterName = cursor.SkipBlanks();
        if (!blankAfterName && !cursor.AtEnd && cursor.Peek != '{')
        {
            throw cursor.Error($"invalid metric name '{name}{cursor.Peek}'");
        }

        var hasLabels = cursor.Peek == '{';
        var labels = hasLabels ? ParseLabels(ref cursor) : LabelSet.Empty;
        if (!cursor.SkipBlanks() && !(blankAfterName && !hasLabels))
        {
            throw cursor.Error(cursor.AtEnd ? "missing value" : "expected a space before the value");
        }

        if (cursor.AtEnd)
        {
            throw cursor.Error("missing value");
        }

        var value = ParseValue(cursor.ReadWhile(c => !IsBlank(c)), cursor);
        long? timestamp = null;
        if (cursor.SkipBlanks() && !cursor.AtEnd)
        {
            var text = cursor.ReadWhile(c => !IsBlank(c));
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                throw cursor.Error($"invalid timestamp '{text}' (milliseconds since the epoch)");
            }

            timestamp = ms;
            cursor.SkipBlanks();
        }

        if (!cursor.AtEnd)
        {
            throw cursor.Error("unexpected text after the sample");
        }

        return new MetricSample(name, labels, value, timestamp, number);
    }

    private static LabelSet ParseLabels(ref LineCursor cursor)
    {
        cursor.Expect('{');
        var labels = new List<KeyValuePair<string, string>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cursor.SkipBlanks();
            if (cursor.Peek == '}')
            {
                cursor.Advance();
                return new LabelSet(labels);
            }

            var name = cursor.ReadLabelName();
            cursor.SkipBlanks();
            cursor.Expect('=');
            cursor.SkipBlanks();
            var value = cursor.ReadQuotedLabelValue();
            if (!names.Add(name))
            {
                throw cursor.Error($"label {name} appears twice");
            }

            labels.Add(new(name, value));
            cursor.SkipBlanks();
            if (cursor.Peek == ',')
            {
                cursor.Advance();
            }
            else if (cursor.Peek != '}')
            {
                throw cursor.Error("expected ',' or '}' after a label value");
            }
        }
    }

    internal static bool TryParseFloat(string text, out double value)
    {
        switch (text.ToUpperInvariant())
        {
            case "NAN":
                value = double.NaN;
                return true;
            case "+INF" or "INF":
                value = double.PositiveInfinity;
                return true;
            case "-INF":
                value = double.NegativeInfinity;
                return true;
        }

        // Go's ParseFloat syntax: no thousands separators, no hex here; "1e3", "-0.5", ".5" are fine.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static double ParseValue(string text, LineCursor cursor) =>
        TryParseFloat(text, out var value) ? value : throw cursor.Error($"invalid value '{text}'");

    private static string FamilyName(string sampleName, Dictionary<string, MetricFamily> families)
    {
        foreach (var suffix in ComplexSuffixes)
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) &&
                families.TryGetValue(sampleName[..^suffix.Length], out var family) &&
                family.Type is MetricType.Histogram or MetricType.Summary)
            {
                return family.Name;
            }
        }

        return sampleName;
    }

    private static void CheckComplexSample(MetricSample sample, MetricFamily? family, string line)
    {
        if (family?.Type == MetricType.Histogram && sample.Name == family.Name + "_bucket" &&
            (!sample.Labels.Has("le") || !TryParseFloat(sample.Labels["le"], out _)))
        {
            throw new ExpositionFormatException(sample.Line, "histogram bucket without a numeric 'le' label", line);
        }

        if (family?.Type == MetricType.Summary && sample.Name == family.Name &&
            (!sample.Labels.Has("quantile") || !TryParseFloat(sample.Labels["quantile"], out _)))
        {
            throw new ExpositionFormatException(sample.Line, "summary sample without a numeric 'quantile' label", line);
        }
    }

    private static string UnescapeHelp(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or 'n')
            {
                result.Append(text[++i] == 'n' ? '\n' : '\\');
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    internal static bool IsBlank(char c) => c is ' ' or '\t';
}
