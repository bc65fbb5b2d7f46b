using System.Text.RegularExpressions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Metrics.Expressions;

namespace Serverless.Diag.Probes.Metrics;

/// <summary>
/// <c>type: metrics</c>: scrapes a Prometheus text endpoint (once, or twice <c>window</c> apart) and computes
/// the check's named values. The names come from the config, so the vocabulary is open and this factory
/// checks the <c>expect</c> paths against them itself.
/// </summary>
public sealed partial class MetricsProbeFactory : IProbeFactory
{
    private readonly Lazy<SocketsHttpHandler> _handler = new(ObservabilityHttp.CreateHandler);

    public string Type => "metrics";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["url", "window", "status_label", "values", "auth"];

    public MeasurementVocabulary Vocabulary => MeasurementVocabulary.Open;

    public IProbe? Create(CheckSettings settings)
    {
        var url = ObservabilityHttp.ReadUrl(settings, "url", out var basicAuth);
        var window = ReadWindow(settings);
        var statusLabel = settings.String("status_label") ?? "code";
        if (!LabelName().IsMatch(statusLabel))
        {
            settings.Error(settings.Node("status_label")!, $"'status_label' must be a label name such as code or status, not '{statusLabel}'");
        }

        var authorization = ObservabilityHttp.ReadAuth(settings) ?? basicAuth;
        var values = ReadValues(settings, statusLabel, window ?? TimeSpan.Zero);
        if (window is { } w && w >= settings.Check.Timeout)
        {
            settings.Error("window", $"'window' ({Units.FormatDuration(w)}) must be shorter than the check's timeout ({Units.FormatDuration(settings.Check.Timeout)}): both scrapes happen within it");
        }

        if (values is not null)
        {
            CheckExpectPaths(settings, values);
        }

        return settings.HasErrors || url is null || window is null || values is null
            ? null
            : new MetricsProbe(new MetricsSettings(url, window.Value, statusLabel, values, authorization), _handler.Value);
    }

    private static TimeSpan? ReadWindow(CheckSettings settings)
    {
        // "0" is the natural way to say "one scrape"; every other value needs a unit.
        return settings.String("window") is null or "0" ? TimeSpan.Zero : settings.Duration("window");
    }

    private static List<NamedValue>? ReadValues(CheckSettings settings, string statusLabel, TimeSpan window)
    {
        var mapping = settings.Mapping("values");
        if (mapping is null)
        {
            if (!settings.Has("values"))
            {
                settings.Error("type", $"check '{settings.Check.Name}' (metrics) needs 'values': names mapped to expressions such as sum(http_requests_total{{code=~\"5..\"}})");
            }

            return null;
        }

        var values = new List<NamedValue>();
        var ok = true;
        foreach (var (key, node) in mapping.Entries)
        {
            if (!ValueName().IsMatch(key.Value))
            {
                settings.Error(key, $"'{key.Value}' is not a usable value name (letters, digits, '_' and '.', starting with a letter)");
                ok = false;
                continue;
            }

            if (node is not ConfigScalar scalar)
            {
                settings.Error(node, $"'values.{key.Value}' must be an expression");
                ok = false;
                continue;
            }

            try
            {
                var expression = MetricExpressionParser.Parse(scalar.Value, statusLabel);
                if (expression.NeedsWindow && window <= TimeSpan.Zero)
                {
                    settings.Error(scalar, $"'{key.Value}': rate() and increase() compare two scrapes; set 'window' (e.g. window: 30s)");
                    ok = false;
                    continue;
                }

                values.Add(new NamedValue(key.Value, scalar.Value, expression));
            }
            catch (MetricExpressionException e)
            {
                settings.Error(scalar with { Mark = scalar.TextStart.Offset(e.Position) }, $"'{key.Value}': {e.Message}");
                ok = false;
            }
        }

        if (values.Count == 0 && ok)
        {
            settings.Error(mapping, "'values' needs at least one named value");
            ok = false;
        }

        return ok ? values : null;
    }

    private static void CheckExpectPaths(CheckSettings settings, List<NamedValue> values)
    {
        var names = values.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var line in settings.Check.Expect)
        {
            // A line that does not parse is reported by the loader; here only the path matters.
            if (!AssertionParser.TryParse(line.Text.Value, AssertionLevel.Fail, out var assertion, out _))
            {
                continue;
            }

            foreach (var (path, offset) in assertion.Operands.Where(o => !names.Contains(o.Path)))
            {
                settings.Error(line.Text with { Mark = line.Text.TextStart.Offset(offset) }, $"'{path}' is not one of this check's values ({string.Join(", ", names.Order(StringComparer.Ordinal))})");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.]*$")]
    private static partial Regex ValueName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex LabelName();
}
