using System.Collections;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.TestKit.Probes;

/// <summary>
/// Builds a probe from settings written as C# values (string, dictionary, list), the way the planner would:
/// every key sits on its own line of a pretend <c>diag.yaml</c>, so errors can be checked at their positions.
/// </summary>
public sealed class ProbeHarness
{
    public const string File = "diag.yaml";

    private int _line = 2;

    public ConfigDiagnostics Diagnostics { get; } = new();

    public SecretRedactor Secrets { get; } = new();

    /// <summary>Where each key was written, by dotted path (<c>auth.token</c>).</summary>
    public Dictionary<string, SourceMark> Marks { get; } = new(StringComparer.Ordinal);

    public IProbe? Create(IProbeFactory factory, IReadOnlyDictionary<string, object> settings, string name = "check")
    {
        _line = 2;
        var mapping = Map(settings, new SourceMark(File, 2, 5), prefix: string.Empty);
        var check = new CheckDefinition { Name = name, Type = factory.Type, Mark = new SourceMark(File, 1, 3), Settings = mapping };
        var environment = new EnvironmentDefinition("test", new Dictionary<string, ConfigScalar>(), AllowLoad: false, SourceMark.None);
        return factory.Create(new CheckSettings(check, environment, mapping, Diagnostics, Secrets));
    }

    /// <summary>The messages reported on the line of <paramref name="key"/>.</summary>
    public IEnumerable<string> ErrorsAt(string key) =>
        Diagnostics.Errors.Where(e => e.Mark.Line == Marks[key].Line).Select(e => e.Message);

    public ProbeContext Context(TimeSpan? timeout = null, params string[] neededPaths) => new()
    {
        Environment = "test",
        CheckName = "check",
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        TimeProvider = TimeProvider.System,
        Logger = NullLogger.Instance,
        Secrets = Secrets,
        Assertions = [.. neededPaths.Select(p => new Assertion($"{p} exists", AssertionLevel.Fail, p, AssertionOperator.Exists, null))],
    };

    private ConfigMapping Map(IEnumerable map, SourceMark mark, string prefix)
    {
        var entries = new List<KeyValuePair<ConfigScalar, ConfigNode>>();
        foreach (var entry in map.Cast<object>().Select(e => e is DictionaryEntry d ? new KeyValuePair<string, object>((string)d.Key, d.Value!) : (KeyValuePair<string, object>)e))
        {
            var keyMark = new SourceMark(File, _line++, 5);
            Marks[prefix + entry.Key] = keyMark;
            entries.Add(new(new ConfigScalar(entry.Key, keyMark), Node(entry.Value, keyMark.Offset(entry.Key.Length + 2), prefix + entry.Key + ".")));
        }

        return new ConfigMapping(entries, mark);
    }

    private ConfigNode Node(object value, SourceMark mark, string prefix) => value switch
    {
        string text => new ConfigScalar(text, mark, Quoted: true),
        bool or int or long or double => new ConfigScalar(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!.ToLowerInvariant(), mark),
        IDictionary or IReadOnlyDictionary<string, object> => Map((IEnumerable)value, mark, prefix),
        IEnumerable list => new ConfigSequence([.. list.Cast<object>().Select(item => Node(item, mark, prefix))], mark),
        _ => throw new ArgumentException($"unsupported setting value {value}"),
    };
}
