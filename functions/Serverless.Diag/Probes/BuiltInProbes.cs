namespace Serverless.Diag.Probes;

/// <summary>The check types the engine itself provides (BCL only). Driver packs add theirs in the host's catalogue.</summary>
public static class BuiltInProbes
{
    public static IEnumerable<IProbeFactory> Create()
    {
        // http
        yield return new Http.HttpProbeFactory();

        // tcp
        yield return new Tcp.TcpProbeFactory();

        // dns
        yield return new Dns.DnsProbeFactory();

        // tls
        yield return new Tls.TlsProbeFactory();

        // websocket
        yield return new WebSocket.WebSocketProbeFactory();

        // http-load
        yield return new HttpLoad.HttpLoadProbeFactory();

        // metrics
        yield return new Metrics.MetricsProbeFactory();

        // prometheus
        yield return new Prometheus.PrometheusProbeFactory();

        // flow
        yield return new Flow.FlowProbeFactory();
    }
}
