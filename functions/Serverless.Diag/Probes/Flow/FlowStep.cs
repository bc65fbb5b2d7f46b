using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Auth;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Flow;

/// <summary>One request of a flow, validated at load; its texts are filled in with captured values at run time.</summary>
internal sealed record FlowStep
{
    public required string Name { get; init; }

    public required SourceMark Mark { get; init; }

    public HttpMethod Method { get; init; } = HttpMethod.Get;

    public required FlowTemplate Url { get; init; }

    public IReadOnlyList<(string Name, FlowTemplate Value)> Headers { get; init; } = [];

    public FlowTemplate? Body { get; init; }

    public string? ContentType { get; init; }

    public KeyValuePair<string, string>? Authorization { get; init; }

    public ITokenSource? TokenSource { get; init; }

    public RedirectPolicy FollowRedirects { get; init; } = RedirectPolicy.Any;

    /// <summary>Assertions without captured values, parsed at load.</summary>
    public IReadOnlyList<Assertion> Expect { get; init; } = [];

    /// <summary>Assertions using captured values: parsed once the values are known.</summary>
    public IReadOnlyList<FlowTemplate> ExpectLater { get; init; } = [];

    public IReadOnlyList<FlowCapture> Captures { get; init; } = [];

    /// <summary>
    /// What the step's response must keep for its assertions and captures (<c>json.*</c> and <c>body</c> need the body):
    /// the http probe keeps only what its context's assertions read.
    /// </summary>
    public IReadOnlyList<Assertion> Needs { get; init; } = [];

    /// <summary>Every captured name the step uses.</summary>
    public IEnumerable<(string Name, int Offset, string Where)> References =>
        Url.References.Select(r => (r.Name, r.Offset, "url"))
            .Concat(Headers.SelectMany(h => h.Value.References.Select(r => (r.Name, r.Offset, $"headers.{h.Name}"))))
            .Concat(Body?.References.Select(r => (r.Name, r.Offset, "body")) ?? [])
            .Concat(ExpectLater.SelectMany(e => e.References.Select(r => (r.Name, r.Offset, "expect"))));
}
