namespace Serverless.Diag.Probes.Http;

/// <summary>A request that carries the <see cref="PhaseTimings"/> the shared handler's callbacks fill.</summary>
internal sealed class TimedRequest(HttpMethod method, Uri url, PhaseTimings timings) : HttpRequestMessage(method, url)
{
    public PhaseTimings Timings => timings;
}
