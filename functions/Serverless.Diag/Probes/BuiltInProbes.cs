namespace Serverless.Diag.Probes;

/// <summary>The check types the engine itself provides (BCL only). Driver packs add theirs in the host's catalogue.</summary>
public static class BuiltInProbes
{
    public static IEnumerable<IProbeFactory> Create()
    {
        // http
        yield return new PendingProbeFactory("http");

        // tcp
        yield return new PendingProbeFactory("tcp");

        // dns
        yield return new PendingProbeFactory("dns");

        // tls
        yield return new PendingProbeFactory("tls");

        // websocket
        yield return new PendingProbeFactory("websocket");

        // http-load
        yield return new PendingProbeFactory("http-load");

        // metrics
        yield return new Metrics.MetricsProbeFactory();

        // prometheus
        yield return new Prometheus.PrometheusProbeFactory();
    }
}
