using Microsoft.Extensions.Logging;
using Serverless.Diag.Assertions;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes;

/// <summary>What the runner gives a probe for one attempt.</summary>
public sealed class ProbeContext
{
    public required string Environment { get; init; }

    public required string CheckName { get; init; }

    /// <summary>The check's timeout; the cancellation token fires when it passes.</summary>
    public required TimeSpan Timeout { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public required ILogger Logger { get; init; }

    /// <summary>Add secrets discovered while probing; redact anything put into evidence.</summary>
    public required SecretRedactor Secrets { get; init; }

    /// <summary>The assertions that will be evaluated, so a probe collects only what they need (e.g. the body).</summary>
    public IReadOnlyList<Assertion> Assertions { get; init; } = [];

    /// <summary>The check's trace context, sent as <c>traceparent</c> by HTTP-based probes; null when the check says <c>trace: false</c>.</summary>
    public TraceContext? Trace { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public int Attempt { get; init; } = 1;

    public bool NeedsPath(string prefix)
    {
        // Runs for every check of every run: a plain loop, no closures or concatenated prefixes.
        foreach (var assertion in Assertions)
        {
            if (Reads(assertion.Path, prefix))
            {
                return true;
            }

            if (assertion.Alternatives.Count > 0 || assertion.Expected is PathValue)
            {
                foreach (var (path, _) in assertion.Operands)
                {
                    if (Reads(path, prefix))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool Reads(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] is '.' or '[');
}
