namespace Serverless.Diag.Probes.Prometheus;

public enum PrometheusMode
{
    /// <summary>A PromQL instant query (<c>/api/v1/query</c>).</summary>
    Query,

    /// <summary>The scrape targets' health (<c>/api/v1/targets</c>).</summary>
    Targets,
}

/// <param name="Url">The server's base URL (a path prefix such as <c>/prometheus</c> is kept).</param>
/// <param name="Job">Targets mode: count only the targets of this job.</param>
public sealed record PrometheusSettings(Uri Url, PrometheusMode Mode, string? Query, string? Job, KeyValuePair<string, string>? Authorization)
{
    public Uri Api(string relative)
    {
        var text = Url.ToString();
        var root = text.EndsWith('/') ? Url : new Uri(text + "/");
        return new Uri(root, relative);
    }
}
