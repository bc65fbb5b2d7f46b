using System.Text;
using System.Text.RegularExpressions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Flow;

/// <summary>
/// Reads a <c>flow</c> check: its <c>steps</c> and <c>finally</c> steps, each an http request with its own <c>expect</c> and
/// <c>capture</c>. Refused at their position: duplicate step names, a <c>${name}</c> no earlier step captures, a capture from
/// something a step's response cannot give.
/// </summary>
internal static partial class FlowSettingsReader
{
    public const string Steps = "steps";
    public const string Finally = "finally";

    private static readonly string[] Schemes = ["http", "https"];
    private static readonly string[] StepKeys = ["name", "method", "url", "headers", "body", "json", "auth", "follow_redirects", "expect", "capture"];
    private static readonly string[] CaptureKeys = ["from", "regex", "public"];

    public static IReadOnlyCollection<string> Keys { get; } = [Steps, Finally, "auth", "insecure_skip_verify", "max_body"];

    /// <summary>The names the steps capture, read from the settings as written (before interpolation).</summary>
    public static IReadOnlySet<string> CapturedNames(ConfigMapping settings)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in new[] { Steps, Finally })
        {
            if (settings[key] is not ConfigSequence steps)
            {
                continue;
            }

            foreach (var step in steps.Items.OfType<ConfigMapping>())
            {
                if (step["capture"] is ConfigMapping capture)
                {
                    names.UnionWith(capture.Entries.Select(e => e.Key.Value));
                }
            }
        }

        return names;
    }

    public static FlowSettings? Read(CheckSettings settings)
    {
        var insecure = settings.Bool("insecure_skip_verify");
        var maxBody = settings.Size("max_body");
        var flowAuth = HttpAuthReader.ReadWithTokenSources(settings);
        var names = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        var captured = new HashSet<string>(StringComparer.Ordinal);
        var steps = ReadSteps(settings, Steps, required: true, flowAuth, names, captured);
        var cleanup = ReadSteps(settings, Finally, required: false, flowAuth, names, captured);
        if (settings.HasErrors || steps is null || cleanup is null)
        {
            return null;
        }

        return new FlowSettings(steps, cleanup, insecure ?? false, maxBody ?? HttpProbeSettings.DefaultMaxBody);
    }

    private static List<FlowStep>? ReadSteps(CheckSettings settings, string key, bool required, CheckAuth? flowAuth, Dictionary<string, SourceMark> names, HashSet<string> captured)
    {
        switch (settings.Node(key))
        {
            case null when required:
                settings.String(key, required: true);
                return null;
            case null:
                return [];
            case ConfigSequence { Items.Count: > 0 } sequence:
                var steps = new List<FlowStep>();
                foreach (var item in sequence.Items)
                {
                    if (item is not ConfigMapping mapping)
                    {
                        settings.Error(item, $"each of '{key}' must be a mapping with name, url, expect...");
                        continue;
                    }

                    if (ReadStep(settings.Nested(mapping), mapping, flowAuth, names, captured) is { } step)
                    {
                        steps.Add(step);
                    }
                }

                return steps;
            case var other:
                settings.Error(other, $"'{key}' must be a list of steps");
                return null;
        }
    }

    private static FlowStep? ReadStep(CheckSettings step, ConfigMapping mapping, CheckAuth? flowAuth, Dictionary<string, SourceMark> names, HashSet<string> captured)
    {
        foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => !StepKeys.Contains(k.Value, StringComparer.Ordinal)))
        {
            step.Error(key, $"unknown step key '{key.Value}'{Suggestions.DidYouMean(key.Value, StepKeys)} (a step takes {string.Join(", ", StepKeys)})");
        }

        var name = StepName(step, mapping, names);
        var method = HttpMethodReader.Read(step);
        var url = Url(step);
        var headers = RequestHeaders.Read(step);
        var (body, contentType) = HttpSettingsReader.ReadBody(step);
        var redirects = HttpSettingsReader.ReadRedirects(step);
        var auth = step.Mapping("auth") is { } own ? HttpAuthReader.Read(step, own, tokenSources: true) : flowAuth;
        var (expect, expectLater) = Expect(step);
        var captures = Captures(step);
        if (name is null || url is null || method is null || headers is null)
        {
            return null;
        }

        var flowStep = new FlowStep
        {
            Name = name,
            Mark = mapping.Mark,
            Method = method,
            Url = url,
            Headers = [.. headers.Select(h => (h.Key, FlowTemplate.Parse(h.Value)))],
            Body = body is null ? null : FlowTemplate.Parse(Encoding.UTF8.GetString(body)),
            ContentType = contentType,
            Authorization = auth?.Header,
            TokenSource = auth?.Source,
            FollowRedirects = redirects ?? RedirectPolicy.Any,
            Expect = expect,
            ExpectLater = expectLater,
            Captures = captures,
            Needs = [.. expect, .. BodyNeeds(captures, expectLater)],
        };

        foreach (var (variable, _, where) in flowStep.References.Where(r => !captured.Contains(r.Name)))
        {
            var node = where.StartsWith("headers.", StringComparison.Ordinal) ? (ConfigNode?)step.Mapping("headers") : step.Node(where == "body" && step.Has("json") ? "json" : where);
            step.Error(node ?? mapping, $"'${{{variable}}}' in step '{name}' ({where}) is used before any step captures it");
        }

        captured.UnionWith(captures.Select(c => c.Name));
        return flowStep;
    }

    private static string? StepName(CheckSettings step, ConfigMapping mapping, Dictionary<string, SourceMark> names)
    {
        var name = step.String("name");
        if (name is null)
        {
            step.Error(mapping, "each step needs a 'name' (it names the step's measurements: steps.<name>.latency)");
            return null;
        }

        var node = step.Node("name")!;
        if (!StepNamePattern().IsMatch(name))
        {
            step.Error(node, $"step name '{name}' must be letters, digits, '_' or '-'");
            return null;
        }

        if (names.TryGetValue(name, out var first))
        {
            step.Error(node, $"duplicate step name '{name}' (first at {first})");
            return null;
        }

        names[name] = node.Mark;
        return name;
    }

    private static FlowTemplate? Url(CheckSettings step)
    {
        var text = step.String("url", required: true);
        if (text is null)
        {
            return null;
        }

        step.Secrets.AddRange(Secrets.CredentialParts.Extract(text));
        var template = FlowTemplate.Parse(text.Trim());
        if (!Uri.TryCreate(template.WithPlaceholders("x"), UriKind.Absolute, out var url) || !Schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            step.Error(step.Node("url")!, $"'url' must be an absolute http or https URL, not '{step.Secrets.Redact(text)}'");
            return null;
        }

        TargetUrl.RegisterQuerySecrets(step.Secrets, url);
        return template;
    }

    private static (List<Assertion> Now, List<FlowTemplate> Later) Expect(CheckSettings step)
    {
        var now = new List<Assertion>();
        var later = new List<FlowTemplate>();
        if (step.List("expect") is not { } lines || step.Node("expect") is not { } node)
        {
            return (now, later);
        }

        var items = node is ConfigSequence sequence ? sequence.Items : [node];
        foreach (var (line, item) in lines.Zip(items))
        {
            var template = FlowTemplate.Parse(line);
            var text = template.References.Count == 0 ? line : template.WithPlaceholders("0");
            if (!AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out var error))
            {
                step.Error(item, $"invalid assertion: {error.Message}");
                continue;
            }

            var unknown = assertion.Operands.Select(o => o.Path).FirstOrDefault(p => !HttpVocabulary.Instance.Knows(p));
            if (unknown is not null)
            {
                step.Error(item, $"'{unknown}' is not measured by a flow step (measures: {string.Join(", ", HttpVocabulary.Instance.Names)})");
                continue;
            }

            if (template.References.Count == 0)
            {
                now.Add(assertion);
            }
            else
            {
                later.Add(template);
            }
        }

        return (now, later);
    }

    private static List<FlowCapture> Captures(CheckSettings step)
    {
        var captures = new List<FlowCapture>();
        if (step.Mapping("capture") is not { } capture)
        {
            return captures;
        }

        foreach (var (key, node) in capture.Entries)
        {
            if (!VariableNamePattern().IsMatch(key.Value))
            {
                step.Error(key, $"capture name '{key.Value}' must start with a letter or '_' and hold only letters, digits and '_'");
                continue;
            }

            var (from, fromNode, regex, isPublic) = node switch
            {
                ConfigScalar scalar => (scalar.Value, (ConfigNode)scalar, null, false),
                ConfigMapping spec => Spec(step, key.Value, spec),
                _ => (null, node, null, false),
            };
            if (from is null)
            {
                step.Error(fromNode, $"'capture.{key.Value}' must be a path (json.token, headers.location, status, body) or {{from, regex, public}}");
                continue;
            }

            if (!CanProduce(from))
            {
                step.Error(fromNode, $"'capture.{key.Value}': a step cannot produce '{from}'; it captures status, body, json.<path> or headers.<name>");
                continue;
            }

            Regex? pattern = null;
            if (regex is not null)
            {
                try
                {
                    pattern = new Regex(regex.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException e)
                {
                    step.Error(regex, $"'capture.{key.Value}.regex' is not a valid regular expression: {e.Message}");
                    continue;
                }
            }

            captures.Add(new FlowCapture(key.Value, from, pattern, isPublic));
        }

        return captures;
    }

    private static (string? From, ConfigNode Node, ConfigScalar? Regex, bool Public) Spec(CheckSettings step, string name, ConfigMapping spec)
    {
        foreach (var key in spec.Entries.Select(e => e.Key).Where(k => !CaptureKeys.Contains(k.Value, StringComparer.Ordinal)))
        {
            step.Error(key, $"unknown key 'capture.{name}.{key.Value}' (expected one of {string.Join(", ", CaptureKeys)})");
        }

        var nested = step.Nested(spec);
        var from = nested.String("from");
        var regex = spec["regex"] as ConfigScalar;
        var isPublic = nested.Bool("public") ?? false;
        return (from, (ConfigNode?)spec["from"] ?? spec, regex, isPublic);
    }

    private static bool CanProduce(string path) =>
        path is HttpVocabulary.Status or HttpVocabulary.Body or HttpVocabulary.Json
        || (path.Length > HttpVocabulary.Json.Length && path.StartsWith(HttpVocabulary.Json, StringComparison.Ordinal) && path[HttpVocabulary.Json.Length] is '.' or '[')
        || (path.Length > HttpVocabulary.Headers.Length + 1 && path.StartsWith(HttpVocabulary.Headers + ".", StringComparison.Ordinal));

    /// <summary>Captures and late assertions read the body: say so, or the http probe would not keep it.</summary>
    private static IEnumerable<Assertion> BodyNeeds(List<FlowCapture> captures, List<FlowTemplate> expectLater)
    {
        if (captures.Any(c => c.From == HttpVocabulary.Body) || expectLater.Count > 0)
        {
            yield return BodyExists;
        }

        if (captures.Any(c => c.From.StartsWith(HttpVocabulary.Json, StringComparison.Ordinal)) || expectLater.Count > 0)
        {
            yield return JsonExists;
        }
    }

    private static readonly Assertion BodyExists = Parsed("body exists");
    private static readonly Assertion JsonExists = Parsed("json exists");

    private static Assertion Parsed(string text) =>
        AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out _) ? assertion : throw new InvalidOperationException(text);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex StepNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex VariableNamePattern();
}

/// <summary>A validated <c>flow</c> check.</summary>
internal sealed record FlowSettings(IReadOnlyList<FlowStep> Steps, IReadOnlyList<FlowStep> Finally, bool InsecureSkipVerify, long MaxBody);
