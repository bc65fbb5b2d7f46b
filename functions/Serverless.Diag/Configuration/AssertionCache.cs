using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

/// <summary>
/// The assertions parsed while loading a config or planning one run, by text: checks repeat the same few (<c>status == 200</c>,
/// <c>latency &lt; 2s</c>), and an <see cref="Assertion"/> is immutable and holds no position of its own, so
/// every check writing the same line shares one. Lines that fail are parsed again, so each is reported where
/// it is written.
/// </summary>
internal sealed class AssertionCache
{
    private readonly Dictionary<(string Text, bool IsWarning, IProbeFactory Factory), Assertion> _parsed = [];

    public Assertion? Parse(ExpectLine line, IProbeFactory factory, ConfigDiagnostics diagnostics)
    {
        var key = (line.Text.Value, line.IsWarning, factory);
        if (_parsed.TryGetValue(key, out var known))
        {
            return known;
        }

        var assertion = ExpectParsing.Parse(line, factory, diagnostics);
        if (assertion is not null)
        {
            _parsed[key] = assertion;
        }

        return assertion;
    }
}
